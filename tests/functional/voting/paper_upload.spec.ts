import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import { flushOutbox } from '#ledger/outbox/outbox'
import { decodeLedgerTx } from '@civic-budget/protocol/tx'
import { withLedgerCluster } from '#tests/helpers/ledger_cluster'
import {
  clearOutbox,
  openVoting,
  outboxRows,
  reviewCampaignWithProjects,
} from '#tests/helpers/ledger'
import { makeCity, makeStaff } from '#tests/helpers/campaigns'
import { staffRequest } from '#tests/helpers/staff'
import { freshPhone } from '#tests/helpers/voting'
import { uploadTmpDir } from '#shared/upload_intake'
import type StaffUser from '#identity/models/staff_user'

/*
| Issue #17 (uploads): the paper-ballot import takes the station's sheets and voter list as uploaded
| files, read by the server as streams (app/voting/paper). Upload → preview (first sheets, totals per
| project) → confirm with the same files → a committed paper-batch tx; bad lines by number with
| nothing stored; another kind of file 415, an oversized body 413, translated; roles as before.
*/
async function snapshot(campaignId: number) {
  const count = async (table: string, where: Record<string, unknown> = {}) => {
    const [row] = await db.from(table).where(where).count('* as n')
    return Number(row.n)
  }
  return {
    batches: await count('paper_batches', { campaign_id: campaignId }),
    outbox: await count('ledger_outbox'),
    marks: await count('credential_issuances', { campaign_id: campaignId }),
    audit: await count('audit_logs', { action: 'voting.paper_batch_imported' }),
  }
}

/** The files now in the upload folder (each request's are removed when it ends). */
async function leftUploads(): Promise<string[]> {
  return readdir(uploadTmpDir()).catch(() => [])
}

interface Files {
  sheets: string
  voters?: string
  sheetsName?: string
}

function upload(
  client: ApiClient,
  path: string,
  staff: StaffUser,
  fields: Record<string, string>,
  files: Files
) {
  let request = staffRequest(client, 'post', path, staff)
    .fields(fields)
    .file('file', files.sheets, { filename: files.sheetsName ?? 'sheets.csv' })
  if (files.voters) request = request.file('votersFile', files.voters, { filename: 'voters.csv' })
  return request
}

test.group('Voting · paper ballots as uploaded files', (group) => {
  withLedgerCluster(group)
  let dir: string
  group.setup(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paper-upload-'))
    // uploads of this file's requests go to a folder of its own (other checkouts share the OS one)
    const osTmp = process.env.TMPDIR
    process.env.TMPDIR = join(dir, 'tmp')
    return async () => {
      if (osTmp === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = osTmp
      await rm(dir, { recursive: true, force: true })
    }
  })
  const file = async (name: string, content: string | Buffer) => {
    const path = join(dir, name)
    await writeFile(path, content)
    return path
  }

  /** A campaign in voting whose campaign tx is committed; approval pot, 1..3 of its projects. */
  async function votingCampaign() {
    const fx = await reviewCampaignWithProjects(3)
    await openVoting(fx.campaign.id, fx.admin.id)
    await flushOutbox({ commitWaitMs: 20_000 })
    const [row] = await outboxRows()
    if (row.status !== 'committed') throw new Error(`campaign tx: ${row.status} ${row.last_error}`)
    await clearOutbox()
    const [p1, p2, p3] = fx.projects.map((p) => p.id)
    return { ...fx, p1, p2, p3, base: `/staff/campaigns/${fx.campaign.id}/paper` }
  }

  test('upload → preview (first sheets, totals per project) → confirm → committed', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, projects, p1, p2, p3, base } = await votingCampaign()
    const phones = [freshPhone(), freshPhone(), freshPhone()]
    const sheets = await file(
      'good.csv',
      `\uFEFFsheet;projects\r\n3;${p2}\r\n1;${p1} ${p2}\r\n2;${p3}\r\n`
    )
    const voters = await file('voters.csv', `phone\n${phones.join('\n')}\n`)
    const fields = { station: 'School 5', batchNo: '4', voterKind: 'phone' }
    const before = await snapshot(campaign.id)

    const preview = await upload(client, `${base}/preview`, admin, fields, {
      sheets,
      voters,
    }).accept('json')
    preview.assertStatus(200)
    assert.deepInclude(preview.body(), { station: 'School 5', batchNo: 4, sheets: 3, voters: 3 })
    assert.deepEqual(
      preview.body().firstSheets.map((s: { line: number; sheetNo: number }) => [s.line, s.sheetNo]),
      [
        [2, 3],
        [3, 1],
        [4, 2],
      ]
    )
    const title = (id: number) => projects.find((p) => p.id === id)!.title
    assert.deepEqual(preview.body().totals, [
      { projectId: p1, title: title(p1), votes: 1, points: 1 },
      { projectId: p2, title: title(p2), votes: 2, points: 2 },
      { projectId: p3, title: title(p3), votes: 1, points: 1 },
    ])
    assert.deepEqual(await snapshot(campaign.id), before, 'the preview saves nothing')

    // the page's own request (Inertia): the same preview rendered on the page
    const page = await upload(client, `${base}/preview`, admin, fields, { sheets, voters })
      .withInertia()
      .header('accept-language', 'ru')
    page.assertStatus(200)
    assert.equal(page.inertiaProps.preview.sheets, 3)
    assert.lengthOf(page.inertiaProps.preview.totals, 3)

    const stored = await upload(client, base, admin, fields, { sheets, voters }).accept('json')
    stored.assertStatus(201)
    assert.deepInclude(stored.body(), { sheets: 3, voters: 3 })
    assert.deepEqual(await snapshot(campaign.id), {
      batches: before.batches + 1,
      outbox: before.outbox + 1,
      marks: before.marks + 3,
      audit: before.audit + 1,
    })
    await flushOutbox({ commitWaitMs: 20_000 })
    const [row] = await outboxRows()
    assert.equal(row.tx_hash, stored.body().txHash)
    assert.equal(row.status, 'committed', row.last_error)
    const tx = decodeLedgerTx(row.payload)
    assert.equal(tx.kind, 'paper-batch')
    if (tx.kind === 'paper-batch') {
      assert.deepEqual(
        tx.batch.sheets.map((s) => s.sheetNo),
        [1, 2, 3]
      )
    }
    assert.deepEqual(await leftUploads(), [], 'the uploaded files are removed')
  }).timeout(120_000)

  test('bad lines in either file: 422 naming each line, nothing stored', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, p1, p2, base } = await votingCampaign()
    const sheets = await file(
      'bad.csv',
      ['sheet,projects', `1,${p1}`, `2,${p1} ${p2} ${p1}`, `2,${p2}`, '3,', `4,${p1}`].join('\n')
    )
    const voters = await file('bad_voters.csv', `${freshPhone()}\nnot a phone\n${freshPhone()}\n`)
    const fields = { station: 'S', batchNo: '1', voterKind: 'phone' }
    const before = await snapshot(campaign.id)
    for (const path of [`${base}/preview`, base]) {
      const response = await upload(client, path, admin, fields, { sheets, voters })
        .header('accept-language', 'uk')
        .accept('json')
      response.assertStatus(422)
      const errors = response.body().errors as { field: string; rule: string; message: string }[]
      assert.deepEqual(
        errors.map((e) => [e.field, e.rule]),
        [
          ['csv', 'paper_lines'],
          ['lines.3', 'paper_rule'],
          ['lines.4', 'paper_duplicate_sheet'],
          ['lines.5', 'paper_empty_sheet'],
          ['voters', 'paper_lines'],
          ['voterLines.2', 'paper_bad_voter'],
        ]
      )
      assert.match(errors.find((e) => e.field === 'lines.4')!.message, /4/)
      assert.match(errors.find((e) => e.field === 'voterLines.2')!.message, /виборців/)
    }
    // more lines than a batch takes: refused at the first line past the limit
    const long = await file(
      'long.csv',
      Array.from({ length: 2_500 }, (_, i) => `${i + 1};${p1}`).join('\n')
    )
    const tooLong = await upload(
      client,
      `${base}/preview`,
      admin,
      { ...fields, voterKind: 'none' },
      { sheets: long }
    ).accept('json')
    tooLong.assertStatus(422)
    assert.deepEqual(
      tooLong.body().errors.map((e: { field: string; rule: string }) => [e.field, e.rule]),
      [
        ['csv', 'paper_lines'],
        ['lines.2001', 'paper_too_many_lines'],
      ]
    )
    assert.deepEqual(await snapshot(campaign.id), before)
    assert.deepEqual(await leftUploads(), [])
  }).timeout(120_000)

  test('another kind of file: 415; a body past two lists: 413 — translated, nothing stored', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, p1, p2, p3, base } = await votingCampaign()
    const fields = { station: 'S', batchNo: '1', voterKind: 'none' }
    const before = await snapshot(campaign.id)
    const png = await file('photo.png', Buffer.from('89504e470d0a1a0a', 'hex'))
    for (const path of [`${base}/preview`, base]) {
      const json = await upload(client, path, admin, fields, {
        sheets: png,
        sheetsName: 'photo.png',
      })
        .header('accept-language', 'ru')
        .accept('json')
      json.assertStatus(415)
      assert.equal(json.body().error, 'unsupported_media_type')
      assert.match(json.body().message, /[а-я]/)
    }
    // a page: back to the form with the translated message
    const page = await upload(client, `${base}/preview`, admin, fields, {
      sheets: png,
      sheetsName: 'photo.png',
    })
      .withInertia()
      .header('referer', base)
    page.assertStatus(302)
    page.assertFlashMessage('error')

    // 200,000 lines are far more than a batch (2,000 sheets): the upload stops at the body limit
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i + 1};${p1} ${p2} ${p3}`)
    const huge = await file('huge.csv', `${rows.join('\n')}\n`)
    const tooLarge = await upload(client, `${base}/preview`, admin, fields, { sheets: huge })
      .header('accept-language', 'uk')
      .accept('json')
    tooLarge.assertStatus(413)
    assert.equal(tooLarge.body().error, 'payload_too_large')
    assert.match(tooLarge.body().message, /[а-яі]/)
    // under the body limit but over one list's 1 MB: a field error
    const big = await file('big.csv', `1;${p1}\n${'#'.repeat(1024 * 1024 + 10)}\n`)
    const overList = await upload(client, `${base}/preview`, admin, fields, { sheets: big }).accept(
      'json'
    )
    overList.assertStatus(422)
    assert.equal(overList.body().errors[0].field, 'file')

    assert.deepEqual(await snapshot(campaign.id), before)
    assert.deepEqual(await leftUploads(), [])
  }).timeout(120_000)

  test('only admins of the campaign community upload; nothing of a refused upload is read', async ({
    client,
    assert,
  }) => {
    const { campaign, p1, base } = await votingCampaign()
    const { other } = await makeCity()
    const sheets = await file('one.csv', `1;${p1}\n`)
    const fields = { station: 'S', batchNo: '1', voterKind: 'none' }
    const before = await snapshot(campaign.id)
    const refused = [
      ...(await Promise.all(
        (['moderator', 'expert', 'observer', 'terminal'] as const).map((role) =>
          makeStaff(role, campaign.communityId)
        )
      )),
      await makeStaff('admin', other.id),
    ]
    for (const staff of refused) {
      for (const path of [`${base}/preview`, base]) {
        const response = await upload(client, path, staff, fields, { sheets }).accept('json')
        response.assertStatus(403)
      }
    }
    // the preview's address, reloaded: the page for those who may see it
    const [moderator] = refused
    const back = await staffRequest(client, 'get', `${base}/preview`, moderator)
    back.assertStatus(403)
    const observer = refused[2]
    const reloaded = await staffRequest(client, 'get', `${base}/preview`, observer)
    reloaded.assertStatus(302)
    reloaded.assertHeader('location', base)
    const anonymous = await client
      .post(base)
      .fields(fields)
      .file('file', sheets)
      .withCsrfToken()
      .redirects(0)
    assert.include([302, 401], anonymous.status(), 'signed out')
    assert.deepEqual(await snapshot(campaign.id), before)
    assert.deepEqual(await leftUploads(), [])
  }).timeout(120_000)
})
