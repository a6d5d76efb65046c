import { createHmac, randomInt, timingSafeEqual } from 'node:crypto'
import { appKey } from '#config/app'

/** A uniformly random numeric code, e.g. "042917". */
export function generateCode(digits: number): string {
  return randomInt(0, 10 ** digits)
    .toString()
    .padStart(digits, '0')
}

/**
 * What we store instead of the code: HMAC-SHA256 keyed by APP_KEY over the
 * challenge id and the code, so a stored hash is useless for another
 * challenge and the 10⁶ codes cannot be tabulated without the key.
 */
export function hashCode(challengeId: string, code: string): string {
  return createHmac('sha256', appKey.release())
    .update(`civic-budget/sms-code/v1\u0000${challengeId}\u0000${code}`)
    .digest('hex')
}

export function codeMatches(challengeId: string, code: string, storedHash: string): boolean {
  const expected = Buffer.from(hashCode(challengeId, code), 'hex')
  const stored = Buffer.from(storedHash, 'hex')
  return stored.length === expected.length && timingSafeEqual(stored, expected)
}
