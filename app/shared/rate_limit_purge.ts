import db from '@adonisjs/lucid/services/db'

/**
 * Deletes the rate-limit rows whose window is over (`rate_limits.expire`, ms since the epoch).
 * The limiter treats such a row as absent anyway; deleting it keeps counters of people who
 * stopped asking from staying in the database. Returns how many rows went.
 */
export async function purgeExpiredRateLimits(nowMs: number = Date.now()): Promise<number> {
  const result = await db.rawQuery('DELETE FROM rate_limits WHERE expire <= ?', [nowMs])
  return result.rowCount ?? 0
}
