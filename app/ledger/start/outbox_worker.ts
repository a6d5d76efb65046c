/*
| Preload (web server only, never in tests or ace commands): flushes the ledger outbox every
| `outbox.intervalMs`. `node ace ledger:flush` does one pass from cron or by hand; both may run at once
| (rows are claimed with SKIP LOCKED and a lease).
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'

if (!app.inTest && app.getEnvironment() === 'web') {
  const { flushOutbox } = await import('#ledger/outbox/outbox')
  const { ledgerClient, ledgerSettings } = await import('#ledger/ledger')
  if (!ledgerClient().configured) {
    logger.warn('LEDGER_REPLICAS is not set: ledger records stay queued in ledger_outbox')
  }
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      const summary = await flushOutbox()
      if (summary.committed + summary.rejected > 0) logger.info(summary, 'ledger outbox pass')
    } catch (error) {
      logger.error({ err: error }, 'ledger outbox worker failed')
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => void tick(), ledgerSettings().outbox.intervalMs)
  timer.unref()
  app.terminating(() => clearInterval(timer))
}
