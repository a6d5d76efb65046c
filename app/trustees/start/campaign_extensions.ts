import { onStageEntered } from '#campaigns/extensions'
import { holdPublicationWhen } from '#outcomes/platform/publication_gates'
import { campaignEncryption, EncryptionNotReady } from '#trustees/encryption'
import { currentPaddedLength } from '#trustees/progress'

/*
| Voting cannot open for an encrypted campaign until its key ceremony is complete, without a voting
| close time, nor when its projects no longer fit the padded length fixed at completion. Throwing rolls the stage change
| back; the admin sees the localized refusal (EncryptionNotReady.handle).
*/
onStageEntered('voting', 'trustees.ceremony_complete', async (campaign, trx) => {
  const state = await campaignEncryption(campaign.id, trx)
  if (!state.encrypted) return
  // The replicas take decryption shares only after the end of the voting window in the campaign
  // tx: an open-ended window (closing by hand) would never let the trustees decrypt.
  if (!campaign.votingClosesAt) throw new EncryptionNotReady('no_closing_time')
  if (!state.complete) throw new EncryptionNotReady('ceremony_incomplete')
  if ((await currentPaddedLength(campaign.id, trx)) > state.paddedLength) {
    throw new EncryptionNotReady('projects_changed')
  }
})

/* An encrypted campaign's outcome waits for its decryption (the combination publishes it). */
holdPublicationWhen('trustees.decryption_pending', async (campaign, trx) => {
  const state = await campaignEncryption(campaign.id, trx)
  if (!state.encrypted) return false
  const decrypted = await trx.from('campaign_decryptions').where('campaign_id', campaign.id).first()
  return !decrypted
})
