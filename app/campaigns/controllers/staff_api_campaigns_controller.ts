import type { HttpContext } from '@adonisjs/core/http'
import Campaign from '#campaigns/models/campaign'
import { translate } from '#campaigns/translations'
import { STAGE_DATE_FIELDS } from '#campaigns/stages'
import updateStageDates from '#campaigns/actions/update_stage_dates'
import { stageDatesValidator } from '#campaigns/validators/campaign_validators'
import { staffApiActor } from '#identity/api_tokens/staff_api_context'
import {
  type ModuleResponses,
  notFound,
  responsesFor,
  routeId,
} from '#shared/controllers/responses'

const answer: ModuleResponses = responsesFor('campaigns')
const LIST_MAX = 1000

/** What the staff API shows of a campaign: the public summary, drafts included, and its dates. */
function staffApiCampaign(campaign: Campaign, locale: string) {
  return {
    id: campaign.id,
    slug: campaign.slug,
    title: translate(campaign.title, locale),
    stage: campaign.stage,
    communityId: campaign.communityId,
    stageDates: Object.fromEntries(
      STAGE_DATE_FIELDS.map((field) => [field, campaign[field]?.toUTC().toISO() ?? null])
    ),
  }
}

/** Staff API (`/api/v1/staff/campaigns`): campaigns with `read`, stage dates with `campaigns:write`. */
export default class StaffApiCampaignsController {
  async index({ i18n }: HttpContext) {
    const campaigns = await Campaign.query()
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(LIST_MAX)
    return campaigns.map((campaign) => staffApiCampaign(campaign, i18n.locale))
  }

  async updateStageDates(ctx: HttpContext) {
    const id = routeId(ctx)
    const input = await ctx.request.validateUsing(stageDatesValidator)
    const result = await updateStageDates(staffApiActor(ctx), id, input)
    if (result.outcome === 'not_found') return notFound()
    if (result.outcome === 'invalid') return answer.failWith(ctx, result.errors)
    return staffApiCampaign(result.campaign, ctx.i18n.locale)
  }
}
