import type { HttpContext } from '@adonisjs/core/http'
import Campaign from '#campaigns/models/campaign'
import Community from '#communities/models/community'
import type Resident from '#identity/models/resident'
import {
  categoriesOf,
  findPublicBySlug,
  isEligible,
  potsWithRules,
} from '#campaigns/campaign_service'
import { campaignSummaryDto, iso, timeline } from '#campaigns/dto'
import { translate } from '#campaigns/translations'
import { notFound } from '#shared/controllers/responses'

/** Residents' pages: open campaigns, and one campaign with its timeline, budget and pots. */
export default class PublicCampaignsController {
  async index({ inertia, i18n }: HttpContext) {
    const campaigns = await Campaign.query()
      .whereNot('stage', 'drafting')
      .orderByRaw(`CASE WHEN stage = 'finished' THEN 1 ELSE 0 END`)
      .orderBy('createdAt', 'desc')
      .limit(100)
    return inertia.render('campaigns/index', {
      campaigns: campaigns.map((campaign) => ({
        ...campaignSummaryDto(campaign, i18n.locale),
        description: translate(campaign.description, i18n.locale),
      })),
    })
  }

  async show(ctx: HttpContext) {
    const { inertia, i18n, params, auth } = ctx
    const campaign = await findPublicBySlug(String(params.slug))
    if (!campaign) notFound()
    const resident = (await auth.use('resident').check())
      ? (auth.use('resident').user as Resident)
      : null
    // One query at a time: a request's queries may share one connection.
    const pots = await potsWithRules(campaign)
    const categories = await categoriesOf(campaign)
    const community = await Community.find(campaign.communityId)
    const eligibility = resident ? await isEligible(resident, campaign) : null
    return inertia.render('campaigns/show', {
      campaign: {
        ...campaignSummaryDto(campaign, i18n.locale),
        description: translate(campaign.description, i18n.locale),
        community: community?.name ?? null,
        eligibilityMode: campaign.eligibilityMode,
        minAge: campaign.minAge,
        liveResultsPublic: campaign.liveResultsPublic,
        supportThreshold: campaign.supportThreshold,
        updatedAt: iso(campaign.updatedAt),
      },
      timeline: timeline(campaign),
      pots: pots.map((pot) => ({
        id: pot.id,
        name: translate(pot.name, i18n.locale),
        budget: pot.budget,
        kind: pot.kind,
        rule: pot.rule,
      })),
      categories: categories.map((category) => ({
        id: category.id,
        name: translate(category.name, i18n.locale),
      })),
      // Page-level hint only; the credential endpoint decides (with the age confirmation).
      eligibility: eligibility
        ? eligibility.eligible || eligibility.reason === 'age_unconfirmed'
          ? 'eligible'
          : eligibility.reason
        : 'not_signed_in',
    })
  }
}
