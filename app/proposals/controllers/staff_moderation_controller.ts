import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { translate } from '#campaigns/campaign_service'
import { moderateIdeas } from '#proposals/actions/bulk_moderate'
import { unmoderated } from '#proposals/services/moderation_queue'
import Idea from '#proposals/models/idea'
import {
  hideIdea,
  mergeIdea,
  unhideIdea,
  type ModerateResult,
} from '#proposals/actions/moderate_idea'
import { removeAttachment } from '#proposals/actions/remove_attachment'
import {
  BULK_IDEAS_MAX,
  bulkModerationValidator,
  hideValidator,
  mergeValidator,
  moderationFiltersValidator,
} from '#proposals/validators/review_validators'
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

/** Statuses the queue lists ("all"); drafts are private, ideas on the ballot are decided. */
const QUEUE_STATUSES = ['published', 'in_review', 'hidden', 'rejected', 'merged']
const QUEUE_ROWS_MAX = 500

/** Moderators: the queue of a campaign's ideas; hide/unhide with a reason; merge duplicates. */
export default class StaffModerationController {
  /** The queue: one row per idea, filtered by status (default: to moderate), category and pot. */
  async index(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'viewModeration')
    const filters = await ctx.request.validateUsing(moderationFiltersValidator, {
      data: ctx.request.qs(),
    })
    const status = filters.status ?? 'to_moderate'
    const query = Idea.query().where('campaignId', campaign.id)
    if (status === 'to_moderate') query.where((q) => unmoderated(q))
    else if (status === 'all') query.whereIn('status', QUEUE_STATUSES)
    else query.where('status', status)
    if (filters.categoryId) query.where('categoryId', filters.categoryId)
    if (filters.potId) query.where('potId', filters.potId)
    const ideas = await query
      .orderByRaw(`CASE status WHEN 'hidden' THEN 1 WHEN 'merged' THEN 2 ELSE 0 END`)
      .orderBy('id', 'desc')
      .limit(QUEUE_ROWS_MAX)
    const toModerate = await Idea.query()
      .where('campaignId', campaign.id)
      .where((q) => unmoderated(q))
      .count('* as total')
    const categories = await db
      .from('campaign_categories')
      .where('campaign_id', campaign.id)
      .orderBy('position')
      .select('id', 'name')
    const pots = await db
      .from('campaign_pots')
      .where('campaign_id', campaign.id)
      .orderBy('position')
      .select('id', 'name')
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
      filters: { status, categoryId: filters.categoryId ?? null, potId: filters.potId ?? null },
      toModerate: Number(toModerate[0].$extras.total),
      categories: categories.map((row) => ({
        id: row.id as number,
        name: translate(row.name, ctx.i18n.locale),
      })),
      pots: pots.map((row) => ({
        id: row.id as number,
        name: translate(row.name, ctx.i18n.locale),
      })),
      bulkMax: BULK_IDEAS_MAX,
      canModerate: await ctx.bouncer.with('proposal').allows('moderate', campaign),
    })
  }

  /** Approve or hide several ideas of the campaign at once (all or nothing). */
  async bulk(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'viewModeration')
    await ctx.bouncer.with('proposal').authorize('moderate', campaign)
    const input = await ctx.request.validateUsing(bulkModerationValidator)
    const result = await moderateIdeas(staffActor(ctx), campaign.id, input)
    if (result.outcome === 'invalid') return answer.failWith(ctx, result.errors)
    return answer.backWith(ctx, input.action === 'hide' ? 'bulk_hidden' : 'bulk_approved', {
      count: result.count,
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
