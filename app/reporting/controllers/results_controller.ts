import type { HttpContext } from '@adonisjs/core/http'
import {
  findPublic,
  findPublicBySlug,
  liveCountsHidden,
  potsWithRules,
  translate,
} from '#campaigns/campaign_service'
import type Campaign from '#campaigns/models/campaign'
import { rowId } from '#shared/row_id'
import { notFound } from '#shared/controllers/responses'
import Project from '#proposals/models/project'
import { ApiError } from '#shared/api_error'
import { campaignResults } from '#reporting/results'
import { allowFramingFromAnyOrigin } from '#reporting/framing'

/** Public results: JSON API (protocol.md), the results page and its embeddable twin. */
export default class ResultsController {
  async api(ctx: HttpContext) {
    const id = rowId(ctx.params.id)
    const campaign = id === null ? null : await findPublic(id)
    if (!campaign) {
      throw new ApiError(404, 'not_found', ctx.i18n.t('errors.not_found', {}, 'Not found'))
    }
    if (liveCountsHidden(campaign)) {
      throw new ApiError(
        403,
        'results_hidden',
        ctx.i18n.t('ui.results.hidden', {}, 'Results are published when voting closes.')
      )
    }
    return campaignResults(campaign)
  }

  async page(ctx: HttpContext) {
    const campaign = await this.campaignBySlug(ctx)
    return ctx.inertia.render('campaigns/results', await this.pageProps(ctx, campaign))
  }

  async embed(ctx: HttpContext) {
    const campaign = await this.campaignBySlug(ctx)
    allowFramingFromAnyOrigin(ctx)
    return ctx.inertia.render('embed/results', await this.pageProps(ctx, campaign))
  }

  private async campaignBySlug(ctx: HttpContext): Promise<Campaign> {
    const campaign = await findPublicBySlug(String(ctx.params.slug))
    if (!campaign) notFound()
    return campaign
  }

  /** Pots with their projects sorted by votes (counts only when the results are not hidden). */
  private async pageProps(ctx: HttpContext, campaign: Campaign) {
    const locale = ctx.i18n.locale
    const summary = {
      id: campaign.id,
      slug: campaign.slug,
      title: translate(campaign.title, locale),
      stage: campaign.stage,
      currency: campaign.currency,
    }
    if (liveCountsHidden(campaign)) return { campaign: summary, results: null }
    // One query at a time: a request's queries may share one connection.
    const results = await campaignResults(campaign)
    const pots = await potsWithRules(campaign)
    const projects = await Project.query().where('campaignId', campaign.id).orderBy('position')
    const tally = new Map(results.projects.map((p) => [p.id, p]))
    const potBallots = new Map(results.pots.map((p) => [p.id, p.ballots]))
    return {
      campaign: summary,
      results: {
        ballots: results.ballots,
        channels: results.channels,
        updatedAtHeight: results.updatedAtHeight,
        districts: results.districts,
        outcome: results.outcome,
        pots: pots.map((pot) => ({
          id: pot.id,
          name: translate(pot.name, locale),
          budget: pot.budget,
          ballots: potBallots.get(pot.id) ?? 0,
          projects: projects
            .filter((p) => p.potId === pot.id)
            .map((p) => ({
              id: p.id,
              title: p.title,
              cost: p.cost,
              votes: tally.get(p.id)?.votes ?? 0,
              points: tally.get(p.id)?.points ?? 0,
            }))
            .sort((a, b) => b.votes - a.votes || b.points - a.points || a.id - b.id),
        })),
      },
    }
  }
}
