import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { rowId } from '#shared/row_id'
import { notFound } from '#shared/controllers/responses'
import { translate } from '#campaigns/translations'
import Campaign from '#campaigns/models/campaign'
import { stageIndex, STAGES } from '#campaigns/stages'
import {
  campaignReports,
  REPORT_NAMES,
  type ReportName,
} from '#reporting/services/campaign_reports'
import { reportTable } from '#reporting/export/report_table'
import { toCsv } from '#reporting/export/csv'
import { toXlsx } from '#reporting/export/xlsx'

const CAMPAIGNS_LIST_MAX = 200
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

async function authorizedCampaign(ctx: HttpContext) {
  const id = rowId(ctx.params.id)
  const campaign = id === null ? null : await Campaign.find(id)
  if (!campaign) {
    await ctx.bouncer.with('report').authorize('viewAny')
    notFound()
  }
  await ctx.bouncer.with('report').authorize('view', campaign)
  return campaign
}

/** Staff reports with charts, and every report as CSV and XLSX. */
export default class StaffReportsController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with('report').authorize('viewAny')
    const campaigns = await Campaign.query()
      .whereIn(
        'stage',
        STAGES.filter((s) => stageIndex(s) >= stageIndex('ideas'))
      )
      .orderBy('id', 'desc')
      .limit(CAMPAIGNS_LIST_MAX)
    const visible = []
    for (const campaign of campaigns) {
      if (await ctx.bouncer.with('report').allows('view', campaign)) {
        visible.push({
          id: campaign.id,
          title: translate(campaign.title, ctx.i18n.locale),
          stage: campaign.stage,
        })
      }
    }
    return ctx.inertia.render('staff/reports/index', { campaigns: visible })
  }

  async show(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx)
    const reports = await campaignReports(campaign, db.connection(), ctx.i18n.locale)
    return ctx.inertia.render('staff/reports/show', {
      campaign: {
        id: campaign.id,
        title: translate(campaign.title, ctx.i18n.locale),
        stage: campaign.stage,
        currency: campaign.currency,
      },
      reports,
      reportNames: REPORT_NAMES,
    })
  }

  async export(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx)
    // `:file` is `<report>.<csv|xlsx>`, e.g. turnout.csv
    const [name, format] = String(ctx.params.file).split('.') as [ReportName, string]
    if (!REPORT_NAMES.includes(name) || !['csv', 'xlsx'].includes(format)) notFound()
    const reports = await campaignReports(campaign, db.connection(), ctx.i18n.locale)
    const table = reportTable(reports, name)
    if (!table) {
      return ctx.response.status(409).send({
        error: 'counts_hidden',
        message: ctx.i18n.t('reporting.errors.counts_hidden'),
      })
    }
    const fileName = `${campaign.slug}-${name}.${format}`
    ctx.response.header('content-disposition', `attachment; filename="${fileName}"`)
    if (format === 'csv') {
      ctx.response.header('content-type', 'text/csv; charset=utf-8')
      return toCsv(table)
    }
    ctx.response.header('content-type', XLSX_TYPE)
    return toXlsx(table, name)
  }
}
