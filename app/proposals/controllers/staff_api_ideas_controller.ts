import type { HttpContext } from '@adonisjs/core/http'
import Campaign from '#campaigns/models/campaign'
import Idea from '#proposals/models/idea'
import { hideIdea, unhideIdea, type ModerateResult } from '#proposals/actions/moderate_idea'
import { hideValidator } from '#proposals/validators/review_validators'
import { ideaSummaryDto } from '#proposals/services/idea_queries'
import { staffApiActor } from '#identity/api_tokens/staff_api_context'
import {
  type ModuleResponses,
  notFound,
  responsesFor,
  routeId,
} from '#shared/controllers/responses'

const answer: ModuleResponses = responsesFor('proposals')
const LIST_MAX = 1000

function staffApiIdea(idea: Idea) {
  return { ...ideaSummaryDto(idea), hiddenReason: idea.hiddenReason }
}

/** Staff API: a campaign's ideas with `read`; hide/unhide with `ideas:moderate` (same actions as the queue). */
export default class StaffApiIdeasController {
  async index(ctx: HttpContext) {
    const campaign = await Campaign.find(routeId(ctx))
    if (!campaign) return notFound()
    const ideas = await Idea.query()
      .where('campaignId', campaign.id)
      .whereNot('status', 'draft')
      .orderBy('id', 'desc')
      .limit(LIST_MAX)
    return ideas.map(staffApiIdea)
  }

  async hide(ctx: HttpContext) {
    const id = routeId(ctx)
    const { reason } = await ctx.request.validateUsing(hideValidator)
    return respond(ctx, await hideIdea(staffApiActor(ctx), id, reason))
  }

  async unhide(ctx: HttpContext) {
    const id = routeId(ctx)
    const { reason } = await ctx.request.validateUsing(hideValidator)
    return respond(ctx, await unhideIdea(staffApiActor(ctx), id, reason))
  }
}

function respond(ctx: HttpContext, result: ModerateResult) {
  switch (result.outcome) {
    case 'ok':
      return staffApiIdea(result.idea)
    case 'invalid':
      return answer.failWith(ctx, result.errors)
    case 'not_found':
      return notFound()
    case 'not_allowed':
      return answer.refuse(ctx, 'wrong_status')
  }
}
