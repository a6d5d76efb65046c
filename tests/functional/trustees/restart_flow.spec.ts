import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { bytesToHex, hexToBytes } from '@civic-budget/protocol/bytes'
import {
  decodeEncryptedBallot,
  type EncryptedBallot,
} from '@civic-budget/protocol/encrypted_ballot'
import {
  encodeDecryptionShareBatch,
  makeDecryptionShareBatch,
} from '@civic-budget/protocol/decryption'
import {
  ceremonyOutcome,
  ceremonyState,
  complaintHex,
  makeDealing,
  myKeyShare,
  reviewDealings,
} from '@civic-budget/protocol/trustee'
import { decodeLedgerTx } from '@civic-budget/protocol/tx'
import changeStage from '#campaigns/actions/change_stage'
import Campaign from '#campaigns/models/campaign'
import { projectBlocks } from '#ledger/projection/projector'
import { auditCampaign } from '#outcomes/audit/audit'
import { combineCampaign, settleCombinations } from '#trustees/decryption/combine'
import { campaignEncryption } from '#trustees/encryption'
import { postBallot } from '#tests/helpers/ballots'
import { withLedgerCluster } from '#tests/helpers/ledger_cluster'
import {
  commitQueued,
  openVoting,
  resetReadModels,
  reviewCampaignWithProjects,
} from '#tests/helpers/ledger'
import {
  ceremonyView,
  nameTrusteesAs,
  postKeys,
  trusteeApi,
  trusteeKey,
  type NamedTrustee,
} from '#tests/helpers/trustees'
import type StaffUser from '#identity/models/staff_user'
import { honestEncryptedBallot, voterCeremony } from '#tests/helpers/decryption/encrypted_campaign'

/*
| A stalled ceremony started again, against a real 4-replica cluster, through the trustee API: three
| trustees (2 of 3) post their keys, only one deals, the deadline passes; the admin starts the
| ceremony again with two new trustees (2 of 2). Their keys, dealings and reviews reach the ledger,
| the ceremony completes, and the replicas commit the campaign tx with the NEW election key — which
| they recompute from the records after the restart alone. One encrypted ballot, the close, both
| trustees' shares, the combination, and `ledger:audit` from the replicas' data alone.
*/
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function restartAs(client: ApiClient, admin: StaffUser, campaignId: number, body: object) {
  return client
    .post(`/staff/campaigns/${campaignId}/trustees/restart`)
    .json(body)
    .accept('json')
    .withCsrfToken()
    .withGuard('staff')
    .loginAs(admin)
    .redirects(0)
}

test.group('Trustees · a stalled ceremony started again (real replicas)', (group) => {
  const cluster = withLedgerCluster(group)
  group.teardown(() => resetReadModels())
  group.each.setup(() => () => settleCombinations())

  test('stalled 2 of 3 → restart 2 of 2 → complete → campaign tx with the new key → ballot, decryption, audit', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, projects } = await reviewCampaignWithProjects(3)
    const ids = projects.map((p) => p.id)
    const first = await nameTrusteesAs(client, admin, campaign.id, {
      names: ['Ada', 'Boris', 'Chen'],
      threshold: 2,
    })
    await commitQueued(assert)
    await postKeys(client, campaign.id, first)
    await commitQueued(assert)
    const oldParams = ceremonyState(await ceremonyView(client, first[0])).params!
    const dealt = await trusteeApi(client, first[0].token).post('dealing', {
      record: bytesToHex(makeDealing(oldParams, 1)),
    })
    dealt.assertStatus(201)
    await commitQueued(assert)

    // Only one dealing (t = 2) and the deadline passes: the ceremony is stuck.
    const deadline = await client
      .put(`/staff/campaigns/${campaign.id}/trustees/deadline`)
      .json({ deadlineAt: new Date(Date.now() - 1000).toISOString() })
      .accept('json')
      .withCsrfToken()
      .withGuard('staff')
      .loginAs(admin)
    deadline.assertStatus(200)
    const stalled = await ceremonyView(client, first[0])
    assert.equal(stalled.status, 'dealing')

    const restarted = await restartAs(client, admin, campaign.id, {
      names: ['Dana', 'Emil'],
      threshold: 2,
    })
    restarted.assertStatus(200)
    const trustees: NamedTrustee[] = restarted
      .body()
      .invites.map((invite: { index: number; url: string }) => ({
        index: invite.index,
        token: invite.url.split('#token=')[1],
      }))
    assert.lengthOf(trustees, 2)
    await trusteeApi(client, first[0].token)
      .ceremony()
      .then((r) => r.assertStatus(401))
    // A key waits until the restart is on the ledger.
    const early = await trusteeKey(campaign.id, 1)
    const waiting = await trusteeApi(client, trustees[0].token).post('key', {
      record: bytesToHex(early.record),
    })
    waiting.assertStatus(409)
    assert.equal(waiting.body().error, 'records_pending')
    await commitQueued(assert)

    // The new ceremony, each step on the ledger before the next (commitQueued: nothing refused).
    const keys = await postKeys(client, campaign.id, trustees)
    await commitQueued(assert)
    const params = ceremonyState(await ceremonyView(client, trustees[0])).params!
    for (const trustee of trustees) {
      const record = bytesToHex(makeDealing(params, trustee.index))
      const posted = await trusteeApi(client, trustee.token).post('dealing', { record })
      posted.assertStatus(201)
    }
    await commitQueued(assert)
    for (const [i, trustee] of trustees.entries()) {
      const state = ceremonyState(await ceremonyView(client, trustee))
      const complaints = reviewDealings(params, state.dealings, trustee.index, keys[i].secret)
      assert.lengthOf(complaints, 0)
      const body = { complaints: complaints.map(complaintHex) }
      const reviewed = await trusteeApi(client, trustee.token).post('review', body)
      reviewed.assertStatus(201)
    }
    await commitQueued(assert)
    const completed = await ceremonyView(client, trustees[0])
    assert.equal(completed.status, 'complete')
    assert.include(completed, { threshold: 2, trustees: 2 })
    const encryption = await campaignEncryption(campaign.id)
    if (!encryption.encrypted || !encryption.complete) throw new Error('ceremony not complete')

    // Voting: the replicas commit the campaign tx only if its key is the one the records after
    // the restart give (commitQueued fails on any refusal).
    const closesAt = DateTime.now().plus({ seconds: 12 })
    await Campaign.query().where('id', campaign.id).update({ votingClosesAt: closesAt })
    await openVoting(campaign.id, admin.id)
    await commitQueued(assert)
    const campaignRow = await db.from('ledger_outbox').where('kind', 'campaign').first()
    assert.equal(campaignRow.status, 'committed')
    const campaignTx = decodeLedgerTx(new Uint8Array(campaignRow.payload))
    if (campaignTx.kind !== 'campaign') throw new Error('not a campaign tx')
    assert.deepInclude(campaignTx.campaign.encryption, {
      threshold: 2,
      trustees: 2,
      electionKey: encryption.electionKey,
    })

    const ballot = await honestEncryptedBallot(voterCeremony(campaign.id, encryption), [
      { projectId: ids[1], weight: 1 },
    ])
    const cast = await postBallot(client, campaign.id, ballot.body)
    cast.assertStatus(200)

    await sleep(Math.max(0, closesAt.toMillis() - Date.now()) + 1_500)
    const moved = await changeStage({ type: 'staff', id: admin.id }, campaign.id, {
      from: 'voting',
      to: 'results',
    })
    assert.equal(moved.outcome, 'ok', JSON.stringify(moved))
    await resetReadModels()
    await projectBlocks()

    const state = ceremonyState(await ceremonyView(client, trustees[0]))
    const result = ceremonyOutcome(state)
    if (!result?.ok) throw new Error('no ceremony result')
    for (const [i, trustee] of trustees.entries()) {
      const listed = await client
        .get('/api/v1/trustee/ballots')
        .header('Authorization', `Bearer ${trustee.token}`)
      listed.assertStatus(200)
      const ballots: EncryptedBallot[] = listed.body().ballots.map((b: { ballot: string }) => {
        const decoded = decodeEncryptedBallot(hexToBytes(b.ballot))
        if (!decoded.ok) throw decoded.error
        return decoded.value
      })
      assert.lengthOf(ballots, 1)
      const share = myKeyShare(params, result, state.dealings, trustee.index, keys[i].secret)
      if (!share.ok) throw new Error(`trustee ${trustee.index}: ${share.reason}`)
      const keyShare = {
        campaignId: campaign.id,
        trustee: trustee.index,
        keyShare: share.share,
        publicShare: result.publicShares[trustee.index - 1],
      }
      const batch = makeDecryptionShareBatch(keyShare, ballots, 0)
      const posted = await client
        .post('/api/v1/trustee/shares')
        .header('Authorization', `Bearer ${trustee.token}`)
        .json({ record: bytesToHex(encodeDecryptionShareBatch(batch)) })
      posted.assertStatus(200)
      assert.equal(posted.body().verdict, 'valid')
    }
    await commitQueued(assert)
    const combined = await combineCampaign(campaign.id)
    assert.equal(combined.status, 'combined', JSON.stringify(combined))
    const tallies = await db
      .from('tally_projects')
      .where('campaign_id', campaign.id)
      .select('project_id', 'votes')
    const votes: Record<number, number> = {}
    for (const t of tallies) votes[t.project_id] = (votes[t.project_id] ?? 0) + Number(t.votes)
    assert.deepEqual(votes, { [ids[1]]: 1 })
    await commitQueued(assert)

    // The audit from the replicas' data alone (then against the database too) recomputes the new
    // ceremony's key from the records after the restart.
    for (const database of [null, db.connection()]) {
      const report = await auditCampaign({
        campaignId: campaign.id,
        replicaUrl: cluster().url(1),
        genesis: cluster().genesis,
        db: database,
      })
      assert.deepEqual(report.differences, [])
      assert.isTrue(report.ok, report.lines.join('\n'))
    }
  }).timeout(300_000)
})
