import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { potsWithRules, translate } from '#campaigns/campaign_service'
import Idea from '#proposals/models/idea'
import Project from '#proposals/models/project'
import {
  approveIdea,
  isBallotEditable,
  rejectIdea,
  updateBallotEntry,
} from '#proposals/actions/decide_idea'
import {
  approveValidator,
  ballotEntryValidator,
  rejectValidator,
} from '#proposals/validators/review_validators'
import { ideaSummaryDto, projectDto } from '#proposals/services/idea_queries'
import { rowId } from '#shared/row_id'
import { authorizedCampaign, authorizedIdea } from '#proposals/controllers/lookups'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  staffActor,
} from '#shared/controllers/responses'
import { staffCampaignDto } from '#proposals/controllers/staff_proposals_controller'

const answer: ModuleResponses = responsesFor('proposals')

/** Admins: approve ideas onto the ballot or reject them; edit the ballot list until voting. */
export default class StaffBallotController {
  async index(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'viewBallot')
    const projects = await Project.query()
      .where('campaignId', campaign.id)
      .orderBy('potId')
      .orderBy('position')
      .orderBy('id')
      .limit(1000)
    const candidates = await Idea.query()
      .where('campaignId', campaign.id)
      .whereIn('status', ['published', 'in_review'])
      .orderByRaw(`CASE status WHEN 'in_review' THEN 0 ELSE 1 END`)
      .orderBy('supportCount', 'desc')
      .limit(500)
    const estimates = await db
      .from('idea_reviews')
      .whereIn(
        'idea_id',
        candidates.map((idea) => idea.id)
      )
      .select('idea_id', 'cost_estimate', 'feasibility')
    const pots = await potsWithRules(campaign)
    return ctx.inertia.render('staff/proposals/ballot', {
      campaign: staffCampaignDto(ctx, campaign),
      pots: pots.map((pot) => ({
        id: pot.id,
        name: translate(pot.name, ctx.i18n.locale),
        budget: pot.budget,
        rule: pot.rule.kind,
      })),
      projects: projects.map(projectDto),
      candidates: candidates.map((idea) => ({
        ...ideaSummaryDto(idea),
        reviews: estimates
          .filter((row) => row.idea_id === idea.id)
          .map((row) => ({
            costEstimate: row.cost_estimate === null ? null : Number(row.cost_estimate),
            feasibility: row.feasibility as string,
          })),
      })),
      editable: isBallotEditable(campaign),
      canDecide: await ctx.bouncer.with('proposal').allows('decide', campaign),
    })
  }

  async approve(ctx: HttpContext) {
    const { idea, campaign } = await authorizedIdea(ctx, 'decide')
    const input = await ctx.request.validateUsing(approveValidator)
    const result = await approveIdea(staffActor(ctx), campaign, idea.id, input)
    switch (result.outcome) {
      case 'ok':
        if (ctx.request.accepts(['html', 'json']) === 'json') {
          return ctx.response.status(201).send(projectDto(result.project))
        }
        return answer.backWith(ctx, 'approved')
      case 'invalid':
        return answer.failWith(ctx, result.errors)
      case 'not_found':
        return notFound()
      case 'locked':
        return answer.refuse(ctx, 'ballot_locked')
      case 'not_allowed':
        return answer.refuse(ctx, 'wrong_status')
    }
  }

  async reject(ctx: HttpContext) {
    const { idea, campaign } = await authorizedIdea(ctx, 'decide')
    const { reason } = await ctx.request.validateUsing(rejectValidator)
    const result = await rejectIdea(staffActor(ctx), campaign, idea.id, reason)
    switch (result.outcome) {
      case 'ok':
        return answer.backWith(ctx, 'rejected')
      case 'not_found':
        return notFound()
      case 'locked':
        return answer.refuse(ctx, 'ballot_locked')
      case 'not_allowed':
        return answer.refuse(ctx, 'wrong_status')
    }
  }

  async update(ctx: HttpContext) {
    const id = rowId(ctx.params.id)
    const project = id === null ? null : await Project.find(id)
    if (!project) {
      await ctx.bouncer.with('proposal').authorize('viewAny')
      return notFound()
    }
    ctx.params.campaignId = String(project.campaignId)
    const campaign = await authorizedCampaign(ctx, 'decide')
    const input = await ctx.request.validateUsing(ballotEntryValidator)
    const result = await updateBallotEntry(staffActor(ctx), campaign, project.id, input)
    switch (result.outcome) {
      case 'ok':
        return answer.backWith(ctx, 'project_saved')
      case 'invalid':
        return answer.failWith(ctx, result.errors)
      case 'not_found':
        return notFound()
      case 'locked':
        return answer.refuse(ctx, 'ballot_locked')
    }
  }
}
