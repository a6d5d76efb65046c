import { onStageEntered } from '#campaigns/extensions'
import { publishOnResults } from '#outcomes/platform/campaign_outcome'

/* The outcomes module's registration with campaigns: entering results runs the campaign's rule. */
onStageEntered('results', 'outcomes.publish', async (campaign, trx) => {
  await publishOnResults(campaign, trx)
})
