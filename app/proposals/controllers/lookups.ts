import type { HttpContext } from '@adonisjs/core/http'
import { rowId } from '#shared/row_id'
import { notFound, routeId } from '#shared/controllers/responses'
import { findPublic } from '#campaigns/campaign_service'
import type Campaign from '#campaigns/models/campaign'
import type Resident from '#identity/models/resident'
import Idea from '#proposals/models/idea'

/** The signed-in resident, if any (public routes run without the auth middleware). */
export async function currentResident(ctx: HttpContext): Promise<Resident | null> {
  const guard = ctx.auth.use('resident')
  if (!guard.isAuthenticated) await guard.check()
  return (guard.user as Resident | undefined) ?? null
}

/** The idea of `:id` with its (published) campaign, or 404. */
export async function ideaWithCampaign(
  ctx: HttpContext,
  name = 'id'
): Promise<{ idea: Idea; campaign: Campaign }> {
  const idea = await Idea.find(routeId(ctx, name))
  const campaign = idea ? await findPublic(idea.campaignId) : null
  if (!idea || !campaign) notFound()
  return { idea, campaign }
}

/** A staff route's idea, authorized: 403 before 404 for members without any proposals role. */
export async function authorizedIdea(
  ctx: HttpContext,
  ability: 'moderate' | 'review' | 'decide' | 'viewReviews'
): Promise<{ idea: Idea; campaign: Campaign }> {
  const id = rowId(ctx.params.id)
  const idea = id === null ? null : await Idea.find(id)
  const campaign = idea ? await findPublic(idea.campaignId) : null
  if (!idea || !campaign) {
    await ctx.bouncer.with('proposal').authorize('viewAny')
    notFound()
  }
  await ctx.bouncer.with('proposal').authorize(ability, campaign)
  return { idea, campaign }
}

/** A staff route's campaign (`:campaignId`), authorized. */
export async function authorizedCampaign(
  ctx: HttpContext,
  ability: 'viewModeration' | 'viewReviews' | 'viewBallot' | 'decide'
): Promise<Campaign> {
  const id = rowId(ctx.params.campaignId)
  const campaign = id === null ? null : await findPublic(id)
  if (!campaign) {
    await ctx.bouncer.with('proposal').authorize('viewAny')
    notFound()
  }
  await ctx.bouncer.with('proposal').authorize(ability, campaign)
  return campaign
}
