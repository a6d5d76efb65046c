import { readFile } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { actorOf } from '#shared/audit'
import { rowId } from '#shared/row_id'
import { receiveUploads } from '#shared/upload_intake'
import { notFound } from '#shared/controllers/responses'
import { fieldError } from '#shared/field_error'
import { translate } from '#campaigns/translations'
import Campaign from '#campaigns/models/campaign'
import { liveCountsHidden } from '#campaigns/campaign_service'
import { OUTCOME_RULES } from '#campaigns/models/campaign'
import { stageIndex } from '#campaigns/stages'
import Community from '#communities/models/community'
import CampaignOutcome from '#outcomes/models/campaign_outcome'
import { importPabulibCampaign } from '#outcomes/pabulib/campaign_import'
import { exportCampaignPabulib } from '#outcomes/pabulib/campaign_export'
import { campaignPotBallots } from '#outcomes/platform/campaign_ballots'
import { runPotRule, supportsEqualShares } from '#outcomes/platform/pot_outcome'
import { overrideOutcome } from '#outcomes/platform/override'
import {
  importValidator,
  overrideValidator,
  potQueryValidator,
} from '#outcomes/validators/outcome_validators'

const COMMUNITIES_MAX = 500

/** `:id` campaign (drafts included: staff), authorized with `ability`; 403 before 404. */
async function authorizedCampaign(ctx: HttpContext, ability: 'view' | 'manage') {
  const id = rowId(ctx.params.id)
  const campaign = id === null ? null : await Campaign.find(id)
  if (!campaign) {
    await ctx.bouncer.with('outcome').authorize('viewAny')
    notFound()
  }
  await ctx.bouncer.with('outcome').authorize(ability, campaign)
  return campaign
}

/** Pabulib import and export, the rule comparison and the override (staff). */
export default class StaffOutcomesController {
  async importForm(ctx: HttpContext) {
    await ctx.bouncer.with('outcome').authorize('importAny')
    const communities = await Community.query().orderBy('name').limit(COMMUNITIES_MAX)
    const allowed = []
    for (const community of communities) {
      if (await ctx.bouncer.with('outcome').allows('manage', { communityId: community.id })) {
        allowed.push({ id: community.id, name: community.name, code: community.code })
      }
    }
    return ctx.inertia.render('staff/outcomes/import', { communities: allowed })
  }

  async importFile(ctx: HttpContext) {
    await ctx.bouncer.with('outcome').authorize('importAny')
    await receiveUploads(ctx)
    const { communityId, file } = await ctx.request.validateUsing(importValidator)
    await ctx.bouncer.with('outcome').authorize('manage', { communityId })
    const text = await readFile(file.tmpPath!, 'utf8')
    const result = await importPabulibCampaign(text, {
      fileName: file.clientName,
      communityId,
      actor: actorOf(ctx),
    })
    if (result.outcome === 'unknown_community') {
      fieldError('communityId', ctx.i18n.t('outcomes.errors.unknown_community'), 'outcomes')
    }
    if (result.outcome === 'invalid') {
      fieldError(
        'file',
        ctx.i18n.t('outcomes.errors.bad_file', { reason: result.message }),
        'outcomes'
      )
    }
    const message = ctx.i18n.t('outcomes.flash.imported', {
      ballots: result.ballots,
      projects: result.projects,
    })
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.status(201).send({ campaignId: result.campaign.id, message })
    }
    ctx.session.flash('success', message)
    return ctx.response.redirect(`/staff/campaigns/${result.campaign.id}/outcome`)
  }

  async exportPb(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'view')
    const { pot } = await potQueryValidator.validate(ctx.request.qs())
    const result = await exportCampaignPabulib(campaign, db.connection(), { potId: pot })
    if (result.outcome === 'hidden') {
      return ctx.response.status(409).send({
        error: 'counts_hidden',
        message: ctx.i18n.t('outcomes.errors.counts_hidden'),
      })
    }
    if (result.outcome === 'unknown_pot') notFound()
    if (result.outcome === 'pot_required') {
      return ctx.response.status(422).send({
        error: 'pot_required',
        message: ctx.i18n.t('outcomes.errors.pot_required'),
        details: { pots: result.pots },
      })
    }
    ctx.response.header('content-type', 'text/plain; charset=utf-8')
    ctx.response.header('content-disposition', `attachment; filename="${result.fileName}"`)
    return result.text
  }

  /** Every rule side by side per pot (with costs and votes), and the published outcome. */
  async compare(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'view')
    const hidden = liveCountsHidden(campaign)
    const published = await CampaignOutcome.find(campaign.id)
    const pots = hidden ? [] : await campaignPotBallots(campaign.id, db.connection())
    const potRows = await db
      .from('campaign_pots')
      .where('campaign_id', campaign.id)
      .select('id', 'name')
    const names = new Map(potRows.map((p) => [p.id as number, translate(p.name, ctx.i18n.locale)]))
    return ctx.inertia.render('staff/outcomes/compare', {
      campaign: {
        id: campaign.id,
        title: translate(campaign.title, ctx.i18n.locale),
        stage: campaign.stage,
        currency: campaign.currency,
        rule: campaign.outcomeRule,
      },
      hidden,
      canOverride:
        stageIndex(campaign.stage) >= stageIndex('results') &&
        (await ctx.bouncer.with('outcome').allows('manage', campaign)),
      published: published && {
        rule: published.rule,
        tallyHash: published.tallyHash,
        overrideReason: published.overrideReason,
        publishedAt: published.publishedAt?.toISO() ?? null,
        pots: published.pots.map((p) => ({
          potId: p.potId,
          selected: p.selected.map((s) => s.projectId),
        })),
      },
      pots: pots.map((pot) => ({
        potId: pot.potId,
        name: names.get(pot.potId) ?? '',
        budget: pot.budget,
        voters: pot.input.ballots.length,
        minSupport: pot.minSupport,
        projects: pot.projects.map((p) => ({
          id: p.id,
          title: p.title,
          cost: p.cost,
          ruleId: p.ruleId,
        })),
        // Every column applies the pot's minimum support, as the published outcome does.
        rules: OUTCOME_RULES.filter((rule) => rule === 'greedy' || supportsEqualShares(pot)).map(
          (rule) => runPotRule(pot, rule)
        ),
      })),
    })
  }

  async override(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const input = await ctx.request.validateUsing(overrideValidator)
    const result = await overrideOutcome(actorOf(ctx), campaign.id, input)
    if (result.outcome === 'not_found') notFound()
    if (result.outcome === 'invalid') {
      fieldError(result.field, ctx.i18n.t(`outcomes.errors.${result.rule}`), 'outcomes')
    }
    if (result.outcome === 'too_early') {
      const message = ctx.i18n.t('outcomes.errors.too_early')
      if (ctx.request.accepts(['html', 'json']) === 'json') {
        return ctx.response.status(409).send({ error: 'too_early', message })
      }
      ctx.session.flash('error', message)
      return ctx.response.redirect().back()
    }
    const message = ctx.i18n.t('outcomes.flash.overridden')
    if (ctx.request.accepts(['html', 'json']) === 'json') return { ok: true, message }
    ctx.session.flash('success', message)
    return ctx.response.redirect().back()
  }
}
