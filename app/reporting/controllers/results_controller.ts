import type { HttpContext } from '@adonisjs/core/http'
import { liveCountsHidden, potsWithRules, translate } from '#campaigns/campaign_service'
import Campaign from '#campaigns/models/campaign'
import { notFound } from '#shared/controllers/responses'
import Project from '#proposals/models/project'
import { ApiError } from '#shared/api_error'
import { campaignResults } from '#reporting/results'
import { allowFramingFromAnyOrigin } from '#reporting/framing'
import { decryptionStatus } from '#trustees/decryption/decryption_status'
import {
  cachedForVersion,
  matchesEtag,
  RESULTS_CACHE_CONTROL,
  resultsVersion,
  resultsVersionByRef,
  serializedAnswer,
  type ResultsVersion,
} from '#reporting/results_cache'

/**
 * Public results: JSON API (protocol.md), the results page and its embeddable twin. Each request
 * reads the results version (`#reporting/results_cache`) and answers from that cache while it
 * holds. Repeated anonymous reads usually never get here: `#reporting/results_replay` answers them
 * from the answer this controller gave for the same version.
 */
export default class ResultsController {
  async api(ctx: HttpContext) {
    const version = await resultsVersionByRef(String(ctx.params.id))
    if (!version) {
      throw new ApiError(404, 'not_found', ctx.i18n.t('errors.not_found', {}, 'Not found'))
    }
    if (liveCountsHidden(version)) {
      throw new ApiError(
        403,
        'results_hidden',
        ctx.i18n.t('ui.results.hidden', {}, 'Results are published when voting closes.')
      )
    }
    const answer = await cachedForVersion(version, 'api', async () =>
      serializedAnswer(await campaignResults(await Campaign.findOrFail(version.campaignId)))
    )
    // Anyone may keep it, but must ask again each time (a 304 while the version holds).
    ctx.response.header('Cache-Control', RESULTS_CACHE_CONTROL)
    ctx.response.header('ETag', answer.etag)
    ctx.response.header('Content-Type', 'application/json; charset=utf-8')
    if (matchesEtag(ctx.request.header('if-none-match'), answer.etag)) {
      return ctx.response.notModified()
    }
    return answer.json
  }

  async page(ctx: HttpContext) {
    const props = await this.pagePropsBySlug(ctx)
    return ctx.inertia.render('campaigns/results', props)
  }

  async embed(ctx: HttpContext) {
    const props = await this.pagePropsBySlug(ctx)
    allowFramingFromAnyOrigin(ctx)
    return ctx.inertia.render('embed/results', props)
  }

  private async pagePropsBySlug(ctx: HttpContext) {
    const version = await resultsVersion({ slug: String(ctx.params.slug) })
    if (!version) notFound()
    const locale = ctx.i18n.locale
    return cachedForVersion(version, `page:${locale}`, () => this.pageProps(locale, version))
  }

  /** Pots with their projects sorted by votes (counts only when the results are not hidden). */
  private async pageProps(locale: string, version: ResultsVersion) {
    const campaign = await Campaign.findOrFail(version.campaignId)
    const summary = {
      id: campaign.id,
      slug: campaign.slug,
      title: translate(campaign.title, locale),
      stage: campaign.stage,
      currency: campaign.currency,
    }
    // The version's stage decides, as for the API (the row is the same or newer).
    if (liveCountsHidden(version)) return { campaign: summary, results: null, decryption: null }
    // One query at a time: a request's queries may share one connection.
    const results = await campaignResults(campaign)
    if (results.sealed) {
      // Encrypted and not yet decrypted: turnout only, and the page says why (no zero counts).
      const { ballots, channels, updatedAtHeight } = results
      return {
        campaign: summary,
        results: {
          sealed: true,
          ballots,
          channels,
          updatedAtHeight,
          districts: [],
          outcome: null,
          pots: [],
        },
      }
    }
    const pots = await potsWithRules(campaign)
    const projects = await Project.query().where('campaignId', campaign.id).orderBy('position')
    const tally = new Map(results.projects.map((p) => [p.id, p]))
    const potBallots = new Map(results.pots.map((p) => [p.id, p.ballots]))
    return {
      campaign: summary,
      // An encrypted campaign's decryption: trustees' share verdicts, spoiled ballots (null if clear).
      decryption: await decryptionStatus(campaign.id),
      results: {
        sealed: false,
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
