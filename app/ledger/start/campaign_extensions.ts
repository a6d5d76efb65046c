import { onStageEntered } from '#campaigns/extensions'
import { enqueueCampaignRecord } from '#ledger/campaign_record'

/* The ledger module's registration with campaigns: entering voting queues the signed campaign tx. */
onStageEntered('voting', 'ledger.campaign_record', async (campaign, trx) => {
  await enqueueCampaignRecord(campaign, trx)
})
