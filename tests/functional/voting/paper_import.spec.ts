import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { flushOutbox } from '#ledger/outbox/outbox'
import { decodeLedgerTx } from '@civic-budget/protocol/tx'
import issueCredential from '#voting/actions/issue_credential'
import { withLedgerCluster } from '#tests/helpers/ledger_cluster'
import {
  clearOutbox,
  openVoting,
  outboxRows,
  reviewCampaignWithProjects,
} from '#tests/helpers/ledger'
import { makeCity, makeResident, makeStaff } from '#tests/helpers/campaigns'
import { assertStaffRefusals, auditRows, staffRequest } from '#tests/helpers/staff'
import { blindFor, freshPhone } from '#tests/helpers/voting'
import { setRateLimit } from '#tests/helpers/identity'
import { rateLimitKey } from '#shared/rate_limit_keys'
import { personRef } from '#voting/person_ref'

/*
| Paper-ballot import against a real 4-replica cluster: preview saves nothing (but its audit row), a
| good batch (sheets and voters as two lists) becomes a committed paper-batch tx and marks stored in
| keyed-ref order, duplicates and double voting (online ↔ paper) are refused, the counts must match,
| checks are limited per staff member, and only the campaign's admins may import.
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
    keys: await count('staff_signing_keys'),
    audit: await count('audit_logs', { action: 'voting.paper_batch_imported' }),
  }
}

test.group('Voting · paper-ballot import', (group) => {
  const cluster = withLedgerCluster(group)

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

  test('a preview with bad lines answers every error by line and changes nothing', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, p1, p2, p3, base } = await votingCampaign()
    const csv = [
      'sheet;projects',
      `1;${p1} ${p2}`,
      `2;${p1} ${p2} ${p3} ${p1}`, // project twice
      `2;${p3}`, // sheet number twice
      `3;99999999`, // not on the ballot
      `4;`, // nothing chosen
      `x;${p1}`,
      `5;${p1}:2`, // approval weights are 1
    ].join('\n')
    const before = await snapshot(campaign.id)
    const response = await staffRequest(client, 'post', `${base}/preview`, admin)
      .json({ station: 'School 5', batchNo: 1, voterKind: 'none', csv })
      .accept('json')
    response.assertStatus(422)
    const fields = Object.fromEntries(
      response.body().errors.map((d: { field: string; rule: string }) => [d.field, d.rule])
    )
    assert.deepEqual(fields, {
      'csv': 'paper_lines',
      'lines.3': 'paper_rule',
      'lines.4': 'paper_duplicate_sheet',
      'lines.5': 'paper_rule',
      'lines.6': 'paper_empty_sheet',
      'lines.7': 'paper_bad_sheet',
      'lines.8': 'paper_rule',
    })
    assert.match(
      response.body().errors.find((d: { field: string }) => d.field === 'lines.5').message,
      /99999999/
    )
    // the import itself refuses the same file the same way
    const store = await staffRequest(client, 'post', base, admin)
      .json({ station: 'School 5', batchNo: 1, voterKind: 'none', csv })
      .accept('json')
    store.assertStatus(422)
    assert.deepEqual(await snapshot(campaign.id), before)
  }).timeout(60_000)

  test('a good file: preview, import, committed on the ledger, counted in the tally', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, p1, p2, p3, base } = await votingCampaign()
    const phones = [freshPhone(), freshPhone(), freshPhone()]
    const csv = `sheet,projects\n3,${p2}\n1,${p1} ${p2}\n2,${p3}\n`
    // who voted: a list of its own, in an order of its own
    const voters = `phone\n${phones[2]}\n${phones[0]}\n${phones[1]}\n`
    const body = { station: 'Library №2', batchNo: 7, voterKind: 'phone', csv, voters }
    const before = await snapshot(campaign.id)
    const preview = await staffRequest(client, 'post', `${base}/preview`, admin)
      .json(body)
      .accept('json')
    preview.assertStatus(200)
    assert.equal(preview.body().sheets, 3)
    assert.equal(preview.body().voters, 3)
    assert.deepEqual(await snapshot(campaign.id), before, 'the preview saves nothing')
    const [previewed] = await auditRows('voting.paper_batch_previewed', {
      type: 'campaigns',
      id: campaign.id,
    })
    assert.equal(previewed.actor_id, admin.id)
    assert.deepInclude(previewed.changes.after, { outcome: 'ok', sheets: 3, voters: 3 })
    for (const phone of phones) assert.notInclude(JSON.stringify(previewed), phone.slice(2))

    const stored = await staffRequest(client, 'post', base, admin).json(body).accept('json')
    stored.assertStatus(201)
    const { txHash, batchId } = stored.body()
    assert.deepEqual(await snapshot(campaign.id), {
      batches: before.batches + 1,
      outbox: before.outbox + 1,
      marks: before.marks + 3,
      keys: before.keys + 1,
      audit: before.audit + 1,
    })
    const [audit] = await auditRows('voting.paper_batch_imported', {
      type: 'paper_batches',
      id: batchId,
    })
    assert.equal(audit.actor_id, admin.id)
    assert.notInclude(JSON.stringify(audit.changes), phones[0])

    // the marks and their claims: keyed refs, physically in ref order (one statement), no time finer
    // than the hour — nothing follows the voter list's order
    const refs = phones.map((phone) => personRef(campaign.id, 'phone', phone)).sort()
    const marks = await db.rawQuery(
      `SELECT person_ref, issued_at FROM credential_issuances WHERE paper_batch_id = ? ORDER BY ctid`,
      [batchId]
    )
    assert.deepEqual(
      marks.rows.map((m: { person_ref: string }) => m.person_ref),
      refs
    )
    for (const m of marks.rows) assert.equal(m.issued_at.getTime() % 3600_000, 0)
    const claims = await db.rawQuery(
      `SELECT person_ref FROM credential_person_refs WHERE campaign_id = ? ORDER BY ctid`,
      [campaign.id]
    )
    assert.deepEqual(
      claims.rows.map((c: { person_ref: string }) => c.person_ref),
      refs
    )

    await flushOutbox({ commitWaitMs: 20_000 })
    const [row] = await outboxRows()
    assert.equal(row.tx_hash, txHash)
    assert.equal(row.status, 'committed', row.last_error)
    const tx = decodeLedgerTx(row.payload)
    assert.equal(tx.kind, 'paper-batch')
    if (tx.kind === 'paper-batch') {
      assert.deepEqual(tx.batch.sheets, [
        {
          sheetNo: 1,
          choices: [
            { projectId: p1, weight: 1 },
            { projectId: p2, weight: 1 },
          ],
        },
        { sheetNo: 2, choices: [{ projectId: p3, weight: 1 }] },
        { sheetNo: 3, choices: [{ projectId: p2, weight: 1 }] },
      ])
      const key = await db.from('staff_signing_keys').where('staff_user_id', admin.id).first()
      assert.equal(Buffer.from(tx.operatorKey).toString('hex'), key.public_key)
    }
    for (const phone of phones) {
      assert.notInclude(row.payload.toString('latin1'), phone.slice(1))
    }
    const answer = await fetch(`${cluster().url(2)}/pb/campaigns/${campaign.id}/tally`)
    const tally = await answer.json()
    assert.equal(tally.ballots, 3)
    assert.equal(tally.paperBallots, 3)

    // the page lists the batch with its ledger status and the operator's key
    const page = await staffRequest(client, 'get', base, admin).withInertia()
    page.assertStatus(200)
    const [listed] = page.inertiaProps.batches
    assert.equal(listed.status, 'committed')
    assert.equal(listed.station, 'Library №2')
    assert.equal(page.inertiaProps.myPublicKey, listed.operatorPublicKey)
  }).timeout(90_000)

  test('the same station and batch number again is refused; nothing changes', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, p1, base } = await votingCampaign()
    const body = { station: 'S1', batchNo: 1, voterKind: 'none', csv: `1;${p1}` }
    const first = await staffRequest(client, 'post', base, admin).json(body).accept('json')
    first.assertStatus(201)
    const before = await snapshot(campaign.id)
    for (const path of [`${base}/preview`, base]) {
      const again = await staffRequest(client, 'post', path, admin)
        .json({ ...body, csv: `2;${p1}` })
        .accept('json')
      again.assertStatus(422)
      assert.equal(again.body().errors[0].field, 'batchNo')
      assert.equal(again.body().errors[0].rule, 'duplicate_batch')
    }
    assert.deepEqual(await snapshot(campaign.id), before)
    // another station may use the same number
    const otherStation = await staffRequest(client, 'post', base, admin)
      .json({ ...body, station: 'S2' })
      .accept('json')
    otherStation.assertStatus(201)
  }).timeout(60_000)

  test('one person, one vote: online voters refused on paper, paper voters refused online', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, p1, p2, base } = await votingCampaign()
    const online = await makeResident(freshPhone(), campaign.communityId)
    const issued = await issueCredential({
      campaignId: campaign.id,
      person: { channel: 'online', resident: online },
      blinded: blindFor(campaign.id).blinded,
    })
    assert.equal(issued.outcome, 'issued')
    const paperPhone = freshPhone()
    const refused = await staffRequest(client, 'post', base, admin)
      .json({
        station: 'S',
        batchNo: 1,
        voterKind: 'phone',
        csv: `1;${p1}\n2;${p2}`,
        // the online voter's number written as people write it
        voters: `${paperPhone}\n8${online.phoneE164.slice(2)}`,
      })
      .accept('json')
    refused.assertStatus(422)
    assert.deepEqual(
      refused.body().errors.map((d: { field: string; rule: string }) => [d.field, d.rule]),
      [
        ['voters', 'paper_lines'],
        ['voterLines.2', 'paper_already_voted'],
      ]
    )
    // the refused import tells who already voted, as a preview does: audited, by count only
    const [refusedAudit] = await auditRows('voting.paper_batch_refused', {
      type: 'campaigns',
      id: campaign.id,
    })
    assert.deepInclude(refusedAudit.changes.after, { outcome: 'bad_lines', alreadyVoted: 1 })
    assert.notInclude(JSON.stringify(refusedAudit), paperPhone.slice(2))
    assert.notInclude(JSON.stringify(refusedAudit), online.phoneE164.slice(2))
    const accepted = await staffRequest(client, 'post', base, admin)
      .json({ station: 'S', batchNo: 1, voterKind: 'phone', csv: `1;${p1}`, voters: paperPhone })
      .accept('json')
    accepted.assertStatus(201)

    // the paper voter signs up afterwards and asks for a credential: 409
    const later = await makeResident(paperPhone, campaign.communityId)
    const response = await client
      .post(`/campaigns/${campaign.id}/credential`)
      .json({ blinded: blindFor(campaign.id).blinded })
      .withGuard('resident')
      .loginAs(later)
      .withCsrfToken()
    response.assertStatus(409)
    assert.equal(response.body().error, 'credential_already_issued')
    // and the same person on paper again (another station) is refused too
    const twice = await staffRequest(client, 'post', base, admin)
      .json({ station: 'S9', batchNo: 1, voterKind: 'phone', csv: `1;${p2}`, voters: paperPhone })
      .accept('json')
    twice.assertStatus(422)
    assert.equal(twice.body().errors[1].rule, 'paper_already_voted')
  }).timeout(60_000)

  test('as many voters as sheets; a voter list needs its kind; bad voters by line', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, p1, p2, base } = await votingCampaign()
    const before = await snapshot(campaign.id)
    const send = (body: Record<string, unknown>) =>
      staffRequest(client, 'post', `${base}/preview`, admin)
        .header('accept-language', 'uk')
        .json({ station: 'S', batchNo: 1, csv: `1;${p1}\n2;${p2}`, ...body })
        .accept('json')
    const short = await send({ voterKind: 'phone', voters: freshPhone() })
    short.assertStatus(422)
    assert.deepInclude(short.body().errors[0], { field: 'voters', rule: 'paper_count_mismatch' })
    assert.match(short.body().errors[0].message, /1.*2|2.*1/)
    const kindless = await send({ voterKind: 'none', voters: freshPhone() })
    kindless.assertStatus(422)
    assert.equal(kindless.body().errors[0].rule, 'paper_voters_without_kind')
    const bad = await send({ voterKind: 'id_hash', voters: `${'ab'.repeat(32)}\nnot-an-id` })
    bad.assertStatus(422)
    assert.deepEqual(
      bad.body().errors.map((d: { field: string; rule: string }) => [d.field, d.rule]),
      [
        ['voters', 'paper_lines'],
        ['voterLines.2', 'paper_bad_voter'],
      ]
    )
    assert.match(bad.body().errors[1].message, /виборців/, 'localized')
    assert.deepEqual(await snapshot(campaign.id), before)
  }).timeout(60_000)

  test('voter checks are limited per staff member: 429 (JSON) / field error (page)', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, p1, base } = await votingCampaign()
    const { default: votingConfig } = await import('#config/voting')
    const allowed = votingConfig.paper.checksPerStaff.requests
    await setRateLimit(rateLimitKey('paper:staff', String(admin.id)), allowed, 3600)
    const body = {
      station: 'S',
      batchNo: 1,
      voterKind: 'phone',
      csv: `1;${p1}`,
      voters: freshPhone(),
    }
    for (const path of [`${base}/preview`, base]) {
      const refused = await staffRequest(client, 'post', path, admin).json(body).accept('json')
      refused.assertStatus(429)
      assert.isAbove(Number(refused.header('retry-after')), 0)
    }
    const page = await staffRequest(client, 'post', `${base}/preview`, admin)
      .json(body)
      .withInertia()
      .redirects(0)
    page.assertStatus(302)
    // another admin of the campaign has an allowance of their own
    const other = await makeStaff('admin', campaign.communityId)
    const fresh = await staffRequest(client, 'post', `${base}/preview`, other)
      .json(body)
      .accept('json')
    fresh.assertStatus(200)
  }).timeout(60_000)

  test('only admins of the campaign community import; observers only look', async ({
    client,
    assert,
  }) => {
    const { campaign, p1, base } = await votingCampaign()
    const { other } = await makeCity()
    const roles = ['moderator', 'expert', 'observer', 'terminal'] as const
    const insiders = Object.fromEntries(
      await Promise.all(roles.map(async (r) => [r, await makeStaff(r, campaign.communityId)]))
    )
    const body = { station: 'S', batchNo: 1, voterKind: 'none', csv: `1;${p1}` }
    await assertStaffRefusals(client, assert, {
      routes: [
        { name: 'page', method: 'get', path: base, allowed: ['admin', 'observer'] },
        { name: 'preview', method: 'post', path: `${base}/preview`, body, allowed: ['admin'] },
        { name: 'import', method: 'post', path: base, body, allowed: ['admin'] },
      ],
      insiders,
      outsideCommunityId: other.id,
      snapshot: () => snapshot(campaign.id),
    })
    const observer = await staffRequest(client, 'get', base, insiders.observer).withInertia()
    observer.assertStatus(200)
    assert.isFalse(observer.inertiaProps.canImport)
  }).timeout(90_000)
})
