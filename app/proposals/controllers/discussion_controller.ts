import type { HttpContext } from '@adonisjs/core/http'
import { waitText } from '#identity/wait_text'
import { postComment, reportComment } from '#proposals/actions/discuss_idea'
import { followIdea, unfollowIdea } from '#proposals/actions/follow_idea'
import { commentValidator, reportValidator } from '#proposals/validators/discussion_validators'
import { currentResident } from '#proposals/controllers/lookups'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  routeId,
} from '#shared/controllers/responses'

const answer: ModuleResponses = responsesFor('proposals')

/** Residents discuss an idea (comments, replies, reports) and follow it. */
export default class DiscussionController {
  /** POST /ideas/:id/comments {body, parentId?} */
  async comment(ctx: HttpContext) {
    const resident = (await currentResident(ctx))!
    const input = await ctx.request.validateUsing(commentValidator)
    const result = await postComment(resident, routeId(ctx), input)
    switch (result.outcome) {
      case 'ok':
        return answer.backWith(ctx, 'comment_posted')
      case 'invalid':
        return answer.failWith(ctx, result.errors)
      case 'not_found':
        return notFound()
      case 'too_many':
        return tooMany(ctx, 'too_many_comments', result.retryAfterSeconds)
      case 'not_commentable':
        return answer.refuse(ctx, 'not_commentable')
    }
  }

  /** POST /comments/:id/report {reason} */
  async report(ctx: HttpContext) {
    const resident = (await currentResident(ctx))!
    const { reason } = await ctx.request.validateUsing(reportValidator)
    const result = await reportComment(resident, routeId(ctx), reason)
    switch (result.outcome) {
      case 'ok':
        return answer.backWith(ctx, 'comment_reported')
      case 'not_found':
        return notFound()
      case 'too_many':
        return tooMany(ctx, 'too_many_reports', result.retryAfterSeconds)
      default:
        return answer.refuse(ctx, result.outcome)
    }
  }

  /** POST /ideas/:id/follow */
  async follow(ctx: HttpContext) {
    const resident = (await currentResident(ctx))!
    const result = await followIdea(resident, routeId(ctx))
    if (result.outcome === 'not_found') return notFound()
    return answer.backWith(ctx, 'followed')
  }

  /** DELETE /ideas/:id/follow */
  async unfollow(ctx: HttpContext) {
    const resident = (await currentResident(ctx))!
    await unfollowIdea(resident, routeId(ctx))
    return answer.backWith(ctx, 'unfollowed')
  }
}

function tooMany(ctx: HttpContext, key: string, retryAfterSeconds: number) {
  ctx.response.header('Retry-After', String(retryAfterSeconds))
  return answer.refuse(ctx, key, 429, { wait: waitText(ctx.i18n, retryAfterSeconds) })
}
