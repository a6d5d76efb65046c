import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import ExcelJS from 'exceljs'
import Campaign from '#campaigns/models/campaign'
import { makeCity, makeStaff } from '#tests/helpers/campaigns'
import { staffRequest } from '#tests/helpers/staff'
import { reportCampaign } from '#tests/helpers/reporting'
import { statusOf } from '#tests/helpers/outcomes'

/** Minimal RFC 4180 reader for the assertions (quotes, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const body = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') ((field += '"'), i++)
      else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') (row.push(field), (field = ''))
    else if (ch === '\r' && body[i + 1] === '\n') {
      ;(row.push(field), rows.push(row), (row = []), (field = ''), i++)
    } else field += ch
  }
  return rows
}

/** A superagent parser that keeps the body as bytes. */
function binary(res: NodeJS.ReadableStream, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => done(null, Buffer.concat(chunks)))
}

async function readXlsx(body: Buffer) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(body as unknown as ArrayBuffer)
  const sheet = workbook.worksheets[0]
  const rows: unknown[][] = []
  sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)))
  return { name: sheet.name, rows }
}

test.group('Reporting · reports and exports', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the reports page carries every report (turnout per 1,000, timeline, channels, projects, funnel, implementation)', async ({
    client,
    assert,
  }) => {
    const fx = await reportCampaign()
    const observer = await makeStaff('observer', fx.campaign.communityId)
    const page = await staffRequest(
      client,
      'get',
      `/staff/campaigns/${fx.campaign.id}/reports`,
      observer
    ).withInertia()
    assert.equal(page.status(), 200)
    const reports = page.inertiaProps.reports as Record<string, any>
    assert.deepEqual(
      reports.turnout.map((r: any) => [r.district, r.voters, r.perThousand]),
      [
        [fx.north.name, 3, 6],
        [fx.south.name, 1, 2],
      ]
    )
    assert.deepEqual(
      reports.timeline.map((r: any) => r.total),
      [2, 2]
    )
    assert.deepEqual(
      reports.channels.map((r: any) => [r.channel, r.ballots]),
      [
        ['online', 3],
        ['terminal', 1],
        ['paper', 0],
        ['import', 0],
      ]
    )
    assert.deepEqual(
      reports.projects.map((r: any) => [r.projectId, r.votes, r.funded]),
      [
        [fx.p0.id, 4, true],
        [fx.p1.id, 1, false],
      ]
    )
    assert.deepEqual(
      reports.funnel.map((r: any) => [r.step, r.count]),
      [
        ['submitted', 4],
        ['reviewed', 3],
        ['on_ballot', 2],
        ['funded', 1],
      ]
    )
    assert.deepEqual(
      reports.implementation.map((r: any) => [r.projectId, r.status, r.progressPercent]),
      [[fx.p0.id, 'in_progress', 40]]
    )
  })

  test('every report exports as CSV and XLSX with the same rows', async ({ client, assert }) => {
    const fx = await reportCampaign()
    const admin = fx.admin
    for (const name of [
      'turnout',
      'timeline',
      'channels',
      'projects',
      'funnel',
      'implementation',
    ]) {
      const base = `/staff/campaigns/${fx.campaign.id}/reports/${name}`
      const csv = await staffRequest(client, 'get', `${base}.csv`, admin)
      assert.equal(csv.status(), 200, name)
      assert.include(csv.header('content-type'), 'text/csv')
      const rows = parseCsv(csv.text())
      const request = staffRequest(client, 'get', `${base}.xlsx`, admin)
      request.request.buffer(true).parse(binary as never)
      const xlsx = await request
      assert.equal(xlsx.status(), 200, name)
      const sheet = await readXlsx(xlsx.body() as Buffer)
      assert.equal(sheet.name, name)
      assert.deepEqual(
        sheet.rows.map((r) => r.map(String)),
        rows,
        name
      )
      assert.isAbove(rows.length, 1, name)
    }
    const turnoutCsv = await staffRequest(
      client,
      'get',
      `/staff/campaigns/${fx.campaign.id}/reports/turnout.csv`,
      admin
    )
    const turnout = parseCsv(turnoutCsv.text())
    assert.deepEqual(turnout[0], [
      'district_id',
      'district',
      'population',
      'voters',
      'voters_per_1000',
    ])
    assert.deepEqual(turnout[1].slice(1), [fx.north.name, '500', '3', '6'])
  })

  test('while voting hides live results, vote reports and their exports are hidden; the rest stays', async ({
    client,
    assert,
  }) => {
    const fx = await reportCampaign()
    const campaign = await Campaign.findOrFail(fx.campaign.id)
    campaign.merge({ stage: 'voting', liveResultsPublic: false })
    await campaign.save()
    const page = await staffRequest(
      client,
      'get',
      `/staff/campaigns/${campaign.id}/reports`,
      fx.admin
    ).withInertia()
    const reports = page.inertiaProps.reports as Record<string, unknown>
    assert.isTrue(reports.hidden as boolean)
    for (const name of ['turnout', 'timeline', 'channels', 'projects']) {
      assert.isNull(reports[name], name)
      for (const format of ['csv', 'xlsx']) {
        const response = await staffRequest(
          client,
          'get',
          `/staff/campaigns/${campaign.id}/reports/${name}.${format}`,
          fx.admin
        )
        assert.equal(response.status(), 409, `${name}.${format}`)
      }
    }
    const funnel = await staffRequest(
      client,
      'get',
      `/staff/campaigns/${campaign.id}/reports/funnel.csv`,
      fx.admin
    )
    assert.equal(funnel.status(), 200)
  })

  test('only admins and observers of the community see reports', async ({ client, assert }) => {
    const fx = await reportCampaign()
    const moderator = await makeStaff('moderator', fx.campaign.communityId)
    const globalObserver = await makeStaff('observer', null)
    const { other } = await makeCity()
    const outsider = await makeStaff('observer', other.id)
    const url = `/staff/campaigns/${fx.campaign.id}/reports`
    assert.equal(await statusOf(staffRequest(client, 'get', url, moderator)), 403)
    assert.equal(await statusOf(staffRequest(client, 'get', url, outsider)), 403)
    assert.equal(await statusOf(staffRequest(client, 'get', `${url}/funnel.csv`, outsider)), 403)
    assert.equal(await statusOf(staffRequest(client, 'get', url, globalObserver)), 200)
    assert.equal(await statusOf(staffRequest(client, 'get', url)), 302)
    assert.equal(await statusOf(staffRequest(client, 'get', `${url}/nope.csv`, fx.admin)), 404)
  })
})
