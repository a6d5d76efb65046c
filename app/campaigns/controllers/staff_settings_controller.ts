import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import updateEligibility from '#campaigns/actions/update_eligibility'
import updateOutcome from '#campaigns/actions/update_outcome'
import { eligibilityValidator, outcomeValidator } from '#campaigns/validators/settings_validators'
import { campaignFormDto } from '#campaigns/dto'
import { authorizedCampaign, canManage } from '#campaigns/controllers/lookups'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  staffActor,
} from '#shared/controllers/responses'

const answer: ModuleResponses = responsesFor('campaigns')

/** Wizard step 3: eligibility (with the census register) and the outcome rule. */
export default class StaffSettingsController {
  async show(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'view')
    const census = await db
      .from('campaign_census_entries')
      .where('campaign_id', campaign.id)
      .select('kind')
      .count('* as total')
      .groupBy('kind')
    return ctx.inertia.render('staff/campaigns/settings', {
      campaign: campaignFormDto(campaign),
      census: Object.fromEntries(
        census.map((row: { kind: string; total: string }) => [row.kind, Number(row.total)])
      ),
      canManage: await canManage(ctx, campaign),
    })
  }

  async updateEligibility(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const input = await ctx.request.validateUsing(eligibilityValidator)
    const result = await updateEligibility(staffActor(ctx), campaign.id, input)
    if (result.outcome === 'not_found') notFound()
    if (result.outcome === 'locked') return answer.refuse(ctx, 'locked')
    return answer.backWith(ctx, 'saved')
  }

  async updateOutcome(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const input = await ctx.request.validateUsing(outcomeValidator)
    const result = await updateOutcome(staffActor(ctx), campaign.id, input)
    if (result.outcome === 'not_found') notFound()
    if (result.outcome === 'locked') return answer.refuse(ctx, 'locked')
    return answer.backWith(ctx, 'saved')
  }
}
