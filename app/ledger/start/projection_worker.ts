/*
| Preload (web server only, never in tests or ace commands): projects newly committed blocks into
| the read models every `projection.intervalMs`, when replicas are configured. `node ace
| ledger:project` does the same from cron or by hand; both may run at once (the state row is
| locked and compared, see projector.ts).
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'

if (!app.inTest && app.getEnvironment() === 'web') {
  const { ledgerClient, ledgerSettings } = await import('#ledger/ledger')
  if (ledgerClient().configured) {
    const { projectBlocks } = await import('#ledger/projection/projector')
    let running = false
    let lastRefusal = ''
    let lastError = ''
    const tick = async () => {
      if (running) return
      running = true
      try {
        const pass = await projectBlocks({ batchSize: ledgerSettings().projection.batchSize })
        if (pass.blocks > 0) logger.info(pass, 'ledger projection pass')
        const bad = pass.refused.filter((r) => r.reason !== 'unavailable')
        const summary = JSON.stringify(bad)
        if (bad.length > 0 && summary !== lastRefusal) {
          logger.warn(
            { refused: bad },
            'ledger projection: a replica served blocks that do not verify'
          )
        }
        lastRefusal = summary
        lastError = ''
      } catch (error) {
        // Once per distinct failure (e.g. no genesis while the replicas are down), not every second.
        const message = (error as Error).message
        if (message !== lastError) logger.error({ err: error }, 'ledger projection failed')
        lastError = message
      } finally {
        running = false
      }
    }
    const timer = setInterval(() => void tick(), ledgerSettings().projection.intervalMs)
    timer.unref()
    app.terminating(() => clearInterval(timer))
  }
}
