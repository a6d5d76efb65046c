/*
| Preload (web server only): on boot, campaigns with pending ballots get their actors back, which
| rebuild from PostgreSQL and follow those ballots to the ledger's verdict (resubmitting the ones
| no replica knows). On shutdown the actors and the verify pool stop.
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'

if (!app.inTest && app.getEnvironment() === 'web') {
  const { resetIntake, resumePendingBallots } = await import('#voting/intake/intake')
  app.ready(async () => {
    try {
      const campaigns = await resumePendingBallots()
      if (campaigns > 0) logger.info({ campaigns }, 'ballot intake: following pending ballots')
    } catch (error) {
      logger.error({ err: error }, 'ballot intake: could not resume pending ballots')
    }
  })
  app.terminating(() => resetIntake())
}
