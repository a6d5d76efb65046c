import type Campaign from '#campaigns/models/campaign'
import CampaignPot from '#campaigns/models/campaign_pot'
import { publicCampaignDto } from '#campaigns/dto'
import { fillPublicCampaign } from '#campaigns/extensions'

/**
 * protocol.md "The public campaign", complete: pots and rules from here, the parts other modules
 * register (registrar key, projects on the ballot). Served by the API and given to the voting page,
 * so the page checks ballots against exactly what the server checks.
 */
export async function publicCampaign(campaign: Campaign, locale: string) {
  const pots = await CampaignPot.query()
    .where('campaignId', campaign.id)
    .orderBy('position')
    .orderBy('id')
  const dto = publicCampaignDto(campaign, pots, locale)
  await fillPublicCampaign(campaign, dto)
  return dto
}
