import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import Campaign from '#campaigns/models/campaign'
import Community from '#communities/models/community'
import CampaignPot from '#campaigns/models/campaign_pot'
import CampaignCategory from '#campaigns/models/campaign_category'
import CampaignStageChange from '#campaigns/models/campaign_stage_change'
import createCampaign from '#campaigns/actions/create_campaign'
import updateCampaignBasics from '#campaigns/actions/update_campaign_basics'
import { visibleCommunityIds } from '#campaigns/policies/campaign_policy'
import {
  campaignFiltersValidator,
  createCampaignValidator,
  updateCampaignBasicsValidator,
} from '#campaigns/validators/campaign_validators'
import {
  campaignFormDto,
  campaignSummaryDto,
  categoryDto,
  potFormDto,
  stageChangeDto,
  timeline,
} from '#campaigns/dto'
import { STAGES, transitionKind } from '#campaigns/stages'
import { authorizedCampaign, canManage } from '#campaigns/controllers/lookups'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  staffActor,
} from '#shared/controllers/responses'

const answer: ModuleResponses = responsesFor('campaigns')

const PER_PAGE = 20

/** Staff screens of campaigns: list, wizard step 1 (create), basics, review & stage control. */
export default class StaffCampaignsController {
  async index(ctx: HttpContext) {
    const { bouncer, request, inertia, i18n, auth } = ctx
    await bouncer.with('campaign').authorize('viewList')
    // A hand-edited query string falls back to no filters rather than an error page.
    const [invalidFilters, validFilters] = await campaignFiltersValidator.tryValidate(request.qs())
    const filters = invalidFilters ? {} : validFilters
    const visible = await visibleCommunityIds(auth.use('staff').user!)
    const query = Campaign.query().orderBy('createdAt', 'desc').orderBy('id', 'desc')
    if (visible !== 'all') query.whereIn('communityId', visible.length ? visible : [0])
    if (filters.stage) query.where('stage', filters.stage)
    if (filters.communityId) query.where('communityId', filters.communityId)
    if (filters.search) {
      const like = `%${filters.search.replace(/[%_\\]/g, (char) => `\\${char}`)}%`
      query.where((inner) => {
        inner.whereILike('slug', like).orWhereRaw('title::text ILIKE ?', [like])
      })
    }
    const page = await query.paginate(filters.page ?? 1, PER_PAGE)
    return inertia.render('staff/campaigns/index', {
      campaigns: page.all().map((campaign) => campaignSummaryDto(campaign, i18n.locale)),
      pagination: {
        page: page.currentPage,
        lastPage: page.lastPage,
        total: page.total,
      },
      filters: {
        stage: filters.stage ?? null,
        communityId: filters.communityId ?? null,
        search: filters.search ?? '',
      },
      stages: STAGES,
      communities: await communityOptions(visible),
      canCreate: await bouncer.with('campaign').allows('create'),
    })
  }

  async create(ctx: HttpContext) {
    await ctx.bouncer.with('campaign').authorize('create')
    const adminScope = await visibleCommunityIds(ctx.auth.use('staff').user!, ['admin'])
    return ctx.inertia.render('staff/campaigns/create', {
      communities: await communityOptions(adminScope),
    })
  }

  async store(ctx: HttpContext) {
    const { bouncer, request, response, session, i18n } = ctx
    await bouncer.with('campaign').authorize('create')
    const input = await request.validateUsing(createCampaignValidator)
    await bouncer.with('campaign').authorize('createIn', input.communityId)
    const result = await createCampaign(staffActor(ctx), input)
    if (result.outcome === 'invalid') answer.failWith(ctx, result.errors)
    session.flash('success', i18n.t('campaigns.flash.created'))
    return response.redirect().toRoute('staff.campaigns.pots', { id: result.campaign.id })
  }

  async edit(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'view')
    return ctx.inertia.render('staff/campaigns/edit', {
      campaign: campaignFormDto(campaign),
      canManage: await canManage(ctx, campaign),
    })
  }

  async update(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const input = await ctx.request.validateUsing(updateCampaignBasicsValidator)
    const result = await updateCampaignBasics(staffActor(ctx), campaign.id, input)
    if (result.outcome === 'not_found') notFound()
    if (result.outcome === 'invalid') answer.failWith(ctx, result.errors)
    ctx.session.flash('success', ctx.i18n.t('campaigns.flash.saved'))
    return ctx.response.redirect().toRoute('staff.campaigns.edit', { id: campaign.id })
  }

  /** Wizard's last step and the stage control: everything at a glance, the timeline, the moves. */
  async review(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'view')
    const pots = await CampaignPot.query()
      .where('campaignId', campaign.id)
      .orderBy('position')
      .orderBy('id')
    const categories = await CampaignCategory.query()
      .where('campaignId', campaign.id)
      .orderBy('position')
    const changes = await CampaignStageChange.query()
      .where('campaignId', campaign.id)
      .orderBy('changedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(100)
    const census = await db
      .from('campaign_census_entries')
      .where('campaign_id', campaign.id)
      .count('* as total')
    const community = await Community.find(campaign.communityId)
    return ctx.inertia.render('staff/campaigns/review', {
      campaign: campaignFormDto(campaign),
      community: community ? { id: community.id, name: community.name } : null,
      pots: pots.map(potFormDto),
      categories: categories.map((category) => categoryDto(category, ctx.i18n.locale)),
      timeline: timeline(campaign),
      changes: changes.map(stageChangeDto),
      censusCount: Number(census[0]?.total ?? 0),
      moves: STAGES.filter((stage) => transitionKind(campaign.stage, stage) !== null).map(
        (stage) => ({ to: stage, kind: transitionKind(campaign.stage, stage)! })
      ),
      canManage: await canManage(ctx, campaign),
    })
  }
}

/** Communities offered in selects: the member's subtree (all for unscoped grants). */
async function communityOptions(ids: number[] | 'all') {
  const query = Community.query().orderBy('kind').orderBy('name').limit(1000)
  if (ids !== 'all') query.whereIn('id', ids.length ? ids : [0])
  const communities = await query
  return communities.map((community) => ({
    id: community.id,
    name: community.name,
    kind: community.kind,
    parentId: community.parentId,
  }))
}
