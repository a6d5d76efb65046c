import { addPublicCampaignFiller, onStageEntered } from '#campaigns/extensions'
import { isVotingOpen } from '#campaigns/campaign_service'
import { ensureRegistrarKey, registrarPublicKeyOf } from '#voting/registrar'

/*
| The voting module's registrations with campaigns:
| - entering the voting stage creates the registrar key (in the stage change's transaction);
| - the public campaign carries `registrarPublicKey` (made lazily while voting is open, for
|   campaigns that reached voting without the hook, e.g. the demo seed).
*/
onStageEntered('voting', 'voting.registrar_key', async (campaign, trx) => {
  await ensureRegistrarKey(campaign, trx)
})

addPublicCampaignFiller('voting.registrar_key', async (campaign, dto) => {
  const key = isVotingOpen(campaign)
    ? await ensureRegistrarKey(campaign)
    : await registrarPublicKeyOf(campaign.id)
  dto.registrarPublicKey = key?.publicKey ?? null
})
