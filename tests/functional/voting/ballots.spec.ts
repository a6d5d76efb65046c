import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { channelsOf } from '#voting/ballot_channels'
import { projectBlocks } from '#ledger/projection/projector'
import { configureIntake } from '#voting/intake/settings'
import { intakeStats } from '#voting/intake/campaign_actor'
import { resetIntake, resumePendingBallots } from '#voting/intake/intake'
import {
  ballotTx,
  bytesToBase64,
  bytesToHex,
  cborEncode,
  generateRegistrarKey,
  signBlinded,
  blind,
  unblind,
  verifyReceipt,
  type Receipt,
} from '@civic-budget/protocol'
import { ensureRegistrarKey } from '#voting/registrar'
import { TestLedgerCluster } from '#tests/helpers/ledger_cluster'
import { openVoting, reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { makeCampaign, makeCity } from '#tests/helpers/campaigns'
import { makeTerminal } from '#tests/helpers/voting'
import {
  ballotFrom,
  ballotRows,
  honestBallot,
  honestBallots,
  postBallot as post,
  replicaTxStatus,
  replicaTally,
  stopClusterIntake,
  useClusterIntake,
  warmUp,
  votingCampaign,
  pendingBallot,
} from '#tests/helpers/ballots'

/*
| Ballot intake against a real 4-replica `pb` cluster (TEST_LEDGER_BASE_PORT), started once for
| the group. Every campaign here enters voting through the stage hook (campaign tx queued in the
| outbox); the first ballot's request flushes it to the ledger (the intake's gate).
*/
/** A voting campaign whose ledger window closes `ms` from now. */
async function votingCampaignClosingIn(ms: number) {
  const fixture = await reviewCampaignWithProjects(1)
  await db
    .from('campaigns')
    .where('id', fixture.campaign.id)
    .update({ voting_closes_at: new Date(Date.now() + ms) })
  await openVoting(fixture.campaign.id, fixture.admin.id)
  return fixture
}

test.group('Ballot intake (real replicas)', (group) => {
  let cluster: TestLedgerCluster
  const timings: number[] = []

  group.setup(async () => {
    cluster = await TestLedgerCluster.start()
    return async () => {
      await stopClusterIntake(cluster)
      if (timings.length > 0) {
        const sorted = [...timings].sort((a, b) => a - b)
        console.log(
          `[ballots] POST → 200 with receipt: n=${sorted.length} median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted[sorted.length - 1]} ms`
        )
      }
    }
  })
  group.each.setup(() => useClusterIntake(cluster))

  test('a valid ballot is committed: 200 with a receipt, on every replica, no cookies', async ({
    client,
    assert,
  }) => {
    const { campaign, projects } = await votingCampaign(3)
    const ballot = await honestBallot(campaign.id, [
      { projectId: projects[0].id, weight: 1 },
      { projectId: projects[2].id, weight: 1 },
    ])
    // The first ballot also waits for the campaign tx; the second one below is timed.
    const response = await post(client, campaign.id, ballot.body)
    response.assertStatus(200)
    assert.notExists(response.header('set-cookie'))
    const receipt = response.body().receipt as Receipt
    assert.equal(receipt.ballotHash, ballot.ballotHash)
    assert.equal(receipt.campaignId, campaign.id)
    const check = verifyReceipt(receipt, cluster.genesis)
    assert.isTrue(check.ok, JSON.stringify(check))

    for (const url of cluster.urls) {
      assert.equal(await replicaTxStatus(url, ballot.txHash), 'committed', url)
    }
    const [row] = await ballotRows(campaign.id)
    assert.equal(row.status, 'committed')
    assert.equal(row.channel, 'online')
    assert.isNull(row.terminal_id)
    assert.deepEqual(
      Object.keys(row).sort(),
      [
        'ballot_hash',
        'campaign_id',
        'channel',
        'created_at',
        'height',
        'reason',
        'receipt',
        'status',
        'terminal_id',
        'tx',
        'tx_hash',
        'updated_at',
        'voter_key',
      ],
      'no personal data, no IP'
    )

    const status = await client.get(`/api/v1/ballots/${ballot.ballotHash}`)
    status.assertStatus(200)
    assert.equal(status.body().status, 'committed')
    assert.deepEqual(status.body().receipt, response.body().receipt)

    const second = await honestBallot(campaign.id, [{ projectId: projects[1].id, weight: 1 }])
    const t0 = Date.now()
    // A signed-in browser's cookies are ignored and none is set.
    const again = await post(client, campaign.id, second.body, {
      cookie: 'adonis-session=s%3Aanything; XSRF-TOKEN=x',
    })
    timings.push(Date.now() - t0)
    again.assertStatus(200)
    assert.notExists(again.header('set-cookie'))
    assert.deepEqual(Object.fromEntries(await channelsOf([ballot.ballotHash, second.ballotHash])), {
      [ballot.ballotHash]: 'online',
      [second.ballotHash]: 'online',
    })
  }).timeout(90_000)

  test('replay: identical bytes get the same receipt; another ballot with the key gets 409', async ({
    client,
    assert,
  }) => {
    const { campaign, projects } = await votingCampaign(3)
    const ballot = await honestBallot(campaign.id, [{ projectId: projects[0].id, weight: 1 }])
    const first = await post(client, campaign.id, ballot.body)
    first.assertStatus(200)
    const replay = await post(client, campaign.id, ballot.body)
    replay.assertStatus(200)
    assert.deepEqual(replay.body().receipt, first.body().receipt)

    const other = ballotFrom(
      campaign.id,
      [{ projectId: projects[1].id, weight: 1 }],
      ballot.voter,
      ballot.credential
    )
    const duplicate = await post(client, campaign.id, other.body)
    duplicate.assertStatus(409)
    assert.equal(duplicate.body().error, 'duplicate_voter')
    const rows = await ballotRows(campaign.id)
    assert.lengthOf(rows, 1)
    assert.equal(await replicaTxStatus(cluster.url(0), other.txHash), 'unknown')
  }).timeout(90_000)

  test('forged signature and forged credential: 422, nothing stored or sent', async ({
    client,
    assert,
  }) => {
    const { campaign, projects } = await votingCampaign(2)
    const choices = [{ projectId: projects[0].id, weight: 1 }]
    const honest = await honestBallot(campaign.id, choices)
    await post(client, campaign.id, honest.body).then((r: any) => r.assertStatus(200))

    const forgedSignature = await honestBallot(campaign.id, choices)
    const badSig = new Uint8Array(forgedSignature.signature)
    badSig[10] ^= 1
    const r1 = await post(client, campaign.id, {
      ballot: forgedSignature.body.ballot,
      signature: bytesToBase64(badSig),
    })
    r1.assertStatus(422)
    assert.equal(r1.body().error, 'invalid_signature')

    // A credential from a registrar key that is not the campaign's.
    const stranger = generateRegistrarKey()
    const { voter } = await honestBallot(campaign.id, choices)
    const { blinded, r } = blind(campaign.id, voter.publicKey)
    const forgedCredential = unblind(signBlinded(stranger.secretKey, blinded), r)
    const forged = ballotFrom(campaign.id, choices, voter, forgedCredential)
    const r2 = await post(client, campaign.id, forged.body)
    r2.assertStatus(422)
    assert.equal(r2.body().error, 'invalid_credential')

    const rows = await ballotRows(campaign.id)
    assert.lengthOf(rows, 1, 'only the honest ballot is stored')
    assert.equal(await replicaTxStatus(cluster.url(0), forged.txHash), 'unknown')
  }).timeout(90_000)

  test('bad requests: shape, base64, CBOR, another campaign, unknown campaign, rules', async ({
    client,
    assert,
  }) => {
    const { campaign, projects } = await votingCampaign(4)
    const good = await honestBallot(campaign.id, [{ projectId: projects[0].id, weight: 1 }])
    const expectError = async (body: unknown, status: number, error: string, id = campaign.id) => {
      const response = await post(client, id, body)
      response.assertStatus(status)
      assert.equal(response.body().error, error, JSON.stringify(response.body()))
      return response.body()
    }
    await expectError({}, 422, 'validation_failed')
    await expectError({ ballot: good.body.ballot }, 422, 'validation_failed')
    await expectError(
      { ballot: '!!not base64!!', signature: good.body.signature },
      422,
      'validation_failed'
    )
    await expectError(
      { ballot: good.body.ballot, signature: bytesToBase64(new Uint8Array(10)) },
      422,
      'validation_failed'
    )
    // Well-formed base64 of bytes that are not a ballot, and a non-canonical CBOR encoding.
    await expectError(
      { ballot: bytesToBase64(cborEncode([1, 'x'])), signature: good.body.signature },
      422,
      'validation_failed'
    )
    const nonCanonical = new Uint8Array([0x9f, 0x01, 0xff])
    await expectError(
      { ballot: bytesToBase64(nonCanonical), signature: good.body.signature },
      422,
      'validation_failed'
    )

    // The ballot names another campaign than the URL.
    const other = await votingCampaign(1)
    const elsewhere = await honestBallot(other.campaign.id, [
      { projectId: other.projects[0].id, weight: 1 },
    ])
    const wrong = await expectError(elsewhere.body, 422, 'validation_failed')
    assert.equal(wrong.details.errors[0].rule, 'wrong_campaign')

    await expectError(good.body, 404, 'not_found', 99_999_999)

    // Not JSON at all: the body parser's 400, as JSON.
    const base = `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT}`
    const broken = await fetch(`${base}/api/v1/campaigns/${campaign.id}/ballots`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"ballot": ',
    })
    const brokenBody = (await broken.json()) as { error: string }
    assert.equal(broken.status, 400, JSON.stringify(brokenBody))
    assert.isString(brokenBody.error)

    // Four projects where at most three may be chosen; a project not on the ballot; nothing chosen.
    const tooMany = await honestBallot(
      campaign.id,
      projects.map((p) => ({ projectId: p.id, weight: 1 }))
    )
    const violation = await expectError(tooMany.body, 422, 'rule_violation')
    assert.equal(violation.details.violations[0].code, 'too_many')
    const unknownProject = await honestBallot(campaign.id, [{ projectId: 987_654, weight: 1 }])
    await expectError(unknownProject.body, 422, 'rule_violation')
    const empty = await honestBallot(campaign.id, [])
    const emptyAnswer = await expectError(empty.body, 422, 'rule_violation')
    assert.isTrue(emptyAnswer.details.violations.some((v: any) => v.code === 'empty_ballot'))

    assert.lengthOf(await ballotRows(campaign.id), 0)
  }).timeout(90_000)

  test('voting closed: another stage, and outside the ledger window', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const review = await makeCampaign(city.id, { stage: 'review' })
    await ensureRegistrarKey(review)
    const early = await honestBallot(review.id, [{ projectId: 1, weight: 1 }])
    const inReview = await post(client, review.id, early.body)
    inReview.assertStatus(409)
    assert.equal(inReview.body().error, 'voting_closed')
    assert.equal(inReview.body().details.stage, 'review')

    const { campaign, projects } = await votingCampaign(2)
    const ballot = await honestBallot(campaign.id, [{ projectId: projects[0].id, weight: 1 }])
    await db.from('campaigns').where('id', campaign.id).update({ stage: 'implementation' })
    const closed = await post(client, campaign.id, ballot.body)
    closed.assertStatus(409)
    assert.equal(closed.body().error, 'voting_closed')
    assert.equal(closed.body().details.stage, 'implementation')

    // Back in voting for the app, but the window registered on the ledger has ended.
    await db.from('campaigns').where('id', campaign.id).update({ stage: 'voting' })
    const soon = await votingCampaignClosingIn(2_500)
    const late = await honestBallot(soon.campaign.id, [
      { projectId: soon.projects[0].id, weight: 1 },
    ])
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    const outside = await post(client, soon.campaign.id, late.body)
    outside.assertStatus(409)
    assert.equal(outside.body().error, 'voting_closed')
    assert.equal(outside.body().details.window, 'closed')
  }).timeout(90_000)

  test('oversized body: 413 JSON, before anything is parsed', async ({ client, assert }) => {
    const { campaign } = await votingCampaign(1)
    const response = await post(client, campaign.id, {
      ballot: 'A'.repeat(40_000),
      signature: 'A'.repeat(88),
    })
    response.assertStatus(413)
    assert.equal(response.body().error, 'payload_too_large')
  }).timeout(30_000)

  test('campaign tx not on the ledger: 503 with Retry-After', async ({ client, assert }) => {
    // Seeded straight into voting: no stage hook ran, so no campaign tx was ever queued.
    const { city } = await makeCity()
    const campaign = await makeCampaign(city.id, { stage: 'voting' })
    await ensureRegistrarKey(campaign)
    const ballot = await honestBallot(campaign.id, [{ projectId: 1, weight: 1 }])
    const response = await post(client, campaign.id, ballot.body)
    response.assertStatus(503)
    assert.equal(response.body().error, 'ledger_unavailable')
    assert.equal(response.header('retry-after'), '2')
  }).timeout(30_000)

  test('20 parallel ballots: all committed, each exactly once', async ({ client, assert }) => {
    const { campaign, projects } = await votingCampaign(3)
    const ballots = await honestBallots(campaign.id, 20, (i) => [
      { projectId: projects[i % 3].id, weight: 1 },
    ])
    // The campaign tx first, so the 20 are timed on their own.
    await warmUp(client, campaign.id, projects[0].id)
    const t0 = Date.now()
    const responses = await Promise.all(ballots.map((b) => post(client, campaign.id, b.body)))
    const elapsed = Date.now() - t0
    console.log(`[ballots] 20 parallel ballots → all answered in ${elapsed} ms`)
    for (const response of responses) response.assertStatus(200)
    const heights = new Set(responses.map((r: any) => r.body().receipt.header))
    console.log(`[ballots] …in ${heights.size} block(s)`)

    // And five one after the other: the end-to-end time of a single ballot (printed at the end).
    for (let i = 0; i < 5; i++) {
      const single = await honestBallot(campaign.id, [{ projectId: projects[i % 3].id, weight: 1 }])
      const t1 = Date.now()
      const answer = await post(client, campaign.id, single.body)
      timings.push(Date.now() - t1)
      answer.assertStatus(200)
    }

    const rows = await ballotRows(campaign.id)
    assert.lengthOf(rows, 26)
    assert.isTrue(rows.every((r) => r.status === 'committed'))
    const tally = await replicaTally(cluster.url(3), campaign.id)
    assert.equal(tally.ballots, 26, JSON.stringify(tally))
    for (const b of ballots.slice(0, 5)) {
      assert.equal(await replicaTxStatus(cluster.url(1), b.txHash), 'committed')
    }
  }).timeout(120_000)

  test('overload: small bounds give 503 overloaded with Retry-After', async ({
    client,
    assert,
  }) => {
    const { campaign, projects } = await votingCampaign(2)
    await warmUp(client, campaign.id, projects[0].id)
    configureIntake({ maxPendingPerCampaign: 2, retryAfterSeconds: 3 })
    const ballots = await honestBallots(campaign.id, 8, () => [
      { projectId: projects[1].id, weight: 1 },
    ])
    const responses = await Promise.all(ballots.map((b) => post(client, campaign.id, b.body)))
    const statuses = responses.map((r: any) => r.status())
    const shed = responses.filter((r: any) => r.status() === 503)
    assert.isAtLeast(shed.length, 1, statuses.join(','))
    assert.isAtLeast(statuses.filter((s: number) => s === 200).length, 1, statuses.join(','))
    for (const r of shed) {
      assert.equal(r.body().error, 'overloaded')
      // The configured 3 s, stretched while more are shed than committed (admission.ts).
      assert.isAtLeast(Number(r.header('retry-after')), 3)
    }
    // A shed ballot is not stored; sent again when there is room, it is taken.
    configureIntake({})
    const retried = await post(client, campaign.id, ballots[statuses.indexOf(503)].body)
    retried.assertStatus(200)
  }).timeout(120_000)

  test('terminal channel: a valid token marks the ballot, a bad one gets 401', async ({
    client,
    assert,
  }) => {
    const { campaign, projects } = await votingCampaign(1)
    const { terminal, token } = await makeTerminal(campaign.communityId)
    const ballot = await honestBallot(campaign.id, [{ projectId: projects[0].id, weight: 1 }])
    const bad = await post(client, campaign.id, ballot.body, { authorization: 'Terminal cbt_nope' })
    bad.assertStatus(401)
    assert.equal(bad.body().error, 'unauthorized')
    const response = await post(client, campaign.id, ballot.body, {
      authorization: `Terminal ${token}`,
    })
    response.assertStatus(200)
    const [row] = await ballotRows(campaign.id)
    assert.equal(row.channel, 'terminal')
    assert.equal(row.terminal_id, terminal.id)
    const channels = await channelsOf([ballot.ballotHash])
    assert.equal(channels.get(ballot.ballotHash), 'terminal')
    // The projection counts it in the results' terminal channel.
    await projectBlocks()
    const tallies = await db
      .from('tally_projects')
      .where({ campaign_id: campaign.id, project_id: projects[0].id })
      .select('channel', 'votes')
    assert.deepEqual(tallies, [{ channel: 'terminal', votes: 1 }])
  }).timeout(90_000)

  test('202 pending after the bounded wait; GET /ballots/:hash follows it to committed', async ({
    client,
    assert,
  }) => {
    const { ballot, response } = await pendingBallot(client)
    assert.deepEqual(response.body(), { ballotHash: ballot.ballotHash, status: 'pending' })
    let status: any = null
    for (let i = 0; i < 100; i++) {
      const answer = await client.get(`/api/v1/ballots/${ballot.ballotHash}`)
      status = answer.body()
      if (status.status !== 'pending') break
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    assert.equal(status.status, 'committed')
    assert.isTrue(verifyReceipt(status.receipt, cluster.genesis).ok)
    const unknown = await client.get(`/api/v1/ballots/${'0'.repeat(64)}`)
    unknown.assertStatus(404)
    assert.equal(unknown.body().error, 'not_found')
  }).timeout(90_000)

  test('app restart: the actor is rebuilt from PostgreSQL and a used voter key is still refused', async ({
    client,
    assert,
  }) => {
    const { campaign, projects } = await votingCampaign(2)
    const ballot = await honestBallot(campaign.id, [{ projectId: projects[0].id, weight: 1 }])
    const accepted = await post(client, campaign.id, ballot.body)
    accepted.assertStatus(200)
    await resetIntake() // everything in memory is gone, as after a restart
    assert.isNull(intakeStats(campaign.id).campaign)

    const other = ballotFrom(
      campaign.id,
      [{ projectId: projects[1].id, weight: 1 }],
      ballot.voter,
      ballot.credential
    )
    const refused = await post(client, campaign.id, other.body)
    refused.assertStatus(409)
    assert.equal(refused.body().error, 'duplicate_voter')
    assert.deepInclude(intakeStats(campaign.id).campaign, { loaded: true, voters: 1 })
    const replay = await post(client, campaign.id, ballot.body)
    replay.assertStatus(200)
  }).timeout(90_000)

  test('recovery: pending ballots no replica knows are resubmitted (boot resume and GET)', async ({
    client,
    assert,
  }) => {
    const { campaign, projects } = await votingCampaign(2)
    await warmUp(client, campaign.id, projects[0].id)
    // Two ballots stored as pending but never sent (the app died between INSERT and POST /txs).
    const lost = [
      await honestBallot(campaign.id, [{ projectId: projects[0].id, weight: 1 }]),
      await honestBallot(campaign.id, [{ projectId: projects[1].id, weight: 1 }]),
    ]
    await db.table('ballots').multiInsert(
      lost.map((b) => ({
        ballot_hash: b.ballotHash,
        campaign_id: campaign.id,
        voter_key: bytesToHex(b.voter.publicKey),
        tx_hash: b.txHash,
        tx: Buffer.from(ballotTx(b.ballotBytes, b.signature)),
        channel: 'online',
        status: 'pending',
        created_at: new Date(Date.now() - 60_000),
      }))
    )
    await resetIntake()

    // GET alone catches the first one up: unknown to every replica → resubmitted → committed.
    let status: any = null
    for (let i = 0; i < 100 && status?.status !== 'committed'; i++) {
      const answer = await client.get(`/api/v1/ballots/${lost[0].ballotHash}`)
      status = answer.body()
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    assert.equal(status.status, 'committed')

    // Boot: the campaign's actor is spawned, rebuilds from PG and follows the other one.
    assert.equal(await resumePendingBallots(), 1)
    let row: any = null
    for (let i = 0; i < 100 && row?.status !== 'committed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      row = await db.from('ballots').where('ballot_hash', lost[1].ballotHash).first()
    }
    assert.equal(row.status, 'committed')
    assert.isTrue(verifyReceipt(row.receipt, cluster.genesis).ok)
    assert.equal(await replicaTxStatus(cluster.url(0), lost[1].txHash), 'committed')
  }).timeout(90_000)
})
