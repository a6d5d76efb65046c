/*
| Preload (web server only, never in tests or ace commands): checks stage dates
| every minute in-process. The ace command `campaigns:advance-stages` does the
| same from cron; both may run at once (moves are made under the campaign's row lock).
*/
import logger from '@adonisjs/core/services/logger'
import { every, inWebServer } from '#shared/interval_job'

const CHECK_INTERVAL_MS = 60_000

if (inWebServer()) {
  const { advanceDueCampaigns } = await import('#campaigns/services/stage_scheduler')
  every(
    CHECK_INTERVAL_MS,
    'campaign stage scheduler',
    async () => {
      const moves = await advanceDueCampaigns()
      for (const move of moves) {
        logger.info({ campaignId: move.campaignId }, `campaign stage ${move.from} → ${move.to}`)
      }
    },
    { firstAfterMs: 5_000 }
  )
}
