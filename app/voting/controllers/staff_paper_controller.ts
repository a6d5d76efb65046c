import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import db from '@adonisjs/lucid/services/db'
import { errors as vineErrors } from '@vinejs/vine'
import { notFound, staffActor, wantsJson } from '#shared/controllers/responses'
import Campaign from '#campaigns/models/campaign'
import { translate } from '#campaigns/translations'
import {
  importPaperBatch,
  previewPaperBatch,
  type PaperCheck,
} from '#voting/actions/import_paper_batch'
import { projectTotals, type PaperLine, type PaperLineError } from '#voting/paper/paper_csv'
import type { VoterLineError } from '#voting/paper/voter_list'
import audit from '#shared/audit'
import { paperChecksAllowed } from '#voting/paper/paper_check_limits'
import { staffPublicKeyOf } from '#voting/staff_keys'
import { receiveUploads } from '#shared/upload_intake'
import Project from '#proposals/models/project'
import { campaignEncryption } from '#trustees/encryption'
import {
  paperImportValidator,
  PAPER_FILE_EXTENSIONS,
  PAPER_UPLOAD_BYTES_MAX,
  type PaperImportForm,
} from '#voting/validators/paper_validators'

/** Per-line errors shown at most (the summary gives the count of all of them). */
const LINE_ERRORS_SHOWN_MAX = 200
/** Sheets the preview lists (its totals count them all). */
const PREVIEW_SHEETS = 20

/** Paper ballots of a campaign: the imported batches, a preview step, and the import itself. */
export default class StaffPaperController {
  async show(ctx: HttpContext) {
    const campaign = await authorized(ctx, 'view')
    return ctx.inertia.render('staff/voting/paper', await pageProps(ctx, campaign))
  }

  /**
   * A preview is rendered at its POST's address: a reload, or the redirect back with the errors of
   * a later check, lands here and goes on to the page (the errors and flash messages with it).
   */
  async backToPage(ctx: HttpContext) {
    const campaign = await authorized(ctx, 'view')
    ctx.session.reflash()
    return ctx.response.redirect(`/staff/campaigns/${campaign.id}/paper`)
  }

  /**
   * Checks both lists line by line; saves nothing but its audit row. It tells the admin which
   * voters already voted, so it is limited per staff member and audited (counts only, no voters).
   */
  async preview(ctx: HttpContext) {
    const campaign = await authorized(ctx, 'import')
    const input = await validated(ctx)
    await limitChecks(ctx)
    const result = await previewPaperBatch(campaign, input)
    await auditCheck(ctx, 'voting.paper_batch_previewed', campaign, input, result)
    if (result.outcome !== 'ok') return refuse(ctx, result)
    const preview = {
      station: input.station,
      batchNo: input.batchNo,
      sheets: result.lines.length,
      voters: result.voters.length,
      firstSheets: result.lines
        .slice(0, PREVIEW_SHEETS)
        .map((l) => ({ line: l.line, sheetNo: l.sheetNo, choices: l.choices })),
      totals: await totalsWithTitles(campaign, result.lines),
    }
    if (wantsJson(ctx.request)) return preview
    return ctx.inertia.render('staff/voting/paper', {
      ...(await pageProps(ctx, campaign)),
      preview,
    })
  }

  /** Re-checks everything, then signs, queues and records the batch (all or nothing). */
  async store(ctx: HttpContext) {
    const campaign = await authorized(ctx, 'import')
    const input = await validated(ctx)
    await limitChecks(ctx)
    const result = await importPaperBatch(staffActor(ctx), campaign.id, input)
    // A refused import tells as much as a preview (an import that succeeds has its own audit row).
    if (result.outcome !== 'ok' && result.outcome !== 'no_admin_key') {
      await auditCheck(ctx, 'voting.paper_batch_refused', campaign, input, result)
    }
    if (result.outcome === 'no_admin_key') {
      throw new Exception(ctx.i18n.t('voting.paper.no_admin_key'), {
        status: 503,
        code: 'ledger_not_configured',
      })
    }
    if (result.outcome !== 'ok') return refuse(ctx, result)
    if (wantsJson(ctx.request)) {
      return ctx.response.status(201).send({
        batchId: result.batchId,
        txHash: result.txHash,
        sheets: result.sheets,
        voters: result.voters,
      })
    }
    ctx.session.flash(
      'success',
      ctx.i18n.t('voting.paper.imported', { sheets: result.sheets, txHash: result.txHash })
    )
    return ctx.response.redirect(`/staff/campaigns/${campaign.id}/paper`)
  }
}

async function authorized(ctx: HttpContext, ability: 'view' | 'import'): Promise<Campaign> {
  const id = Number(ctx.params.id)
  const campaign = Number.isSafeInteger(id) ? await Campaign.find(id) : null
  if (!campaign || campaign.stage === 'drafting') notFound()
  await ctx.bouncer.with('paperBatch').authorize(ability, campaign)
  return campaign
}

/**
 * The form, its files streamed to temporary paths only now that the member may import (CSV or
 * text only, 413 past the size of two lists — before any line is read).
 */
async function validated(ctx: HttpContext): Promise<PaperImportForm> {
  await receiveUploads(ctx, { limit: PAPER_UPLOAD_BYTES_MAX, extensions: PAPER_FILE_EXTENSIONS })
  return ctx.request.validateUsing(paperImportValidator)
}

/** Every project of the campaign with what the batch gives it: the station's count, to compare. */
async function totalsWithTitles(campaign: Campaign, lines: PaperLine[]) {
  const projects = await Project.query()
    .where('campaignId', campaign.id)
    .orderBy('id')
    .select('id', 'title')
  const titles = new Map(projects.map((p) => [p.id, p.title]))
  return projectTotals(
    lines,
    projects.map((p) => p.id)
  ).map((total) => ({ ...total, title: titles.get(total.projectId) ?? '' }))
}

async function pageProps(ctx: HttpContext, campaign: Campaign) {
  const batches = await db
    .from('paper_batches as b')
    .leftJoin('ledger_outbox as o', 'o.tx_hash', 'b.tx_hash')
    .leftJoin('staff_users as s', 's.id', 'b.operator_staff_id')
    .where('b.campaign_id', campaign.id)
    .orderBy('b.id', 'desc')
    .limit(500)
    .select(
      'b.id',
      'b.station',
      'b.batch_no',
      'b.sheets',
      'b.tx_hash',
      'b.operator_public_key',
      'b.created_at',
      's.full_name as operator',
      'o.status',
      'o.last_error'
    )
  const staffId = staffActor(ctx).id
  const encryption = await campaignEncryption(campaign.id)
  return {
    campaign: {
      id: campaign.id,
      title: translate(campaign.title, ctx.i18n.locale),
      stage: campaign.stage,
      // online and terminal ballots are encrypted; the page says paper sheets stay in clear
      encrypted: encryption.encrypted,
    },
    batches: batches.map((b) => ({
      id: b.id,
      station: b.station,
      batchNo: b.batch_no,
      sheets: b.sheets,
      txHash: b.tx_hash,
      operator: b.operator,
      operatorPublicKey: b.operator_public_key,
      createdAt: new Date(b.created_at).toISOString(),
      status: b.status ?? 'unknown',
      lastError: b.last_error,
    })),
    canImport: await ctx.bouncer.with('paperBatch').allows('import', campaign),
    myPublicKey: await staffPublicKeyOf(staffId),
  }
}

/** The audit row of a check: station, number, outcome and counts — never a voter. */
async function auditCheck(
  ctx: HttpContext,
  action: 'voting.paper_batch_previewed' | 'voting.paper_batch_refused',
  campaign: Campaign,
  input: PaperImportForm,
  result: PaperCheck
): Promise<void> {
  const counts =
    result.outcome === 'ok'
      ? { sheets: result.lines.length, voters: result.voters.length }
      : result.outcome === 'bad_lines'
        ? { alreadyVoted: result.voterErrors.filter((e) => e.code === 'already_voted').length }
        : {}
  const { station, batchNo, voterKind } = input
  await audit.record(
    staffActor(ctx),
    action,
    { type: 'campaigns', id: campaign.id },
    { after: { station, batchNo, voterKind, outcome: result.outcome, ...counts } }
  )
}

/** Preview and import check voters against the register: a limited number an hour per staff member. */
async function limitChecks(ctx: HttpContext): Promise<void> {
  const answer = await paperChecksAllowed(staffActor(ctx).id)
  if (answer.allowed) return
  const minutes = Math.ceil(answer.retryAfterSeconds / 60)
  const message = ctx.i18n.t('voting.paper.too_many_checks', { minutes })
  if (wantsJson(ctx.request)) {
    ctx.response.header('Retry-After', String(answer.retryAfterSeconds))
    throw new Exception(message, { status: 429, code: 'rate_limited' })
  }
  throw new vineErrors.E_VALIDATION_ERROR([{ field: 'csv', rule: 'paper_rate_limited', message }])
}

/** A refused check as field errors: 422 (JSON) or back to the form with the errors (pages). */
function refuse(ctx: HttpContext, result: Exclude<PaperCheck, { outcome: 'ok' }>): never {
  const t = (key: string, values: Record<string, string | number> = {}) =>
    ctx.i18n.t(`voting.paper.${key}`, values)
  if (result.outcome === 'closed') {
    throw new vineErrors.E_VALIDATION_ERROR([
      { field: 'csv', rule: 'paper_closed', message: t('closed') },
    ])
  }
  if (result.outcome === 'duplicate_batch') {
    throw new vineErrors.E_VALIDATION_ERROR([
      { field: 'batchNo', rule: 'duplicate_batch', message: t('duplicate_batch') },
    ])
  }
  if (result.outcome === 'count_mismatch') {
    throw new vineErrors.E_VALIDATION_ERROR([
      { field: 'voters', rule: 'paper_count_mismatch', message: t('count_mismatch', result) },
    ])
  }
  if (result.outcome === 'voters_without_kind') {
    throw new vineErrors.E_VALIDATION_ERROR([
      { field: 'voters', rule: 'paper_voters_without_kind', message: t('voters_without_kind') },
    ])
  }
  const summary = (field: string, errors: unknown[]) =>
    errors.length === 0
      ? []
      : [{ field, rule: 'paper_lines', message: t('bad_lines', { count: errors.length }) }]
  throw new vineErrors.E_VALIDATION_ERROR([
    ...summary('csv', result.errors),
    ...result.errors.slice(0, LINE_ERRORS_SHOWN_MAX).map((error) => ({
      field: `lines.${error.line}`,
      rule: `paper_${error.code}`,
      message: lineMessage(t, error),
    })),
    ...summary('voters', result.voterErrors),
    ...result.voterErrors.slice(0, LINE_ERRORS_SHOWN_MAX).map((error: VoterLineError) => ({
      field: `voterLines.${error.line}`,
      rule: `paper_${error.code}`,
      message: t(`voter_line.${error.code}`, { line: error.line }),
    })),
  ])
}

function lineMessage(
  t: (key: string, values?: Record<string, string | number>) => string,
  error: PaperLineError
): string {
  if (error.code !== 'rule' || !error.violation)
    return t(`line.${error.code}`, { line: error.line })
  const v = error.violation as Record<string, unknown>
  const values: Record<string, string | number> = { line: error.line }
  for (const [key, value] of Object.entries(v)) {
    if (typeof value === 'number' || typeof value === 'string') values[key] = value
  }
  return t(`rule.${error.violation.code}`, values)
}
