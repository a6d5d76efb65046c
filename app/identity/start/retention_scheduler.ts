/*
| Preload (web server only, never in tests or ace commands): deletes old sign-in challenges and
| expired rate-limit rows every minute (`#identity/services/prune_sign_in_data`), so the privacy
| notice's "within a day" holds without anyone having to set up cron; then forgets the sign-in
| order of the resident tables that changed (`#identity/sign_in_order`).
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'

const PRUNE_INTERVAL_MS = 60_000

if (!app.inTest && app.getEnvironment() === 'web') {
  const { pruneSignInData } = await import('#identity/services/prune_sign_in_data')
  const { forgetSignInOrder } = await import('#identity/sign_in_order')
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      await pruneSignInData()
      await forgetSignInOrder()
    } catch (error) {
      logger.error({ err: error }, 'sign-in data retention job failed')
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => void tick(), PRUNE_INTERVAL_MS)
  timer.unref()
  app.terminating(() => clearInterval(timer))
  setTimeout(() => void tick(), 5_000).unref()
}
