import type { HttpContext } from '@adonisjs/core/http'
import { rowId } from '#shared/row_id'
import { notFound } from '#shared/controllers/responses'
import Campaign from '#campaigns/models/campaign'

/** The campaign of `:id`, after the policy allows `ability` on it. */
export async function authorizedCampaign(
  ctx: HttpContext,
  ability: 'view' | 'manage'
): Promise<Campaign> {
  const id = rowId(ctx.params.id)
  const campaign = id === null ? null : await Campaign.find(id)
  if (!campaign) {
    // Staff who may not see campaigns at all get 403 rather than learning which ids exist.
    await ctx.bouncer.with('campaign').authorize('viewList')
    notFound()
  }
  await ctx.bouncer.with('campaign').authorize(ability, campaign)
  return campaign
}

/** Whether the member may change this campaign (pages show read-only screens otherwise). */
export async function canManage(ctx: HttpContext, campaign: Campaign): Promise<boolean> {
  return ctx.bouncer.with('campaign').allows('manage', campaign)
}
