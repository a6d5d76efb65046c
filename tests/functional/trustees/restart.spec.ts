import { decodeLedgerTx } from '@civic-budget/protocol/tx_decode'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import { CEREMONY_RESTARTS_MAX } from '@civic-budget/protocol/limits'
import { decodeThresholdRecord } from '@civic-budget/protocol/threshold_records'
import { makeDealing } from '@civic-budget/protocol/trustee'
import { configureLedger } from '#ledger/ledger'
import { clearOutbox, reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { expectStatus, makeStaff } from '#tests/helpers/campaigns'
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
import type StaffUser from '#identity/models/staff_user'

/*
| Starting a failed or stalled key ceremony again (no replicas: a committed record is an outbox row
| marked committed). The real-cluster flow is restart_flow.spec.ts.
*/
const ADMIN_KEY = randomBytes(32).toString('hex')
const PAST = () => new Date(Date.now() - 1000).toISOString()

async function encryptedCampaign(client: ApiClient, deadlineAt?: string) {
  const fx = await reviewCampaignWithProjects(2)
  fx.campaign.votingClosesAt = DateTime.now().plus({ days: 7 })
  await fx.campaign.save()
  const trustees = await nameTrusteesAs(client, fx.admin, fx.campaign.id, {
    names: ['Ada', 'Boris', 'Chen'],
    threshold: 2,
    deadlineAt,
  })
  return { ...fx, trustees }
}

function restart(client: ApiClient, user: StaffUser, campaignId: number, body: object) {
  return client
    .post(`/staff/campaigns/${campaignId}/trustees/restart`)
    .json(body)
    .accept('json')
    .withCsrfToken()
    .withGuard('staff')
    .loginAs(user)
    .redirects(0)
}

async function postKeys(client: ApiClient, campaignId: number, trustees: NamedTrustee[]) {
  for (const trustee of trustees) {
    const key = await trusteeKey(campaignId, trustee.index)
    await expectStatus(
      trusteeApi(client, trustee.token).post('key', { record: hex(key.record) }),
      201
    )
  }
}

/** Keys from all three, a dealing from trustee 1 only, the deadline passed, "Finish": failed. */
async function failedCeremony(client: ApiClient) {
  const fx = await encryptedCampaign(client)
  await commitOutbox()
  await postKeys(client, fx.campaign.id, fx.trustees)
  const seen = await trusteeApi(client, fx.trustees[0].token).ceremony()
  const params = stateOf(seen.body()).params!
  const dealing = makeDealing(params, 1)
  await expectStatus(
    trusteeApi(client, fx.trustees[0].token).post('dealing', { record: hex(dealing) }),
    201
  )
  await db
    .from('campaign_ceremonies')
    .where('campaign_id', fx.campaign.id)
    .update({ deadline_at: new Date(Date.now() - 1000) })
  await commitOutbox()
  const finished = await client
    .post(`/staff/campaigns/${fx.campaign.id}/trustees/complete`)
    .accept('json')
    .withCsrfToken()
    .withGuard('staff')
    .loginAs(fx.admin)
  finished.assertStatus(200)
  const row = await db.from('campaign_ceremonies').where('campaign_id', fx.campaign.id).first()
  if (row.status !== 'failed') throw new Error(`ceremony ${row.status}, expected failed`)
  return fx
}

test.group('Trustees · starting the key ceremony again', (group) => {
  group.each.setup(async () => {
    configureLedger({ adminSecretKeyHex: ADMIN_KEY })
    await clearOutbox()
    return testUtils.db().withGlobalTransaction()
  })
  group.teardown(() => configureLedger({}))

  test('after a failure: new links, old ones dead, old records gone, ceremony reset, record queued, audited', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, trustees } = await failedCeremony(client)
    const screen = await client
      .get(`/staff/campaigns/${campaign.id}/trustees`)
      .withGuard('staff')
      .loginAs(admin)
      .withInertia()
    assert.include(screen.inertiaProps.ceremony as object, { restartable: true, restarts: 0 })

    const answer = await restart(client, admin, campaign.id, {
      names: ['Dana', 'Emil'],
      threshold: 2,
    })
    answer.assertStatus(200)
    const invites = answer.body().invites
    assert.deepEqual(
      invites.map((i: { index: number; name: string }) => [i.index, i.name]),
      [
        [1, 'Dana'],
        [2, 'Emil'],
      ]
    )
    assert.include(answer.body().ceremony, { status: 'keys', threshold: 2, trustees: 2 })

    // The old invite links no longer work; the new ones do.
    for (const old of trustees) await expectStatus(trusteeApi(client, old.token).ceremony(), 401)
    const fresh = invites[0].url.split('#token=')[1]
    const seen = await trusteeApi(client, fresh).ceremony()
    seen.assertStatus(200)
    assert.include(seen.body(), { status: 'keys', todo: 'key', threshold: 2, trustees: 2 })
    assert.deepEqual(seen.body().keys, [null, null])
    assert.deepEqual(seen.body().dealings, [])

    const row = await db.from('campaign_ceremonies').where('campaign_id', campaign.id).first()
    assert.include(row, { threshold: 2, trustees: 2, status: 'keys', restarts: 1 })
    assert.isNull(row.election_key)
    assert.isNull(row.outcome)
    assert.isNull(row.completed_at)
    assert.isNull(row.deadline_at)

    // Only the restart record is left in the app, and it is queued with the new t of n.
    const records = await db.from('ceremony_records').where('campaign_id', campaign.id)
    assert.deepEqual(
      records.map((r) => r.kind),
      ['ceremony-restart']
    )
    assert.deepEqual(
      decodeThresholdRecord('ceremony-restart', new Uint8Array(records[0].payload)),
      {
        kind: 'ceremony-restart',
        campaignId: campaign.id,
        restart: 1,
        threshold: 2,
        trustees: 2,
      }
    )
    const outbox = await db.from('ledger_outbox').where('tx_hash', records[0].tx_hash).first()
    assert.include(outbox, { kind: 'ceremony-restart', status: 'queued' })

    const audit = await db
      .from('audit_logs')
      .where('action', 'trustees.ceremony_restarted')
      .where('subject_id', String(campaign.id))
    assert.lengthOf(audit, 1)
    const details = audit[0].changes
    assert.include(details, { threshold: 2, trustees: 2, restarts: 1 })
    assert.deepEqual(details.names, ['Dana', 'Emil'])
    for (const invite of invites)
      assert.notInclude(JSON.stringify(audit), invite.url.split('#token=')[1])

    // A key waits until the restart record is on the ledger (the replicas would judge it by the
    // old ceremony); then it is taken.
    const key = await trusteeKey(campaign.id, 1)
    const early = await trusteeApi(client, fresh).post('key', { record: hex(key.record) })
    early.assertStatus(409)
    assert.equal(early.body().error, 'records_pending')
    await commitOutbox()
    await expectStatus(trusteeApi(client, fresh).post('key', { record: hex(key.record) }), 201)
  })

  test('refused while the ceremony runs, while records are pending, for non-admins, past the bound', async ({
    client,
    assert,
  }) => {
    const future = new Date(Date.now() + 3_600_000).toISOString()
    const { campaign, admin } = await encryptedCampaign(client, future)
    const body = { names: ['Dana', 'Emil'], threshold: 2 }
    const before = await outboxCount()

    // Running, deadline ahead: not restartable.
    const running = await restart(client, admin, campaign.id, body)
    running.assertStatus(409)
    assert.equal(running.body().error, 'not_restartable')

    // Deadline passed, but the trustees record is still on its way.
    await db
      .from('campaign_ceremonies')
      .where('campaign_id', campaign.id)
      .update({ deadline_at: new Date(PAST()) })
    const pending = await restart(client, admin, campaign.id, body)
    pending.assertStatus(409)
    assert.equal(pending.body().error, 'records_pending')
    await commitOutbox()

    // Observers and moderators may not; a threshold above n is a field error.
    for (const role of ['moderator', 'observer'] as const) {
      const user = await makeStaff(role, campaign.communityId)
      await expectStatus(restart(client, user, campaign.id, body), 403)
    }
    const tooHigh = await restart(client, admin, campaign.id, { names: ['Dana'], threshold: 2 })
    tooHigh.assertStatus(422)
    assert.equal(await outboxCount(), before)

    // The bound: CEREMONY_RESTARTS_MAX restarts at most.
    await db
      .from('campaign_ceremonies')
      .where('campaign_id', campaign.id)
      .update({ restarts: CEREMONY_RESTARTS_MAX })
    const bound = await restart(client, admin, campaign.id, body)
    bound.assertStatus(409)
    assert.equal(bound.body().error, 'too_many_restarts')
    assert.include(bound.body().message, String(CEREMONY_RESTARTS_MAX))
    assert.equal(await outboxCount(), before)
    const row = await db.from('campaign_ceremonies').where('campaign_id', campaign.id).first()
    assert.include(row, { threshold: 2, trustees: 3, restarts: CEREMONY_RESTARTS_MAX })

    // One below the bound it goes through (a stalled ceremony, deadline passed).
    await db
      .from('campaign_ceremonies')
      .where('campaign_id', campaign.id)
      .update({ restarts: CEREMONY_RESTARTS_MAX - 1 })
    await expectStatus(restart(client, admin, campaign.id, body), 200)
    // Numbered: the record says which restart it is, so no two restarts are the same tx.
    const [last] = await db
      .from('ledger_outbox')
      .where('kind', 'ceremony-restart')
      .orderBy('id', 'desc')
      .limit(1)
    const decoded = decodeLedgerTx(new Uint8Array(last.payload))
    assert.equal(
      'record' in decoded && decoded.record.kind === 'ceremony-restart' && decoded.record.restart,
      CEREMONY_RESTARTS_MAX
    )
  })
})
