import type { HttpContext } from '@adonisjs/core/http'
import Community from '#communities/models/community'
import CampaignPot from '#campaigns/models/campaign_pot'
import CampaignCategory from '#campaigns/models/campaign_category'
import savePot from '#campaigns/actions/save_pot'
import removePot from '#campaigns/actions/remove_pot'
import { potValidator } from '#campaigns/validators/pot_validators'
import { campaignFormDto, categoryDto, potFormDto } from '#campaigns/dto'
import { subtreeIds } from '#communities/community_tree'
import { authorizedCampaign, canManage } from '#campaigns/controllers/lookups'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  routeId,
  staffActor,
} from '#shared/controllers/responses'

const answer: ModuleResponses = responsesFor('campaigns')

/** Wizard step 2: pots (budget shares) with their ballot rules, and categories. */
export default class StaffPotsController {
  async index(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'view')
    const pots = await CampaignPot.query()
      .where('campaignId', campaign.id)
      .orderBy('position')
      .orderBy('id')
    const categories = await CampaignCategory.query()
      .where('campaignId', campaign.id)
      .orderBy('position')
    const districtIds = await subtreeIds(campaign.communityId)
    const districts = await Community.query()
      .whereIn(
        'id',
        districtIds.filter((id) => id !== campaign.communityId)
      )
      .orderBy('name')
      .limit(1000)
    const allocated = pots.reduce((sum, pot) => sum + pot.budget, 0)
    return ctx.inertia.render('staff/campaigns/pots', {
      campaign: campaignFormDto(campaign),
      pots: pots.map(potFormDto),
      categories: categories.map((category) => categoryDto(category, ctx.i18n.locale)),
      districts: districts.map((district) => ({ id: district.id, name: district.name })),
      allocated,
      canManage: await canManage(ctx, campaign),
    })
  }

  async store(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const input = await ctx.request.validateUsing(potValidator)
    const result = await savePot(staffActor(ctx), campaign.id, null, input)
    return respond(ctx, result, 'pot_added')
  }

  async update(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const input = await ctx.request.validateUsing(potValidator)
    const result = await savePot(staffActor(ctx), campaign.id, routeId(ctx, 'potId'), input)
    return respond(ctx, result, 'pot_saved')
  }

  async destroy(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const result = await removePot(staffActor(ctx), campaign.id, routeId(ctx, 'potId'))
    if (result.outcome === 'not_found') notFound()
    if (result.outcome === 'ok') return answer.backWith(ctx, 'pot_removed')
    return answer.refuse(ctx, result.outcome)
  }
}

function respond(
  ctx: HttpContext,
  result: Awaited<ReturnType<typeof savePot>>,
  successKey: string
) {
  switch (result.outcome) {
    case 'ok':
      return answer.backWith(ctx, successKey)
    case 'invalid':
      return answer.failWith(ctx, result.errors)
    case 'locked':
      return answer.refuse(ctx, 'locked')
    case 'not_found':
      return notFound()
  }
}
