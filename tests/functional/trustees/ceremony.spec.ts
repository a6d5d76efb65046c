import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { randomBytes } from 'node:crypto'
import { configureLedger } from '#ledger/ledger'
import {
  clearOutbox,
  openVoting,
  outboxRows,
  reviewCampaignWithProjects,
} from '#tests/helpers/ledger'
import { expectStatus, makeCampaign, makeCity, makeStaff } from '#tests/helpers/campaigns'
import {
  commitOutbox,
  hex,
  nameTrusteesAs,
  outboxCount,
  stateOf,
  trusteeApi,
  trusteeKey,
  type NamedTrustee,
} from '#tests/helpers/trustees'
import { DateTime } from 'luxon'
import changeStage from '#campaigns/actions/change_stage'
import Campaign from '#campaigns/models/campaign'
import { advanceDueCampaigns } from '#campaigns/services/stage_scheduler'
import { EncryptionNotReady } from '#trustees/encryption'
import { createDealing, encodeDealing, sealShare } from '@civic-budget/protocol/dkg'
import {
  ceremonyOutcome,
  complaintHex,
  makeDealing,
  myKeyShare,
  reviewDealings,
  type TrusteeKey,
} from '@civic-budget/protocol/trustee'
import { decodeLedgerTx } from '@civic-budget/protocol/tx'
import { baseMul } from '@civic-budget/protocol/ristretto'
import type { ApiClient } from '@japa/api-client'

/*
| The key ceremony through the staff screen and the trustee API, with the trustee's own functions
| (@civic-budget/protocol/trustee) run in-process as the page and the CLI run them. The replicas are
| not started: a committed record is an outbox row marked committed.
*/
const ADMIN_KEY = randomBytes(32).toString('hex')

async function encryptedCampaign(client: ApiClient, threshold = 2, deadlineAt?: string) {
  const fx = await reviewCampaignWithProjects(2)
  fx.campaign.votingClosesAt = DateTime.now().plus({ days: 7 })
  await fx.campaign.save()
  const trustees = await nameTrusteesAs(client, fx.admin, fx.campaign.id, {
    names: ['Ada', 'Boris', 'Chen'],
    threshold,
    deadlineAt,
  })
  return { ...fx, trustees }
}

async function postKeys(client: ApiClient, campaignId: number, trustees: NamedTrustee[]) {
  const keys: TrusteeKey[] = []
  for (const trustee of trustees) {
    const key = await trusteeKey(campaignId, trustee.index)
    const response = await trusteeApi(client, trustee.token).post('key', {
      record: hex(key.record),
    })
    response.assertStatus(201)
    keys.push(key)
  }
  return keys
}

async function stageOf(campaignId: number) {
  const row = await db.from('campaigns').where('id', campaignId).first()
  return row.stage
}

async function keyRecordHex(campaignId: number, index: number) {
  const key = await trusteeKey(campaignId, index)
  return hex(key.record)
}

async function view(client: ApiClient, trustee: NamedTrustee) {
  const response = await trusteeApi(client, trustee.token).ceremony()
  response.assertStatus(200)
  return response.body()
}

test.group('Trustees · the key ceremony', (group) => {
  group.each.setup(async () => {
    configureLedger({ adminSecretKeyHex: ADMIN_KEY })
    await clearOutbox()
    return testUtils.db().withGlobalTransaction()
  })
  group.teardown(() => configureLedger({}))

  test('an admin names trustees: rows, the trustees record, invite links shown once', async ({
    client,
    assert,
  }) => {
    const { campaign, trustees } = await encryptedCampaign(client)
    assert.lengthOf(trustees, 3)
    assert.isTrue(trustees.every((t) => /^[A-Za-z0-9_-]{43}$/.test(t.token)))
    const ceremony = await db.from('campaign_ceremonies').where('campaign_id', campaign.id).first()
    assert.deepInclude(ceremony, { threshold: 2, trustees: 3, status: 'keys' })
    const rows = await db.from('campaign_trustees').where('campaign_id', campaign.id)
    // Only hashes are stored, and nothing in the audit log carries a token.
    for (const t of trustees) assert.notInclude(JSON.stringify(rows), t.token)
    const audit = await db
      .from('audit_logs')
      .where('action', 'trustees.named')
      .where('subject_id', String(campaign.id))
    assert.lengthOf(audit, 1)
    for (const t of trustees) assert.notInclude(JSON.stringify(audit), t.token)
    const [record] = await outboxRows()
    const tx = decodeLedgerTx(new Uint8Array(record.payload))
    assert.equal(record.kind, 'trustees')
    assert.equal(tx.kind, 'trustees')

    // The page shows no link on a later visit.
    const admin = await makeStaff('admin', campaign.communityId)
    const page = await client
      .get(`/staff/campaigns/${campaign.id}/trustees`)
      .withGuard('staff')
      .loginAs(admin)
      .withInertia()
    page.assertStatus(200)
    assert.deepEqual(page.inertiaProps.invites, [])
    assert.equal((page.inertiaProps.ceremony as any).status, 'keys')
  })

  test('naming: threshold above n → 422; non-admins and other communities → 403; nothing made', async ({
    client,
    assert,
  }) => {
    const { city, other } = await makeCity()
    const campaign = await makeCampaign(city.id, { stage: 'review' })
    const body = { names: ['A', 'B'], threshold: 2 }
    const send = (user: Awaited<ReturnType<typeof makeStaff>>, json = body) =>
      client
        .post(`/staff/campaigns/${campaign.id}/trustees`)
        .json(json)
        .accept('json')
        .withCsrfToken()
        .withGuard('staff')
        .loginAs(user)
        .redirects(0)
    const admin = await makeStaff('admin', city.id)
    const tooHigh = await send(admin, { names: ['A', 'B'], threshold: 3 })
    tooHigh.assertStatus(422)
    assert.equal(tooHigh.body().errors[0].field, 'threshold')
    assert.include(tooHigh.body().errors[0].message, '(2)')
    for (const user of [
      await makeStaff('moderator', city.id),
      await makeStaff('observer', city.id),
      await makeStaff('admin', other.id),
    ]) {
      await expectStatus(send(user), 403)
    }
    assert.lengthOf(await db.from('campaign_ceremonies').where('campaign_id', campaign.id), 0)
    assert.equal(await outboxCount(), 0)

    const voting = await makeCampaign(city.id, { stage: 'voting' })
    const late = await client
      .post(`/staff/campaigns/${voting.id}/trustees`)
      .json(body)
      .accept('json')
      .withCsrfToken()
      .withGuard('staff')
      .loginAs(admin)
    late.assertStatus(409)
    assert.equal(late.body().error, 'locked')
  })

  test('saving again: renames with new links before any key; t, n and everything fixed after', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, trustees } = await encryptedCampaign(client)
    const save = (body: Record<string, unknown>) =>
      client
        .post(`/staff/campaigns/${campaign.id}/trustees`)
        .json(body)
        .accept('json')
        .withCsrfToken()
        .withGuard('staff')
        .loginAs(admin)
    const otherShape = await save({ names: ['A', 'B', 'C'], threshold: 3 })
    otherShape.assertStatus(409)
    assert.equal(otherShape.body().error, 'parameters_fixed')

    const renamed = await nameTrusteesAs(client, admin, campaign.id, {
      names: ['Ada', 'Bea', 'Chen'],
      threshold: 2,
    })
    await expectStatus(trusteeApi(client, trustees[0].token).ceremony(), 401)
    const fresh = await view(client, renamed[1])
    assert.equal(fresh.steps[1].name, 'Bea')
    // Still one trustees record on its way: t and n did not change.
    const records = await db.from('ledger_outbox').where('kind', 'trustees')
    assert.lengthOf(records, 1)

    await postKeys(client, campaign.id, renamed.slice(0, 1))
    const late = await save({ names: ['Ada', 'Bea', 'Dan'], threshold: 2 })
    late.assertStatus(409)
    assert.equal(late.body().error, 'parameters_fixed')
    const names = await db
      .from('campaign_trustees')
      .where('campaign_id', campaign.id)
      .orderBy('index')
      .select('name')
    assert.deepEqual(
      names.map((row) => row.name),
      ['Ada', 'Bea', 'Chen']
    )
  })

  test('three trustees, one absent: deadline, completion without them, voting opens with the key', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, trustees } = await encryptedCampaign(client)
    const keys = await postKeys(client, campaign.id, trustees)
    let seen = await view(client, trustees[0])
    assert.equal(seen.status, 'dealing')
    assert.equal(seen.todo, 'deal')
    assert.isFalse(seen.decryptionOpen)

    // Trustee 3 never deals. Voting cannot open meanwhile.
    const params = stateOf(seen).params!
    for (const t of trustees.slice(0, 2)) {
      const dealing = makeDealing(params, t.index)
      await expectStatus(trusteeApi(client, t.token).post('dealing', { record: hex(dealing) }), 201)
    }
    await assert.rejects(() => openVoting(campaign.id, admin.id), /ceremony_incomplete/)
    const refused = await client
      .post(`/staff/campaigns/${campaign.id}/stage`)
      .json({ from: 'review', to: 'voting' })
      .accept('json')
      .withCsrfToken()
      .withGuard('staff')
      .loginAs(admin)
    refused.assertStatus(409)
    assert.equal(refused.body().error, 'ceremony_incomplete')
    assert.include(refused.body().message, 'key ceremony')
    assert.equal(await stageOf(campaign.id), 'review')

    // Still dealing (2 of 3 dealt, no deadline): reviews are not accepted yet.
    await expectStatus(
      trusteeApi(client, trustees[0].token).post('review', { complaints: [] }),
      409
    )
    // The admin sets a deadline that has passed (a moderator may not).
    const setDeadline = (user: typeof admin) =>
      client
        .put(`/staff/campaigns/${campaign.id}/trustees/deadline`)
        .json({ deadlineAt: new Date(Date.now() - 1000).toISOString() })
        .accept('json')
        .withCsrfToken()
        .withGuard('staff')
        .loginAs(user)
    await expectStatus(setDeadline(await makeStaff('moderator', campaign.communityId)), 403)
    await expectStatus(setDeadline(admin), 200)
    assert.lengthOf(await db.from('audit_logs').where('action', 'trustees.deadline_set'), 1)
    seen = await view(client, trustees[0])
    assert.equal(seen.status, 'review')
    assert.equal(seen.todo, 'review')
    const state = stateOf(seen)
    for (const t of trustees.slice(0, 2)) {
      const complaints = reviewDealings(params, state.dealings, t.index, keys[t.index - 1].secret)
      assert.lengthOf(complaints, 0)
      await expectStatus(trusteeApi(client, t.token).post('review', { complaints: [] }), 201)
    }

    const complete = () =>
      client
        .post(`/staff/campaigns/${campaign.id}/trustees/complete`)
        .accept('json')
        .withCsrfToken()
        .withGuard('staff')
        .loginAs(admin)
    const pending = await complete()
    pending.assertStatus(409)
    assert.equal(pending.body().error, 'records_pending')
    await commitOutbox()
    await expectStatus(complete(), 200)

    const row = await db.from('campaign_ceremonies').where('campaign_id', campaign.id).first()
    assert.equal(row.status, 'complete')
    assert.deepEqual(row.outcome.absent, [3])
    assert.deepEqual(row.outcome.qualified, [1, 2])
    const result = ceremonyOutcome(state)!
    assert.isTrue(result.ok)
    assert.equal(row.election_key, hex(result.ok ? result.electionKey.toBytes() : new Uint8Array()))
    // Every trustee's key share matches the records, the absent one's included.
    for (const key of keys) {
      const share = myKeyShare(params, result as any, state.dealings, key.file.index, key.secret)
      assert.isTrue(share.ok)
      if (share.ok)
        assert.isTrue(baseMul(share.share).equals((result as any).publicShares[key.file.index - 1]))
    }

    // Without a voting close time the window is open-ended: closing by hand ends it on the ledger
    // (a voting-closed record), after which the trustees decrypt.
    await Campaign.query().where('id', campaign.id).update({ votingClosesAt: null })
    await openVoting(campaign.id, admin.id)
    // Complete, voting open: decryption opens only after the close.
    const inVoting = await view(client, trustees[0])
    assert.isFalse(inVoting.decryptionOpen)
    // Closed by hand: decryption opens once the voting-closed record is on the ledger.
    const moved = await changeStage({ type: 'staff', id: admin.id }, campaign.id, {
      from: 'voting',
      to: 'results',
    })
    assert.equal(moved.outcome, 'ok')
    const queued = await view(client, trustees[0])
    assert.isFalse(queued.decryptionOpen)
    await db
      .from('ledger_outbox')
      .whereIn('kind', ['campaign', 'voting-closed'])
      .update({ status: 'committed', committed_height: 0 })
    const closed = await view(client, trustees[0])
    assert.isTrue(closed.decryptionOpen)
    const rows = await outboxRows()
    const campaignRow = rows.find((r) => r.kind === 'campaign')
    const tx = decodeLedgerTx(new Uint8Array(campaignRow.payload))
    assert.equal(tx.kind, 'campaign')
    if (tx.kind === 'campaign') {
      assert.deepEqual(tx.campaign.encryption, {
        threshold: 2,
        trustees: 3,
        electionKey: row.election_key,
        paddedLength: row.padded_length,
      })
      assert.equal(tx.campaign.votingClosesAtMs, Number.MAX_SAFE_INTEGER)
    }
  })

  test('a misbehaving dealer: bad share → complaint → excluded when the last review completes', async ({
    client,
    assert,
  }) => {
    const { campaign, trustees } = await encryptedCampaign(client)
    const keys = await postKeys(client, campaign.id, trustees)
    const params = stateOf(await view(client, trustees[0])).params!
    for (const t of trustees.slice(0, 2)) {
      const dealing = makeDealing(params, t.index)
      await expectStatus(trusteeApi(client, t.token).post('dealing', { record: hex(dealing) }), 201)
    }
    // Dealer 3's box for trustee 1 holds a share off its polynomial (the dealing is well-formed).
    const bad = createDealing(params, 3)
    bad.shares[0] = sealShare(params, 3, 1, 424242n)
    const dealt = await trusteeApi(client, trustees[2].token).post('dealing', {
      record: hex(encodeDealing(bad)),
    })
    dealt.assertStatus(201)

    const state = stateOf(await view(client, trustees[0]))
    const byTrustee = trustees.map((t) =>
      reviewDealings(params, state.dealings, t.index, keys[t.index - 1].secret)
    )
    assert.deepEqual(
      byTrustee.map((list) => list.map((c) => c.dealer)),
      [[3], [], []]
    )
    // Someone else's complaint is not mine to send.
    const foreign = await trusteeApi(client, trustees[1].token).post('review', {
      complaints: byTrustee[0].map(complaintHex),
    })
    foreign.assertStatus(422)
    assert.equal(foreign.body().error, 'wrong_trustee')
    for (const [i, t] of trustees.entries()) {
      const response = await trusteeApi(client, t.token).post('review', {
        complaints: byTrustee[i].map(complaintHex),
      })
      response.assertStatus(201)
    }
    // Reviewing twice is refused.
    await expectStatus(
      trusteeApi(client, trustees[0].token).post('review', { complaints: [] }),
      422
    )

    const stillReview = await view(client, trustees[0])
    assert.equal(stillReview.status, 'review')
    await commitOutbox()
    const done = await view(client, trustees[1])
    assert.equal(done.status, 'complete')
    assert.equal(done.todo, 'done')
    assert.deepEqual(done.outcome.qualified, [1, 2])
    assert.deepEqual(done.outcome.excluded, [
      { dealer: 3, reason: 'complaint_upheld', complainer: 1 },
    ])
    assert.match(done.fingerprint, /^[0-9a-f]{4}( [0-9a-f]{4}){3}$/)
  })

  test('forged, foreign, replayed and malformed records are refused (422/409); nothing queued', async ({
    client,
    assert,
  }) => {
    const { campaign, trustees } = await encryptedCampaign(client)
    const other = await encryptedCampaign(client)
    const api = trusteeApi(client, trustees[0].token)
    const before = await outboxCount()
    const refusals: [Record<string, unknown>, number, string][] = [
      [{ record: await keyRecordHex(campaign.id, 2) }, 422, 'wrong_trustee'],
      [{ record: await keyRecordHex(other.campaign.id, 1) }, 422, 'wrong_campaign'],
      [{ record: 'deadbeef' }, 422, 'bad_record'],
      [{ record: 'not hex' }, 422, 'validation_failed'],
      [{}, 422, 'validation_failed'],
    ]
    const mine = await trusteeKey(campaign.id, 1)
    const forged = mine.record.slice()
    forged[forged.length - 32] ^= 1 // the low byte of the proof's response s
    refusals.push([{ record: hex(forged) }, 422, 'bad_proof'])
    for (const [body, status, code] of refusals) {
      const response = await api.post('key', body)
      assert.equal(response.status(), status, JSON.stringify(body).slice(0, 60))
      assert.equal(response.body().error, code)
    }
    // A dealing before every key is in: not now.
    const early = await api.post('dealing', { record: 'a0' })
    early.assertStatus(409)
    assert.equal(await outboxCount(), before)

    await expectStatus(api.post('key', { record: hex(mine.record) }), 201)
    const replayed = await api.post('key', { record: hex(mine.record) })
    replayed.assertStatus(422)
    assert.equal(replayed.body().error, 'already_posted')
    const fresh = await api.post('key', { record: await keyRecordHex(campaign.id, 1) })
    fresh.assertStatus(422)
    assert.equal(await outboxCount(), before + 1)
    const records = await db
      .from('ceremony_records')
      .where({ campaign_id: campaign.id, kind: 'trustee-key' })
    assert.lengthOf(records, 1)
  })

  test('a wrong token → 401; a lost link re-issued (old one dead); repeated failures → 429', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, trustees } = await encryptedCampaign(client)
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 1}`
    const wrong = await client
      .get('/api/v1/trustee/ceremony')
      .header('Authorization', `Bearer ${'A'.repeat(43)}`)
      .header('X-Forwarded-For', ip)
    wrong.assertStatus(401)
    assert.equal(wrong.body().error, 'unauthorized')

    const reissued = await client
      .post(`/staff/campaigns/${campaign.id}/trustees/reissue`)
      .json({ index: 2 })
      .accept('json')
      .withCsrfToken()
      .withGuard('staff')
      .loginAs(admin)
    reissued.assertStatus(200)
    const [invite] = reissued.body().invites
    assert.equal(invite.index, 2)
    const newToken = invite.url.split('#token=')[1]
    await expectStatus(trusteeApi(client, trustees[1].token).ceremony(), 401)
    const fresh = await view(client, { index: 2, token: newToken })
    assert.equal(fresh.index, 2)
    assert.equal(fresh.campaign.id, campaign.id)

    let last = 0
    for (let i = 0; i < 25 && last !== 429; i++) {
      const response = await client
        .get('/api/v1/trustee/ceremony')
        .header('Authorization', 'Bearer nope')
        .header('X-Forwarded-For', ip)
      last = response.status()
    }
    assert.equal(last, 429)
    // Even a valid token from that address waits.
    const blocked = await client
      .get('/api/v1/trustee/ceremony')
      .header('Authorization', `Bearer ${newToken}`)
      .header('X-Forwarded-For', ip)
    blocked.assertStatus(429)
  })

  test('the stage hook refuses voting directly and on schedule; other campaigns still move', async ({
    client,
    assert,
  }) => {
    const { campaign, admin } = await encryptedCampaign(client)
    await assert.rejects(
      () =>
        changeStage({ type: 'staff', id: admin.id }, campaign.id, {
          from: 'review',
          to: 'voting',
        }),
      EncryptionNotReady
    )
    const clear = await reviewCampaignWithProjects(1)
    const due = DateTime.now().minus({ minutes: 1 })
    for (const c of [campaign, clear.campaign]) {
      await db.from('campaigns').where('id', c.id).update({ voting_opens_at: due.toJSDate() })
    }
    const moves = await advanceDueCampaigns()
    assert.deepEqual(
      moves.filter((m) => [campaign.id, clear.campaign.id].includes(m.campaignId)),
      [{ campaignId: clear.campaign.id, from: 'review', to: 'voting' }]
    )
    assert.equal(await stageOf(campaign.id), 'review')
  })
})
