import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { purgeExpiredRateLimits } from '#shared/rate_limit_purge'

/*
| What the privacy notice promises for sign-in data ("Codes: … deleted within a day …; request
| counters: at most one day", resources/lang/<locale>/identity.json `privacy.retention`): SMS
| challenges go a day after they were made; rate-limit rows (SMS counters, whose longest window is
| a day, and every other limiter row) go as soon as their window is over. Run every minute by the
| web server (`#identity/start/retention_scheduler`).
*/
export const CHALLENGE_RETENTION_HOURS = 24

export async function pruneSignInData(now: DateTime = DateTime.now()) {
  const challenges = await db.rawQuery('DELETE FROM sms_challenges WHERE created_at < ?', [
    now.minus({ hours: CHALLENGE_RETENTION_HOURS }).toJSDate(),
  ])
  const rateLimits = await purgeExpiredRateLimits(now.toMillis())
  return { challenges: challenges.rowCount ?? 0, rateLimits }
}
