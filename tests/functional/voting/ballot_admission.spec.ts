import { test } from '@japa/runner'
import { configureIntake } from '#voting/intake/settings'
import { resetIntake } from '#voting/intake/intake'
import { verifyReceipt } from '@civic-budget/protocol'
import { TestLedgerCluster } from '#tests/helpers/ledger_cluster'
import {
  ballotRows,
  honestBallots,
  postBallot as post,
  replicaTally,
  replicaTxStatus,
  stopClusterIntake,
  useClusterIntake,
  votingCampaign,
  warmUp,
  pendingBallot,
} from '#tests/helpers/ballots'

/*
| Bounded admission (app/voting/intake/admission.ts) against a real 4-replica cluster: more
| ballots than the intake will take at once are answered 503 `overloaded` with Retry-After at
| once, and nothing acknowledged is lost — every 200 carries a receipt whose tx is committed on
| the replicas, a shed ballot is not stored, and sent again later it is taken; the ledger's tally
| counts each ballot exactly once. Also: GET /ballots/:hash?wait is one long poll.
*/
test.group('Ballot admission (real replicas)', (group) => {
  let cluster: TestLedgerCluster

  group.setup(async () => {
    cluster = await TestLedgerCluster.start()
    return () => stopClusterIntake(cluster)
  })
  group.each.setup(() => useClusterIntake(cluster))

  test('saturation: 503 + Retry-After at once, every acknowledged ballot committed, none lost', async ({
    client,
    assert,
  }) => {
    const { campaign, projects } = await votingCampaign(2)
    await warmUp(client, campaign.id, projects[0].id)
    // A cold node admits `admissionFloor` ballots in flight; a tiny target keeps it there.
    await resetIntake()
    configureIntake({ admissionFloor: 4, admissionTargetMs: 1, retryAfterSeconds: 3 })
    const ballots = await honestBallots(campaign.id, 24, (i) => [
      { projectId: projects[i % 2].id, weight: 1 },
    ])
    const responses = await Promise.all(ballots.map((b) => post(client, campaign.id, b.body)))
    const statuses = responses.map((r: any) => r.status())
    const acknowledged = ballots.filter((_, i) => statuses[i] === 200)
    const shed = ballots.filter((_, i) => statuses[i] === 503)
    assert.isAtLeast(acknowledged.length, 1, statuses.join(','))
    assert.isAtLeast(shed.length, 1, statuses.join(','))
    assert.equal(acknowledged.length + shed.length, ballots.length, statuses.join(','))
    for (const r of responses.filter((x: any) => x.status() === 503)) {
      assert.equal(r.body().error, 'overloaded')
      assert.isString(r.body().message)
      // The configured 3 s, stretched while many more are shed than committed (at most 30 s).
      const retryAfter = Number(r.header('retry-after'))
      assert.isTrue(Number.isInteger(retryAfter) && retryAfter >= 3 && retryAfter <= 30)
    }

    // Acknowledged: the receipt checks against the genesis and its tx is on the replicas.
    for (const [i, r] of responses.entries()) {
      if (r.status() !== 200) continue
      assert.isTrue(verifyReceipt(r.body().receipt, cluster.genesis).ok)
      assert.equal(await replicaTxStatus(cluster.url(i % 4), ballots[i].txHash), 'committed')
    }
    // Shed: nothing stored; sent again (the client's retry), each is taken.
    const rowsBefore = await ballotRows(campaign.id)
    const stored = new Set(rowsBefore.map((row) => row.ballot_hash))
    for (const b of shed) assert.isFalse(stored.has(b.ballotHash), 'a shed ballot is not stored')
    configureIntake({})
    for (const b of shed) {
      const retried = await post(client, campaign.id, b.body)
      retried.assertStatus(200)
    }

    const rows = await ballotRows(campaign.id)
    assert.equal(rows.length, ballots.length + 1) // + the warm-up ballot
    assert.isTrue(rows.every((row) => row.status === 'committed'))
    const tally = await replicaTally(cluster.url(2), campaign.id)
    assert.equal(tally.ballots, ballots.length + 1, 'each ballot counted exactly once')
  }).timeout(120_000)

  test('GET /ballots/:hash?wait=<s>: one held request brings the receipt; bad wait is 422', async ({
    client,
    assert,
  }) => {
    const { ballot } = await pendingBallot(client)
    const held = await client.get(`/api/v1/ballots/${ballot.ballotHash}?wait=20`)
    held.assertStatus(200)
    assert.equal(held.body().status, 'committed')
    assert.isTrue(verifyReceipt(held.body().receipt, cluster.genesis).ok)
    // No session and no CSRF cookie on the ballot routes, the other shield headers as anywhere.
    assert.notExists(held.header('set-cookie'))
    assert.equal(held.header('x-content-type-options'), 'nosniff')
    assert.equal(held.header('x-frame-options'), 'SAMEORIGIN')

    const bad = await client.get(`/api/v1/ballots/${ballot.ballotHash}?wait=soon`)
    bad.assertStatus(422)
    assert.equal(bad.body().error, 'validation_failed')
    assert.equal(bad.body().details.errors[0].field, 'wait')
  }).timeout(90_000)
})
