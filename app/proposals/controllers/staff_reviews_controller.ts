import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { hasRole } from '#identity/staff_access'
import type StaffUser from '#identity/models/staff_user'
import Idea from '#proposals/models/idea'
import { assignExpert, recordReview, REVIEWABLE } from '#proposals/actions/review_idea'
import { assignExpertValidator, reviewValidator } from '#proposals/validators/review_validators'
import { ideaSummaryDto } from '#proposals/services/idea_queries'
import { authorizedCampaign, authorizedIdea } from '#proposals/controllers/lookups'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  staffActor,
} from '#shared/controllers/responses'
import { staffCampaignDto } from '#proposals/controllers/staff_proposals_controller'

const answer: ModuleResponses = responsesFor('proposals')

/**
 * Expert review: admins see every idea under review and assign experts; an expert
 * sees the ideas assigned to them and records cost, feasibility and comments.
 */
export default class StaffReviewsController {
  async index(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'viewReviews')
    const user = ctx.auth.use('staff').user as StaffUser
    const seesAll = await hasRole(user, ['admin', 'observer'], {
      communityId: campaign.communityId,
    })
    const query = Idea.query()
      .where('campaignId', campaign.id)
      .whereIn('status', [...REVIEWABLE])
      .orderByRaw(`CASE status WHEN 'in_review' THEN 0 ELSE 1 END`)
      .orderBy('supportCount', 'desc')
      .orderBy('id')
      .limit(500)
    if (!seesAll) {
      query.whereIn(
        'id',
        db.from('idea_expert_assignments').where('expert_id', user.id).select('idea_id')
      )
    }
    const ideas = await query
    const ids = ideas.map((idea) => idea.id)
    const assignments = await db
      .from('idea_expert_assignments')
      .join('staff_users', 'staff_users.id', 'idea_expert_assignments.expert_id')
      .whereIn('idea_id', ids)
      .select('idea_id', 'expert_id', 'staff_users.full_name')
    const reviews = await db.from('idea_reviews').whereIn('idea_id', ids)
    const comments = await db.from('idea_comments').whereIn('idea_id', ids).orderBy('id')
    const experts = await db
      .from('staff_users')
      .join('staff_roles', 'staff_roles.staff_user_id', 'staff_users.id')
      .where('staff_roles.role', 'expert')
      .where('staff_users.active', true)
      .distinct('staff_users.id', 'staff_users.full_name')
      .limit(500)
    return ctx.inertia.render('staff/proposals/reviews', {
      campaign: staffCampaignDto(ctx, campaign),
      ideas: ideas.map((idea) => ({
        ...ideaSummaryDto(idea),
        description: idea.description,
        experts: assignments
          .filter((row) => row.idea_id === idea.id)
          .map((row) => ({ id: row.expert_id as number, name: row.full_name as string })),
        reviews: reviews
          .filter((row) => row.idea_id === idea.id)
          .map((row) => ({
            expertId: row.expert_id as number,
            costEstimate: row.cost_estimate === null ? null : Number(row.cost_estimate),
            feasibility: row.feasibility as string,
            explanation: row.explanation as string | null,
          })),
        comments: comments
          .filter((row) => row.idea_id === idea.id)
          .map((row) => ({
            id: row.id as number,
            body: row.body as string,
            visibility: row.visibility as string,
          })),
      })),
      experts: experts.map((row) => ({ id: row.id as number, name: row.full_name as string })),
      me: user.id,
      canAssign: await ctx.bouncer.with('proposal').allows('decide', campaign),
      canReview: await ctx.bouncer.with('proposal').allows('review', campaign),
    })
  }

  async assign(ctx: HttpContext) {
    const { idea, campaign } = await authorizedIdea(ctx, 'decide')
    const { expertId } = await ctx.request.validateUsing(assignExpertValidator)
    const result = await assignExpert(staffActor(ctx), idea, campaign.communityId, expertId)
    switch (result.outcome) {
      case 'ok':
        return answer.backWith(ctx, 'expert_assigned')
      case 'invalid':
        return answer.failWith(ctx, result.errors)
      case 'not_found':
        return notFound()
      case 'not_allowed':
        return answer.refuse(ctx, 'wrong_status')
    }
  }

  async store(ctx: HttpContext) {
    const { idea } = await authorizedIdea(ctx, 'review')
    const input = await ctx.request.validateUsing(reviewValidator)
    const result = await recordReview(staffActor(ctx), idea.id, input)
    switch (result.outcome) {
      case 'ok':
        return answer.backWith(ctx, 'reviewed')
      case 'invalid':
        return answer.failWith(ctx, result.errors)
      case 'not_found':
        return notFound()
      case 'not_assigned':
        return answer.refuse(ctx, 'not_assigned', 403)
      case 'not_allowed':
        return answer.refuse(ctx, 'wrong_status')
    }
  }
}
