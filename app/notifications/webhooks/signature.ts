/*
| The webhook signature (docs/webhooks.md): `X-CivicBudget-Signature: t=<unix seconds>,v1=<hex>`
| where hex = HMAC-SHA256(secret, "<t>.<raw body>"). The timestamp inside the MAC lets a
| receiver refuse replays older than a few minutes; comparing in constant time keeps the MAC from
| being guessed byte by byte.
*/
import { createHmac, timingSafeEqual } from 'node:crypto'

export const SIGNATURE_HEADER = 'X-CivicBudget-Signature'

export function signatureOf(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')
  return `t=${timestampSeconds},v1=${mac}`
}

/** What a receiver does (also used by the tests): the header's MAC over its timestamp and body. */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {}
): boolean {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '')
  if (!match) return false
  const timestamp = Number(match[1])
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000)
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false
  const expected = Buffer.from(signatureOf(secret, timestamp, body).slice(-64), 'hex')
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex'))
}
