import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import Idea from '#proposals/models/idea'
import {
  hideIdea,
  mergeIdea,
  unhideIdea,
  type ModerateResult,
} from '#proposals/actions/moderate_idea'
import { removeAttachment } from '#proposals/actions/remove_attachment'
import { hideValidator, mergeValidator } from '#proposals/validators/review_validators'
import IdeaAttachment from '#proposals/models/idea_attachment'
import { attachmentDto, ideaSummaryDto } from '#proposals/services/idea_queries'
import { authorizedCampaign, authorizedIdea } from '#proposals/controllers/lookups'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  routeId,
  staffActor,
} from '#shared/controllers/responses'
import { staffCampaignDto } from '#proposals/controllers/staff_proposals_controller'

const answer: ModuleResponses = responsesFor('proposals')

/** Moderators: the queue of a campaign's ideas; hide/unhide with a reason; merge duplicates. */
export default class StaffModerationController {
  async index(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'viewModeration')
    const ideas = await Idea.query()
      .where('campaignId', campaign.id)
      .whereIn('status', ['published', 'in_review', 'hidden', 'rejected', 'merged'])
      .orderByRaw(`CASE status WHEN 'hidden' THEN 1 WHEN 'merged' THEN 2 ELSE 0 END`)
      .orderBy('id', 'desc')
      .limit(500)
    const history = await db
      .from('idea_moderations')
      .whereIn(
        'idea_id',
        ideas.map((idea) => idea.id)
      )
      .orderBy('id', 'desc')
      .limit(500)
    const attachments = await IdeaAttachment.query()
      .whereIn(
        'ideaId',
        ideas.map((idea) => idea.id)
      )
      .orderBy('id')
    return ctx.inertia.render('staff/proposals/moderation', {
      campaign: staffCampaignDto(ctx, campaign),
      ideas: ideas.map((idea) => ({
        ...ideaSummaryDto(idea),
        hiddenReason: idea.hiddenReason,
        mergedIntoId: idea.mergedIntoId,
        attachments: attachments
          .filter((attachment) => attachment.ideaId === idea.id)
          .map(attachmentDto),
      })),
      history: history.map((row) => ({
        id: Number(row.id),
        ideaId: row.idea_id as number,
        action: row.action as string,
        reason: row.reason as string,
        mergedIntoId: row.merged_into_id as number | null,
        attachmentName: row.attachment_name as string | null,
        at: new Date(row.created_at).toISOString(),
      })),
      canModerate: await ctx.bouncer.with('proposal').allows('moderate', campaign),
    })
  }

  async hide(ctx: HttpContext) {
    const { idea } = await authorizedIdea(ctx, 'moderate')
    const { reason } = await ctx.request.validateUsing(hideValidator)
    return respond(ctx, await hideIdea(staffActor(ctx), idea.id, reason), 'hidden')
  }

  async unhide(ctx: HttpContext) {
    const { idea } = await authorizedIdea(ctx, 'moderate')
    const { reason } = await ctx.request.validateUsing(hideValidator)
    return respond(ctx, await unhideIdea(staffActor(ctx), idea.id, reason), 'unhidden')
  }

  async merge(ctx: HttpContext) {
    const { idea } = await authorizedIdea(ctx, 'moderate')
    const { intoId, reason } = await ctx.request.validateUsing(mergeValidator)
    return respond(ctx, await mergeIdea(staffActor(ctx), idea.id, intoId, reason), 'merged')
  }

  /** A moderator removes an attachment with a reason the author is told. */
  async removeAttachment(ctx: HttpContext) {
    const { idea } = await authorizedIdea(ctx, 'moderate')
    const { reason } = await ctx.request.validateUsing(hideValidator)
    const result = await removeAttachment(
      { kind: 'moderator', actor: staffActor(ctx), reason },
      idea.id,
      routeId(ctx, 'attachmentId')
    )
    if (result.outcome !== 'ok') notFound()
    return answer.backWith(ctx, 'attachment_removed')
  }
}

function respond(ctx: HttpContext, result: ModerateResult, key: string) {
  switch (result.outcome) {
    case 'ok':
      return answer.backWith(ctx, key)
    case 'invalid':
      return answer.failWith(ctx, result.errors)
    case 'not_found':
      return notFound()
    case 'not_allowed':
      return answer.refuse(ctx, 'wrong_status')
  }
}
