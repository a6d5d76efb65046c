/*
| Preload (web server only): deletes expired rows of the database session store every hour
| (the store itself also does so on 2 % of writes, so an idle site would otherwise keep them).
*/
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import logger from '@adonisjs/core/services/logger'

const PURGE_INTERVAL_MS = 60 * 60_000

if (
  !app.inTest &&
  app.getEnvironment() === 'web' &&
  env.get('SESSION_DRIVER', 'database') === 'database'
) {
  const { purgeExpiredSessions } = await import('#identity/sessions/staff_sessions')
  const purge = () =>
    purgeExpiredSessions().catch((error) => logger.error({ err: error }, 'session purge failed'))
  const timer = setInterval(() => void purge(), PURGE_INTERVAL_MS)
  timer.unref()
  app.terminating(() => clearInterval(timer))
  setTimeout(() => void purge(), 10_000).unref()
}
