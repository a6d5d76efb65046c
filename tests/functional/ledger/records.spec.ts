import { test } from '@japa/runner'
import { createHash } from 'node:crypto'
import drive from '@adonisjs/drive/services/main'
import changeStage from '#campaigns/actions/change_stage'
import { flushOutbox } from '#ledger/outbox/outbox'
import { decodeLedgerTx } from '@civic-budget/protocol/tx'
import supportIdea from '#proposals/actions/support_idea'
import IdeaAttachment from '#proposals/models/idea_attachment'
import withdrawSupport from '#proposals/actions/withdraw_support'
import { supporterHash } from '#proposals/supporter_hash'
import issueCredential from '#voting/actions/issue_credential'
import { publishIssuedCounts } from '#voting/issued_counts'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import { withLedgerCluster } from '#tests/helpers/ledger_cluster'
import {
  ballotFor,
  openVoting,
  outboxRows,
  resetReadModels,
  reviewCampaignWithProjects,
} from '#tests/helpers/ledger'
import { ledgerClient } from '#ledger/ledger'
import { projectBlocks } from '#ledger/projection/projector'
import { votingClosed } from '#trustees/decryption/voting_closed'
import { expectStatus, makeResident } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'
import { blindFor, freshPhone } from '#tests/helpers/voting'

/*
| Platform records produced by the app (supports, attachments, issuance counts) reach a real
| 4-replica cluster through the outbox, and carry nothing personal.
*/
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
)

/** Flushes until every row is final; returns the rows with their decoded txs. */
async function flushAll() {
  for (let i = 0; i < 5; i++) {
    await flushOutbox({ commitWaitMs: 20_000 })
    const rows = await outboxRows()
    if (rows.every((r) => r.status === 'committed' || r.status === 'rejected')) break
  }
  const rows = await outboxRows()
  return rows.map((r) => ({ ...r, tx: decodeLedgerTx(r.payload) }))
}

/** Neither the phone (any spelling) nor the resident's row id appears in the bytes. */
function assertNothingPersonal(assert: any, payload: Buffer, phone: string, residentId: number) {
  const text = payload.toString('latin1')
  assert.notInclude(text, phone)
  assert.notInclude(text, phone.replace('+', ''))
  assert.notInclude(text, `resident:${residentId}`)
}

test.group('Ledger · platform records on a real cluster', (group) => {
  const cluster = withLedgerCluster(group)
  group.teardown(() => resetReadModels()) // the close test projects this cluster's blocks
  group.each.setup(async () => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })

  test('a support and its withdrawal are committed with the same keyed supporter hash', async ({
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'published' })
    const phone = freshPhone()
    const supporter = await makeResident(phone)
    const signed = await supportIdea(supporter, idea.id)
    assert.equal(signed.outcome, 'ok')
    const withdrawn = await withdrawSupport(supporter, idea.id)
    assert.equal(withdrawn.outcome, 'ok')

    const rows = await flushAll()
    assert.deepEqual(
      rows.map((r) => [r.kind, r.status]),
      [
        ['support', 'committed'],
        ['support', 'committed'],
      ]
    )
    const expected = bytesToHex(supporterHash(campaign.id, supporter.id))
    const records = rows.map((r) =>
      r.tx.kind === 'support' && 'record' in r.tx ? r.tx.record : null
    )
    assert.deepEqual(
      records.map((r) => r && [r.campaignId, r.ideaId, r.kind === 'support' && r.action]),
      [
        [campaign.id, idea.id, 'sign'],
        [campaign.id, idea.id, 'withdraw'],
      ]
    )
    for (const r of records) assert.equal(r?.kind === 'support' && r.supporterHash, expected)
    // unlinkable across campaigns: another campaign gives another hash
    assert.notEqual(bytesToHex(supporterHash(campaign.id + 1, supporter.id)), expected)
    for (const r of rows) assertNothingPersonal(assert, r.payload, phone, supporter.id)
  }).timeout(60_000)

  test('an attachment is committed with its digest, size and type', async ({ client, assert }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'draft' })
    await expectStatus(
      client
        .post(`/ideas/${idea.id}/attachments`)
        .file('file', PNG, { filename: 'my-street.png', contentType: 'image/png' })
        .accept('json')
        .withCsrfToken()
        .loginAs(author),
      201
    )
    const [row] = await flushAll()
    const stored = await IdeaAttachment.findByOrFail('ideaId', idea.id)
    const bytes = await drive.use().getBytes(stored.driveKey)
    assert.equal(stored.sha256, createHash('sha256').update(bytes).digest('hex'))
    assert.equal(row.status, 'committed')
    assert.deepEqual(row.tx.kind === 'attachment' && 'record' in row.tx && row.tx.record, {
      kind: 'attachment',
      campaignId: campaign.id,
      ideaId: idea.id,
      // A photo is stored re-encoded without metadata: the record is of the stored bytes.
      sha256: stored.sha256,
      byteSize: stored.size,
      mediaType: 'image/png',
    })
    assert.notInclude(row.payload.toString('latin1'), 'my-street')
    assertNothingPersonal(assert, row.payload, author.phoneE164, author.id)
  }).timeout(60_000)

  test('leaving voting: final issuance count, the ledger window closed, committed', async ({
    assert,
  }) => {
    const { campaign, admin, projects } = await reviewCampaignWithProjects(2)
    await openVoting(campaign.id, admin.id)
    const district = campaign.communityId
    const people = [
      await makeResident(freshPhone(), district),
      await makeResident(freshPhone(), district),
      await makeResident(freshPhone(), null), // no district: counted in the total only
    ]
    const issue = async (i: number) => {
      const result = await issueCredential({
        campaignId: campaign.id,
        person: { channel: 'online', resident: people[i] },
        blinded: blindFor(campaign.id).blinded,
      })
      assert.equal(result.outcome, 'issued')
    }
    await issue(0)
    await issue(2)
    assert.equal(await publishIssuedCounts(campaign.id), 'queued')
    assert.equal(await publishIssuedCounts(campaign.id), 'unchanged')
    await issue(1)
    // a ballot made while voting is open, submitted straight to the replicas after the close
    const late = await ballotFor(campaign.id, [{ projectId: projects[0].id, weight: 1 }])
    const closed = await changeStage({ type: 'staff', id: admin.id }, campaign.id, {
      from: 'voting',
      to: 'results',
    })
    assert.equal(closed.outcome, 'ok')

    const rows = await flushAll()
    assert.deepEqual(
      rows.map((r) => [r.kind, r.status]),
      [
        ['campaign', 'committed'],
        ['credentials-issued', 'committed'],
        ['credentials-issued', 'committed'],
        // closed by hand: the replicas' window (open-ended in the campaign tx) ends at its block
        ['voting-closed', 'committed'],
        ['outcome', 'committed'], // entering results also publishes the outcome (outcomes module)
      ]
    )
    const closing = rows.find((r) => r.kind === 'voting-closed')!
    assert.deepEqual('record' in closing.tx && closing.tx.record, {
      kind: 'voting-closed',
      campaignId: campaign.id,
    })
    await projectBlocks() // the trustees' gate also waits for the projection to reach the close
    assert.isTrue(await votingClosed(campaign.id))
    const [refused] = await ledgerClient().submitMany([late.txBytes])
    assert.equal(refused.outcome, 'rejected')
    assert.equal(refused.outcome === 'rejected' && refused.rejection.code, 'voting_closed')
    const countRows = rows.filter((r) => r.kind === 'credentials-issued')
    const counts = countRows.map((r) =>
      r.tx.kind === 'credentials-issued' && 'record' in r.tx ? r.tx.record : null
    )
    assert.deepEqual(
      counts.map((c) => c?.kind === 'credentials-issued' && [c.total, c.communities]),
      [
        [2, [{ communityId: district, total: 1 }]],
        [3, [{ communityId: district, total: 2 }]],
      ]
    )
    const answer = await fetch(`${cluster().url(3)}/pb/campaigns/${campaign.id}/tally`)
    const tally = await answer.json()
    assert.equal(tally.credentialsIssued.total, 3)
    assert.deepEqual(tally.credentialsIssued.communities, [{ communityId: district, total: 2 }])
    for (const r of countRows) {
      for (const p of people) assertNothingPersonal(assert, r.payload, p.phoneE164, p.id)
    }
  }).timeout(90_000)
})
