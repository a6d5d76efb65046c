import type { HttpContext } from '@adonisjs/core/http'
import supportIdea from '#proposals/actions/support_idea'
import withdrawSupport from '#proposals/actions/withdraw_support'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  routeId,
} from '#shared/controllers/responses'
import { currentResident } from '#proposals/controllers/lookups'

const answer: ModuleResponses = responsesFor('proposals')

/** A resident supports an idea or withdraws the support. */
export default class SupportsController {
  async store(ctx: HttpContext) {
    const resident = (await currentResident(ctx))!
    const result = await supportIdea(resident, routeId(ctx))
    switch (result.outcome) {
      case 'ok':
        if (ctx.request.accepts(['html', 'json']) === 'json') {
          return { supportCount: result.supportCount, movedToReview: result.movedToReview }
        }
        return answer.backWith(ctx, 'supported')
      case 'not_found':
        return notFound()
      case 'not_eligible':
        return answer.refuse(ctx, 'not_eligible', 403)
      default:
        return answer.refuse(ctx, result.outcome)
    }
  }

  async destroy(ctx: HttpContext) {
    const resident = (await currentResident(ctx))!
    const result = await withdrawSupport(resident, routeId(ctx))
    switch (result.outcome) {
      case 'ok':
        if (ctx.request.accepts(['html', 'json']) === 'json') {
          return { supportCount: result.supportCount }
        }
        return answer.backWith(ctx, 'withdrawn')
      case 'not_found':
        return notFound()
      default:
        return answer.refuse(ctx, result.outcome)
    }
  }
}
