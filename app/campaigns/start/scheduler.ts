/*
| Preload (web server only, never in tests or ace commands): checks stage dates
| every minute in-process. The ace command `campaigns:advance-stages` does the
| same from cron; both may run at once (moves are made under the campaign's row lock).
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'

const CHECK_INTERVAL_MS = 60_000

if (!app.inTest && app.getEnvironment() === 'web') {
  const { advanceDueCampaigns } = await import('#campaigns/services/stage_scheduler')
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      const moves = await advanceDueCampaigns()
      for (const move of moves) {
        logger.info({ campaignId: move.campaignId }, `campaign stage ${move.from} → ${move.to}`)
      }
    } catch (error) {
      logger.error({ err: error }, 'campaign stage scheduler failed')
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => void tick(), CHECK_INTERVAL_MS)
  timer.unref()
  app.terminating(() => clearInterval(timer))
  setTimeout(() => void tick(), 5_000).unref()
}
