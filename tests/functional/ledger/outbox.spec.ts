import { test } from '@japa/runner'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import { configureLedger } from '#ledger/ledger'
import { LedgerClient, checkGenesis } from '#ledger/ledger_client'
import { enqueue, flushOutbox, outboxBacklog, backoffMs } from '#ledger/outbox/outbox'
import { cborEncode } from '@civic-budget/protocol/cbor'
import {
  clearOutbox,
  openVoting,
  outboxRows,
  reviewCampaignWithProjects,
} from '#tests/helpers/ledger'
import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/* Nothing listens on these ports (the cluster tests use 25000-25103). */
const DEAD = [
  'http://127.0.0.1:25190',
  'http://127.0.0.1:25191',
  'http://127.0.0.1:25192',
  'http://127.0.0.1:25193',
]

function fakeTx(n: number): Uint8Array {
  return cborEncode([1, 'campaign', new Uint8Array([n]), new Uint8Array(32), new Uint8Array(64)])
}

test.group('Ledger outbox (no replicas)', (group) => {
  group.each.setup(async () => {
    await clearOutbox()
    configureLedger({
      replicas: DEAD,
      genesisPath: null,
      submitTimeoutMs: 1000,
      statusTimeoutMs: 1000,
    })
  })
  group.teardown(async () => {
    configureLedger({})
    await clearOutbox()
  })

  test('a record is queued iff the writer transaction commits; the same bytes make one row', async ({
    assert,
  }) => {
    const tx = fakeTx(1)
    const first = await db.transaction((trx) => enqueue('campaign', tx, trx))
    const second = await db.transaction((trx) => enqueue('campaign', tx, trx))
    assert.isTrue(first.created)
    assert.isFalse(second.created)
    assert.equal(first.id, second.id)
    assert.equal(first.txHash, second.txHash)

    const trx = await db.transaction()
    await enqueue('campaign', fakeTx(2), trx)
    await trx.rollback()

    const rows = await outboxRows()
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].status, 'queued')
    assert.equal(rows[0].kind, 'campaign')
    assert.deepEqual(new Uint8Array(rows[0].payload), tx)
  })

  test('enqueue refuses bytes whose kind differs', async ({ assert }) => {
    await assert.rejects(() => db.transaction((trx) => enqueue('ballot', fakeTx(3), trx)))
  })

  test('all replicas down: rows stay queued, back off, and are retried later', async ({
    assert,
  }) => {
    await db.transaction((trx) => enqueue('campaign', fakeTx(4), trx))
    const summary = await flushOutbox({ commitWaitMs: 100 })
    assert.deepInclude(summary, { claimed: 1, retrying: 1, committed: 0, rejected: 0 })
    let [row] = await outboxRows()
    assert.equal(row.status, 'queued')
    assert.equal(row.attempts, 1)
    assert.match(row.last_error, /ECONNREFUSED|fetch failed/)
    assert.isAbove(new Date(row.next_attempt_at).getTime(), Date.now())

    // Backing off: an immediate second pass leaves it alone.
    const idle = await flushOutbox({ commitWaitMs: 100 })
    assert.equal(idle.claimed, 0)
    // Later, it is tried again.
    await flushOutbox({ commitWaitMs: 100, now: new Date(Date.now() + 10 * 60_000) })
    ;[row] = await outboxRows()
    assert.equal(row.attempts, 2)
    assert.equal(row.status, 'queued')

    const backlog = await outboxBacklog()
    assert.equal(backlog.queued, 1)
    assert.equal(backlog.oldestWaiting?.attempts, 2)
  })

  test('a tx the replicas refuse is marked rejected, logged with the reason and not resubmitted', async ({
    assert,
  }) => {
    const tx = fakeTx(6)
    const { txHash } = await db.transaction((trx) => enqueue('campaign', tx, trx))
    const reason = 'malformed: campaign.projects: expected 1..4096'
    let submits = 0
    const refusing = {
      submit: async () => {
        submits++
        return { outcome: 'rejected', txHash, reason }
      },
    } as unknown as LedgerClient
    const logged: unknown[][] = []
    const error = logger.error
    logger.error = ((...args: unknown[]) => void logged.push(args)) as typeof logger.error
    try {
      const summary = await flushOutbox({ client: refusing, commitWaitMs: 100 })
      assert.deepInclude(summary, { claimed: 1, rejected: 1, retrying: 0 })
      const later = await flushOutbox({ client: refusing, now: new Date(Date.now() + 3_600_000) })
      assert.equal(later.claimed, 0)
    } finally {
      logger.error = error
    }
    assert.equal(submits, 1)
    const [row] = await outboxRows()
    assert.deepInclude(row, { status: 'rejected', last_error: reason })
    assert.deepEqual(logged, [
      [
        { kind: 'campaign', txHash, reason },
        'ledger replicas refused a campaign tx; it will not be resubmitted',
      ],
    ])
  })

  test('exponential back-off is capped', ({ assert }) => {
    assert.equal(backoffMs(1, 2000, 300_000), 2000)
    assert.equal(backoffMs(2, 2000, 300_000), 4000)
    assert.equal(backoffMs(5, 2000, 300_000), 32_000)
    assert.equal(backoffMs(50, 2000, 300_000), 300_000)
  })

  test('entering voting with the ledger down succeeds and queues the signed campaign tx', async ({
    assert,
  }) => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-ledger-key-'))
    const seed = new Uint8Array(32).fill(7)
    writeFileSync(join(dir, 'admin.key'), bytesToHex(seed) + '\n')
    configureLedger({
      replicas: DEAD,
      genesisPath: join(dir, 'genesis.json'),
      submitTimeoutMs: 500,
    })
    const { campaign, admin } = await reviewCampaignWithProjects(1)
    await openVoting(campaign.id, admin.id)
    const summary = await flushOutbox({ commitWaitMs: 100 })
    assert.equal(summary.retrying, 1)
    const rows = await outboxRows()
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].kind, 'campaign')
    assert.equal(rows[0].status, 'queued')
    const payload = new Uint8Array(rows[0].payload)
    // The admin public key inside the tx is the one derived from admin.key.
    const hex = bytesToHex(payload)
    assert.include(hex, bytesToHex(ed25519.getPublicKey(seed)))
  })

  test('submit with every replica down is unavailable, never an exception', async ({ assert }) => {
    const client = new LedgerClient({ replicas: DEAD, genesisPath: null, submitTimeoutMs: 500 })
    const result = await client.submit(fakeTx(5))
    assert.equal(result.outcome, 'unavailable')
    const status = await client.status()
    assert.equal(status.up, 0)
    assert.isFalse(status.healthy)
  })

  test('genesis check requires quorum = 2f+1 replicas', ({ assert }) => {
    const replicas = [0, 1, 2, 3].map((index) => ({ index, publicKey: 'aa' }))
    assert.doesNotThrow(() => checkGenesis({ chainId: 'c', replicas, quorum: 3 }))
    assert.throws(() => checkGenesis({ chainId: 'c', replicas, quorum: 2 }))
    assert.throws(() => checkGenesis({ chainId: 'c', replicas: replicas.slice(0, 2), quorum: 3 }))
  })

  test('GET /api/v1/ledger/genesis answers 503 when the genesis is unavailable', async ({
    client,
  }) => {
    configureLedger({ replicas: DEAD, genesisPath: '/nonexistent/genesis.json' })
    const response = await client.get('/api/v1/ledger/genesis')
    response.assertStatus(503)
    response.assertBodyContains({ error: 'ledger_unavailable' })
  })
})
