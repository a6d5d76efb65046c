import type { HttpContext } from '@adonisjs/core/http'
import Campaign from '#campaigns/models/campaign'
import { findPublicByRef } from '#campaigns/campaign_service'
import { translate } from '#campaigns/translations'
import { ApiError } from '#shared/api_error'
import { publicCampaign } from '#campaigns/public_campaign'

/** Public read-only JSON (protocol.md): campaigns and one campaign with its pots and rules. */
export default class ApiCampaignsController {
  async index({ i18n }: HttpContext) {
    const campaigns = await Campaign.query()
      .whereNot('stage', 'drafting')
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(1000)
    return campaigns.map((campaign) => ({
      id: campaign.id,
      slug: campaign.slug,
      title: translate(campaign.title, i18n.locale),
      stage: campaign.stage,
      communityId: campaign.communityId,
    }))
  }

  /** GET /api/v1/campaigns/:ref — by id or by slug. */
  async show({ params, i18n }: HttpContext) {
    const campaign = await findPublicByRef(String(params.id))
    if (!campaign) {
      throw new ApiError(404, 'not_found', i18n.t('errors.not_found', {}, 'Not found'))
    }
    return publicCampaign(campaign, i18n.locale)
  }
}
