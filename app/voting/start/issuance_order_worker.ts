/*
| Preload (web server only, never in tests or ace commands): every `issuanceOrder.intervalMs` (1 min)
| rewrites `credential_issuances` in random order when rows were added (`#voting/issuance_order`), so
| the table's physical order keeps the order of at most the last minute's issuances.
*/
import votingConfig from '#config/voting'
import { every, inWebServer } from '#shared/interval_job'

if (inWebServer()) {
  const { forgetIssuanceOrder } = await import('#voting/issuance_order')
  every(votingConfig.issuanceOrder.intervalMs, 'issuance order worker', forgetIssuanceOrder)
}
