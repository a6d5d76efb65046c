import type { HttpContext } from '@adonisjs/core/http'
import { rowId } from '#shared/row_id'
import { notFound } from '#shared/controllers/responses'
import { findPublic } from '#campaigns/campaign_service'
import type Campaign from '#campaigns/models/campaign'
import Project from '#proposals/models/project'

/** A staff route's campaign (`:campaignId`), authorized: 403 before 404 for members without a role. */
export async function authorizedCampaign(
  ctx: HttpContext,
  ability: 'view' | 'manage'
): Promise<Campaign> {
  const id = rowId(ctx.params.campaignId)
  const campaign = id === null ? null : await findPublic(id)
  if (!campaign) {
    await ctx.bouncer.with('implementation').authorize('viewAny')
    notFound()
  }
  await ctx.bouncer.with('implementation').authorize(ability, campaign)
  return campaign
}

/** A staff route's project (`:projectId`) with its campaign, authorized. */
export async function authorizedProject(
  ctx: HttpContext,
  ability: 'view' | 'manage'
): Promise<{ project: Project; campaign: Campaign }> {
  const id = rowId(ctx.params.projectId)
  const project = id === null ? null : await Project.find(id)
  const campaign = project ? await findPublic(project.campaignId) : null
  if (!project || !campaign) {
    await ctx.bouncer.with('implementation').authorize('viewAny')
    notFound()
  }
  await ctx.bouncer.with('implementation').authorize(ability, campaign)
  return { project, campaign }
}
