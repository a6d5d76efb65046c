import { test } from '@japa/runner'
import { ledgerClient } from '#ledger/ledger'
import { flushOutbox } from '#ledger/outbox/outbox'
import { encodeCampaign, encodeCampaignTx } from '@civic-budget/protocol/tx'
import { ensureRegistrarKey } from '#voting/registrar'
import { checkTxReceipt } from '#ledger/receipt_check'
import { withLedgerCluster } from '#tests/helpers/ledger_cluster'
import { openVoting, outboxRows, reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { hexToBytes } from '@civic-budget/protocol/bytes'

/*
| Against a real 4-replica `pb` cluster (base port 25000, RocksDB in a temp dir), started once for
| the group and stopped in its teardown.
*/
test.group('Ledger client against real replicas', (group) => {
  const cluster = withLedgerCluster(group)

  test('GET /api/v1/ledger/genesis serves the cluster genesis', async ({ client, assert }) => {
    const response = await client.get('/api/v1/ledger/genesis')
    response.assertStatus(200)
    const body = response.body()
    assert.equal(body.chainId, cluster().genesis.chainId)
    assert.equal(body.quorum, 3)
    assert.lengthOf(body.replicas, 4)
    for (const replica of body.replicas) {
      assert.properties(replica, ['index', 'publicKey', 'pop', 'address'])
    }
    const status = await ledgerClient().status()
    assert.equal(status.up, 4)
    assert.isTrue(status.healthy)
  }).timeout(20_000)

  test('a campaign entering voting is committed on the ledger', async ({ assert }) => {
    const { campaign, admin, projects } = await reviewCampaignWithProjects(2)
    await openVoting(campaign.id, admin.id)
    const [queued] = await outboxRows()
    assert.equal(queued.status, 'queued')

    const summary = await flushOutbox({ commitWaitMs: 20_000 })
    assert.equal(summary.committed, 1, JSON.stringify(summary))
    const [row] = await outboxRows()
    assert.equal(row.status, 'committed')
    assert.isAbove(Number(row.committed_height), 0)

    const tally = await fetch(`${cluster().url(1)}/pb/campaigns/${campaign.id}/tally`)
    assert.equal(tally.status, 200)
    const body = await tally.json()
    assert.equal(JSON.stringify(body).includes(String(projects[0].id)), true)

    // The receipt verifies against the genesis; a tampered one does not.
    const answer = await fetch(`${cluster().url(2)}/txs/${row.tx_hash}`)
    const { receipt } = (await answer.json()) as { receipt: Record<string, any> }
    assert.isTrue(checkTxReceipt(receipt, row.tx_hash, cluster().genesis).ok)
    const forged = {
      ...receipt,
      commit: { ...receipt.commit, signers: [receipt.commit.signers[0]] },
    }
    assert.isFalse(checkTxReceipt(forged, row.tx_hash, cluster().genesis).ok)
    assert.isFalse(checkTxReceipt(receipt, 'ab'.repeat(32), cluster().genesis).ok)

    // Flushing again is a no-op; enqueueing the same campaign again is the same row.
    const again = await flushOutbox()
    assert.equal(again.claimed, 0)
  }).timeout(40_000)

  test('an invalid tx is marked rejected with the replicas reason', async ({ assert }) => {
    // No projects on the ballot: every replica refuses the campaign (1..4096 projects).
    const { campaign, admin } = await reviewCampaignWithProjects(0)
    await openVoting(campaign.id, admin.id)
    await flushOutbox({ commitWaitMs: 5_000 })
    const [row] = await outboxRows()
    assert.equal(row.status, 'rejected')
    assert.match(row.last_error, /project/)
  }).timeout(30_000)

  test('a second registration of a campaign id is rejected by a quorum', async ({ assert }) => {
    const { campaign, admin, pot, projects } = await reviewCampaignWithProjects(1)
    await openVoting(campaign.id, admin.id)
    await flushOutbox({ commitWaitMs: 20_000 })
    const registrar = await ensureRegistrarKey(campaign)
    const seed = hexToBytes(readFileSync(join(cluster().dir, 'admin.key'), 'utf8').trim())
    const other = encodeCampaignTx(
      encodeCampaign({
        id: campaign.id,
        registrarPublicKey: registrar.publicKey,
        votingOpensAtMs: 1,
        votingClosesAtMs: 2,
        pots: [
          { id: pot.id, budget: 5, rule: { kind: 'approval', minSelections: 1, maxSelections: 1 } },
        ],
        projects: [{ id: projects[0].id, cost: 1, potId: pot.id }],
      }),
      seed
    )
    const client = ledgerClient()
    // The replicas refuse it on admission (they check against their committed state): a quorum says so.
    const submitted = await client.submit(other)
    assert.deepInclude(submitted, { outcome: 'rejected' })
    if (submitted.outcome === 'rejected') assert.match(submitted.reason, /campaign_exists/)
  }).timeout(40_000)

  test('two racing registrations: one commits, the other is rejected after execution', async ({
    assert,
  }) => {
    const { campaign, pot, projects } = await reviewCampaignWithProjects(1)
    const registrar = await ensureRegistrarKey(campaign)
    const seed = hexToBytes(readFileSync(join(cluster().dir, 'admin.key'), 'utf8').trim())
    const version = (closesAtMs: number) =>
      encodeCampaignTx(
        encodeCampaign({
          id: campaign.id,
          registrarPublicKey: registrar.publicKey,
          votingOpensAtMs: 1,
          votingClosesAtMs: closesAtMs,
          pots: [
            {
              id: pot.id,
              budget: 5,
              rule: { kind: 'approval', minSelections: 1, maxSelections: 1 },
            },
          ],
          projects: [{ id: projects[0].id, cost: 1, potId: pot.id }],
        }),
        seed
      )
    const [a, b] = [version(Number.MAX_SAFE_INTEGER), version(Number.MAX_SAFE_INTEGER - 1)]
    const client = ledgerClient()
    const [sa, sb] = await Promise.all([client.submit(a), client.submit(b)])
    assert.equal(sa.outcome, 'accepted')
    assert.equal(sb.outcome, 'accepted')
    const [ra, rb] = await Promise.all([
      client.awaitCommit(sa.txHash, 20_000),
      client.awaitCommit(sb.txHash, 20_000),
    ])
    const statuses = [ra.status, rb.status].sort()
    assert.deepEqual(statuses, ['committed', 'rejected'])
    const loser = ra.status === 'rejected' ? ra : rb
    assert.deepEqual(loser, {
      status: 'rejected',
      rejection: { code: 'campaign_exists', detail: '' },
      reason: 'campaign_exists',
    })

    // The outbox records the same verdict for the losing bytes.
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { enqueue } = await import('#ledger/outbox/outbox')
    await db.transaction((trx) => enqueue('campaign', ra.status === 'rejected' ? a : b, trx))
    await flushOutbox({ commitWaitMs: 10_000 })
    const [row] = await outboxRows()
    assert.equal(row.status, 'rejected')
    assert.match(row.last_error, /campaign_exists/)
  }).timeout(45_000)

  test('with one replica down a tx is still accepted and committed', async ({ assert }) => {
    await cluster().stopReplica(3)
    const { campaign, admin } = await reviewCampaignWithProjects(1)
    await openVoting(campaign.id, admin.id)
    const [queued] = await outboxRows()
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const row = await db.from('ledger_outbox').where('id', queued.id).first()
    const result = await ledgerClient().submit(new Uint8Array(row.payload))
    assert.equal(result.outcome, 'accepted')
    if (result.outcome === 'accepted') {
      assert.equal(result.acceptedBy, 3)
      assert.lengthOf(result.failures, 1)
    }
    // The worker resubmits the same bytes (safe retry) and sees the commit.
    await flushOutbox({ commitWaitMs: 25_000 })
    const [after] = await outboxRows()
    assert.equal(after.status, 'committed')
  }).timeout(60_000)
})
