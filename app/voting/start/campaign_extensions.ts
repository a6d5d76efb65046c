import { addPublicCampaignFiller, onStageEntered } from '#campaigns/extensions'
import { isVotingOpen } from '#campaigns/campaign_service'
import { ensureRegistrarKey, registrarPublicKeyOf } from '#voting/registrar'
import { publishIssuedCounts } from '#voting/issued_counts'
import { enqueueCampaignRecord } from '#voting/campaign_record'
import { publicEncryption } from '#voting/public_encryption'
import { enqueueVotingClosed } from '#voting/voting_window'

/*
| The voting module's registrations with campaigns:
| - entering the voting stage creates the registrar key and queues the signed `campaign` tx for the
|   ledger (the voting rules the replicas enforce), both in the stage change's transaction;
| - entering results (leaving voting) queues the final `credentials-issued` record, and a
|   `voting-closed` record when the replicas' window would stay open (voting_window.ts);
| - the public campaign carries `registrarPublicKey` (made lazily while voting is open, for
|   campaigns that reached voting without the hook, e.g. the demo seed) and `encryption` (the
|   election key and padded length ballots are encrypted with; null for a campaign in clear).
*/
onStageEntered('voting', 'voting.registrar_key', async (campaign, trx) => {
  await ensureRegistrarKey(campaign, trx)
})

onStageEntered('voting', 'voting.campaign_record', async (campaign, trx) => {
  await enqueueCampaignRecord(campaign, trx)
})

// Leaving voting: the final issuance counts, in the stage change's transaction.
onStageEntered('results', 'voting.final_issued_counts', async (campaign, trx) => {
  await publishIssuedCounts(campaign.id, trx)
})

onStageEntered('results', 'voting.close_ledger_window', async (campaign, trx) => {
  await enqueueVotingClosed(campaign, trx)
})

addPublicCampaignFiller('voting.registrar_key', async (campaign, dto) => {
  const key = isVotingOpen(campaign)
    ? await ensureRegistrarKey(campaign)
    : await registrarPublicKeyOf(campaign.id)
  dto.registrarPublicKey = key?.publicKey ?? null
})

addPublicCampaignFiller('voting.encryption', async (campaign, dto) => {
  dto.encryption = await publicEncryption(campaign.id)
})
