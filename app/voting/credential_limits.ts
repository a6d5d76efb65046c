import db from '@adonisjs/lucid/services/db'
import votingConfig from '#config/voting'
import { rateLimitKey } from '#shared/rate_limit_keys'

/*
| The resident credential limits count per clock hour (a fixed window ending at the next full
| hour) instead of the limiter's sliding window: its row's expiry would be the exact time of the
| first request plus the window, which sits next to a credential issuance and could be matched
| with a ballot's block time. Here the row (table `rate_limits`, keyed hash, same format as the
| limiter store, purged by the same job) only says "some request in this hour", no more than the
| hour-truncated `credential_issuances.issued_at` does.
*/
const HOUR_MS = 60 * 60 * 1000

type ResidentLimit = 'perResidentHour' | 'perIpHour'

export type HourlyLimitAnswer = { allowed: true } | { allowed: false; retryAfterSeconds: number }

/** Counts one request against the limit; refused once the hour's count is above it. */
async function consume(limit: ResidentLimit, key: string, nowMs: number) {
  const windowEnd = Math.floor(nowMs / HOUR_MS) * HOUR_MS + HOUR_MS
  const result = await db.rawQuery(
    `INSERT INTO rate_limits (key, points, expire) VALUES (?, 1, ?)
     ON CONFLICT (key) DO UPDATE SET
       points = CASE WHEN rate_limits.expire <= ? THEN 1 ELSE rate_limits.points + 1 END,
       expire = CASE WHEN rate_limits.expire <= ? THEN EXCLUDED.expire ELSE rate_limits.expire END
     RETURNING points, expire`,
    [key, windowEnd, nowMs, nowMs]
  )
  const row = result.rows[0] as { points: number; expire: string }
  if (row.points <= votingConfig.credential.limits[limit].requests) return null
  return Math.max(1, Math.ceil((Number(row.expire) - nowMs) / 1000))
}

/** The per-IP and per-resident limits of a resident's credential request. */
export async function residentCredentialLimits(
  residentId: number,
  ip: string,
  nowMs: number = Date.now()
): Promise<HourlyLimitAnswer> {
  const checks: [ResidentLimit, string][] = [
    ['perIpHour', rateLimitKey('credential:ip', ip)],
    ['perResidentHour', rateLimitKey('credential:resident', String(residentId))],
  ]
  for (const [limit, key] of checks) {
    const retryAfterSeconds = await consume(limit, key, nowMs)
    if (retryAfterSeconds !== null) return { allowed: false, retryAfterSeconds }
  }
  return { allowed: true }
}
