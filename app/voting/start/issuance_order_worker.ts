/*
| Preload (web server only, never in tests or ace commands): every `issuanceOrder.intervalMs` (1 min)
| rewrites `credential_issuances` in random order when rows were added (`#voting/issuance_order`), so
| the table's physical order keeps the order of at most the last minute's issuances.
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import votingConfig from '#config/voting'

if (!app.inTest && app.getEnvironment() === 'web') {
  const { forgetIssuanceOrder } = await import('#voting/issuance_order')
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      await forgetIssuanceOrder()
    } catch (error) {
      logger.error({ err: error }, 'issuance order worker failed')
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => void tick(), votingConfig.issuanceOrder.intervalMs)
  timer.unref()
  app.terminating(() => clearInterval(timer))
}
