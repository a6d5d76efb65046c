import { onStageEntered } from '#campaigns/extensions'
import { holdPublicationWhen } from '#outcomes/platform/publication_gates'
import { campaignEncryption, EncryptionNotReady } from '#trustees/encryption'
import { currentPaddedLength } from '#trustees/progress'

/*
| Voting cannot open for an encrypted campaign until its key ceremony is complete, nor when its
| projects no longer fit the padded length fixed at completion. Throwing rolls the stage change
| back; the admin sees the localized refusal (EncryptionNotReady.handle). A campaign closed by hand
| ends the replicas' window with a `voting-closed` record (voting's stage hook), after which the
| trustees may decrypt.
*/
onStageEntered('voting', 'trustees.ceremony_complete', async (campaign, trx) => {
  const state = await campaignEncryption(campaign.id, trx)
  if (!state.encrypted) return
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
