import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { findPublic } from '#campaigns/campaign_service'
import { dismissReports, hideComment } from '#proposals/actions/moderate_comment'
import { hideCommentValidator } from '#proposals/validators/discussion_validators'
import { commentQueueOf } from '#proposals/services/discussion_queries'
import { authorizedCampaign } from '#proposals/controllers/lookups'
import { staffCampaignDto } from '#proposals/controllers/staff_proposals_controller'
import { rowId } from '#shared/row_id'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  staffActor,
} from '#shared/controllers/responses'

const answer: ModuleResponses = responsesFor('proposals')

/** Moderators: a campaign's reported and hidden comments; hide one with a reason, dismiss reports. */
export default class StaffCommentsController {
  /** GET /staff/proposals/campaigns/:campaignId/comments */
  async index(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'viewModeration')
    return ctx.inertia.render('staff/proposals/comments', {
      campaign: staffCampaignDto(ctx, campaign),
      comments: await commentQueueOf(campaign.id),
      canModerate: await ctx.bouncer.with('proposal').allows('moderate', campaign),
    })
  }

  /** POST /staff/proposals/comments/:id/hide {reason} */
  async hide(ctx: HttpContext) {
    const commentId = await authorizedComment(ctx)
    const { reason } = await ctx.request.validateUsing(hideCommentValidator)
    const result = await hideComment(staffActor(ctx), commentId, reason)
    if (result.outcome === 'not_found') return notFound()
    if (result.outcome === 'not_allowed') return answer.refuse(ctx, 'comment_already_hidden')
    return answer.backWith(ctx, 'comment_hidden')
  }

  /** POST /staff/proposals/comments/:id/dismiss */
  async dismiss(ctx: HttpContext) {
    const commentId = await authorizedComment(ctx)
    const result = await dismissReports(staffActor(ctx), commentId)
    if (result.outcome === 'not_found') return notFound()
    if (result.outcome === 'not_allowed') return answer.refuse(ctx, 'no_open_reports')
    return answer.backWith(ctx, 'reports_dismissed')
  }
}

/** The comment of `:id`, its campaign's moderators only: 403 before 404 for non-members. */
async function authorizedComment(ctx: HttpContext): Promise<number> {
  const id = rowId(ctx.params.id)
  const row =
    id === null
      ? null
      : await db
          .from('idea_discussion_comments')
          .join('ideas', 'ideas.id', 'idea_discussion_comments.idea_id')
          .where('idea_discussion_comments.id', id)
          .select('ideas.campaign_id')
          .first()
  const campaign = row ? await findPublic(row.campaign_id) : null
  if (id === null || !campaign) {
    await ctx.bouncer.with('proposal').authorize('viewAny')
    notFound()
  }
  await ctx.bouncer.with('proposal').authorize('moderate', campaign)
  return id
}
