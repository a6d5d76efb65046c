/*
| Preload (web server only, never in tests or ace commands): deletes old sign-in challenges and
| expired rate-limit rows every minute (`#identity/services/prune_sign_in_data`), so the privacy
| notice's "within a day" holds without anyone having to set up cron; then forgets the sign-in
| order of the resident tables that changed (`#identity/sign_in_order`).
*/
import { every, inWebServer } from '#shared/interval_job'

const PRUNE_INTERVAL_MS = 60_000

if (inWebServer()) {
  const { pruneSignInData } = await import('#identity/services/prune_sign_in_data')
  const { forgetSignInOrder } = await import('#identity/sign_in_order')
  const tick = async () => {
    await pruneSignInData()
    await forgetSignInOrder()
  }
  every(PRUNE_INTERVAL_MS, 'sign-in data retention job', tick, { firstAfterMs: 5_000 })
}
