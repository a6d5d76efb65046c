/*
| Preload (web server only, never in tests or ace commands): deletes old sign-in challenges and
| expired rate-limit rows every minute (`#identity/services/prune_sign_in_data`), so the privacy
| notice's "within a day" holds without anyone having to set up cron.
*/
import { every, inWebServer } from '#shared/interval_job'

const PRUNE_INTERVAL_MS = 60_000

if (inWebServer()) {
  const { pruneSignInData } = await import('#identity/services/prune_sign_in_data')
  every(PRUNE_INTERVAL_MS, 'sign-in data retention job', pruneSignInData, { firstAfterMs: 5_000 })
}
