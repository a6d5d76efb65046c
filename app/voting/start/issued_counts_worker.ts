/*
| Preload (web server only, never in tests or ace commands): every `issuedCounts.intervalMs` (5 min)
| queues a `credentials-issued` record for each campaign in voting whose counts changed. The ledger
| outbox worker submits it. `node ace voting:publish-counts` does one pass by hand or from cron;
| leaving voting publishes once more (stage hook in start/campaign_extensions.ts).
*/
import logger from '@adonisjs/core/services/logger'
import votingConfig from '#config/voting'
import { every, inWebServer } from '#shared/interval_job'

if (inWebServer()) {
  const { publishVotingCounts } = await import('#voting/issued_counts')
  every(votingConfig.issuedCounts.intervalMs, 'issued counts worker', async () => {
    const outcomes = await publishVotingCounts()
    const queued = Object.entries(outcomes).filter(([, o]) => o === 'queued')
    if (queued.length > 0)
      logger.info({ campaigns: queued.map(([id]) => id) }, 'issued counts queued')
  })
}
