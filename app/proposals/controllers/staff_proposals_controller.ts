import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { findPublic, translate } from '#campaigns/campaign_service'
import type Campaign from '#campaigns/models/campaign'

export function staffCampaignDto(ctx: HttpContext, campaign: Campaign) {
  return {
    id: campaign.id,
    title: translate(campaign.title, ctx.i18n.locale),
    stage: campaign.stage,
    currency: campaign.currency,
    communityId: campaign.communityId,
    supportThreshold: campaign.supportThreshold,
  }
}

/** The staff entry to the proposals module: campaigns with ideas, and counts per status. */
export default class StaffProposalsController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with('proposal').authorize('viewAny')
    const counts = await db
      .from('ideas')
      .whereNot('status', 'draft')
      .groupBy('campaign_id', 'status')
      .select('campaign_id', 'status')
      .count('* as total')
      .limit(1000)
    const campaignIds = [...new Set(counts.map((row) => row.campaign_id as number))]
    const campaigns = []
    for (const id of campaignIds) {
      const campaign = await findPublic(id)
      if (!campaign) continue
      if (
        !(await ctx.bouncer.with('proposal').allows('viewModeration', campaign)) &&
        !(await ctx.bouncer.with('proposal').allows('viewReviews', campaign))
      )
        continue
      campaigns.push({
        ...staffCampaignDto(ctx, campaign),
        counts: Object.fromEntries(
          counts
            .filter((row) => row.campaign_id === id)
            .map((row) => [row.status as string, Number(row.total)])
        ),
        canModerate: await ctx.bouncer.with('proposal').allows('viewModeration', campaign),
        canReview: await ctx.bouncer.with('proposal').allows('viewReviews', campaign),
        canBallot: await ctx.bouncer.with('proposal').allows('viewBallot', campaign),
      })
    }
    return ctx.inertia.render('staff/proposals/index', { campaigns })
  }
}
