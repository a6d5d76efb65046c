/*
| The webhook worker: claims due deliveries, POSTs each, records the answer.
|
| Invariants:
| - a delivery is claimed with a lease (`lease_until`) under `FOR UPDATE SKIP LOCKED`: two workers
|   (two app nodes, or a restarted one) never post the same row at once; a crashed worker's claim
|   expires and the row is posted again (at least once — receivers de-duplicate by the
|   `X-CivicBudget-Delivery` id, docs/webhooks.md);
| - a `delivered` or `failed` row is never posted again; a worker whose lease ran out does not
|   overwrite the row (its update matches the lease it set);
| - every attempt is bounded: `timeoutMs`, no redirects, at most `attemptsMax` attempts, the
|   backoff doubles from `backoffBaseMs` up to `backoffMaxMs` with up to 20 % random jitter.
*/
import db from '@adonisjs/lucid/services/db'
import notificationsConfig from '#config/notifications'
import { secretOf } from '#notifications/webhooks/endpoints'
import { SIGNATURE_HEADER, signatureOf } from '#notifications/webhooks/signature'

const ERROR_LENGTH_MAX = 500

interface Claimed {
  id: number
  endpoint_id: number
  event_type: string
  payload: unknown
  attempts: number
  url: string
}

/** Wait before the attempt after `attempts` failed ones: exponential, capped, with jitter. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const { backoffBaseMs, backoffMaxMs } = notificationsConfig.webhooks
  const exponential = Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.max(0, attempts - 1))
  return Math.round(exponential * (1 + 0.2 * random()))
}

async function claimDue(now: Date, limit: number, leaseUntil: Date): Promise<Claimed[]> {
  const result = await db.rawQuery(
    `UPDATE webhook_deliveries d
        SET lease_until = ?, attempts = d.attempts + 1
       FROM webhook_endpoints e
      WHERE e.id = d.endpoint_id
        AND d.id IN (SELECT id FROM webhook_deliveries
                      WHERE status = 'pending' AND next_attempt_at <= ?
                        AND (lease_until IS NULL OR lease_until <= ?)
                      ORDER BY next_attempt_at, id
                      LIMIT ? FOR UPDATE SKIP LOCKED)
  RETURNING d.id, d.endpoint_id, d.event_type, d.payload, d.attempts, e.url`,
    [leaseUntil, now, now, limit]
  )
  // UPDATE … RETURNING has no order: post in the order the events happened.
  return (result.rows as Claimed[]).sort((a, b) => Number(a.id) - Number(b.id))
}

interface AttemptResult {
  ok: boolean
  statusCode: number | null
  error: string | null
}

async function post(delivery: Claimed, secret: string, now: Date): Promise<AttemptResult> {
  const body = JSON.stringify(delivery.payload)
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(notificationsConfig.webhooks.timeoutMs),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'CivicBudget-Webhooks/1',
        'X-CivicBudget-Event': delivery.event_type,
        'X-CivicBudget-Delivery': String(delivery.id),
        [SIGNATURE_HEADER]: signatureOf(secret, Math.floor(now.getTime() / 1000), body),
      },
      body,
    })
    await response.body?.cancel()
    const ok = response.status >= 200 && response.status < 300
    return { ok, statusCode: response.status, error: ok ? null : `HTTP ${response.status}` }
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    return { ok: false, statusCode: null, error: message.slice(0, ERROR_LENGTH_MAX) }
  }
}

async function record(delivery: Claimed, leaseUntil: Date, result: AttemptResult, now: Date) {
  const { attemptsMax } = notificationsConfig.webhooks
  const base = {
    lease_until: null,
    last_status_code: result.statusCode,
    last_error: result.error,
  }
  const change = result.ok
    ? { ...base, status: 'delivered', delivered_at: now }
    : delivery.attempts >= attemptsMax
      ? { ...base, status: 'failed' }
      : { ...base, next_attempt_at: new Date(now.getTime() + backoffMs(delivery.attempts)) }
  await db
    .from('webhook_deliveries')
    .where('id', delivery.id)
    .where('lease_until', leaseUntil)
    .update(change)
}

/** One worker pass: posts every due delivery it can claim; returns how many it attempted. */
export async function deliverDueWebhooks(now: Date = new Date()): Promise<number> {
  const { batchMax, leaseMs } = notificationsConfig.webhooks
  const leaseUntil = new Date(now.getTime() + leaseMs)
  const claimed = await claimDue(now, batchMax, leaseUntil)
  for (const delivery of claimed) {
    const secret = await secretOf(delivery.endpoint_id)
    if (secret === null) continue
    const result = await post(delivery, secret, new Date())
    await record(delivery, leaseUntil, result, new Date())
  }
  return claimed.length
}
