import { test } from '@japa/runner'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import Campaign from '#campaigns/models/campaign'
import { configureLedger, ledgerClient } from '#ledger/ledger'
import { LedgerClient } from '#ledger/ledger_client'
import { flushOutbox } from '#ledger/outbox/outbox'
import {
  encodeCampaign,
  encodeCampaignTx,
  encodePaperBatch,
  encodePaperBatchTx,
} from '@civic-budget/protocol/tx'
import { projectBlocks } from '#ledger/projection/projector'
import { registerChannelResolver } from '#ledger/projection/channels'
import { bytesToBase64, hexToBytes } from '@civic-budget/protocol/bytes'
import { sha256Hex } from '@civic-budget/protocol/hash'
import { generateRegistrarKey } from '@civic-budget/protocol'
import { TestLedgerCluster } from '#tests/helpers/ledger_cluster'
import { castBallot } from '#tests/helpers/protocol_fixtures'
import {
  ballotFor,
  clearOutbox,
  openVoting,
  resetReadModels,
  reviewCampaignWithProjects,
} from '#tests/helpers/ledger'

/*
| The projection against a real 4-replica `pb` cluster: a campaign entering voting (its campaign
| tx through the outbox), real ballots (credentials from the campaign's registrar key) submitted
| to the replicas, then the projection verifies the committed blocks and counts them.
*/
type Fixture = Awaited<ReturnType<typeof reviewCampaignWithProjects>>

/** Submits txs to every replica and waits for their commits (receipts verified by the client). */
async function submitAll(txs: Uint8Array[]) {
  const client = ledgerClient()
  const submitted = await Promise.all(txs.map((tx) => client.submit(tx)))
  // `unavailable` (a replica slow or odd) still commits when others accepted: the wait decides.
  for (const s of submitted) if (s.outcome === 'rejected') throw new Error(JSON.stringify(s))
  const statuses = await Promise.all(submitted.map((s) => client.awaitCommit(s.txHash, 30_000)))
  for (const s of statuses) if (s.status !== 'committed') throw new Error(JSON.stringify(s))
  return statuses.map((s) => (s.status === 'committed' ? s.height : 0))
}

async function tallies(campaignId: number) {
  const projects = await db
    .from('tally_projects')
    .where('campaign_id', campaignId)
    .groupBy('project_id')
    .orderBy('project_id')
    .select('project_id')
    .select(db.raw('sum(votes)::int AS votes, sum(points)::int AS points'))
  const pots = await db
    .from('tally_pots')
    .where('campaign_id', campaignId)
    .groupBy('pot_id')
    .select('pot_id', db.raw('sum(ballots)::int AS ballots'))
  const hours = await db
    .from('tally_hours')
    .where('campaign_id', campaignId)
    .select(db.raw('coalesce(sum(ballots), 0)::int AS ballots'))
    .first()
  const records = await db.from('ballot_records').where('campaign_id', campaignId).count('* as n')
  return { projects, pots, hourBallots: hours.ballots, records: Number(records[0].n) }
}

/** A fake replica in front of a real one: passes `/blocks` through `tamper`. */
async function tamperingReplica(upstream: string, tamper: (blocks: any[]) => any[]) {
  const server = http.createServer(async (req, res) => {
    const answer = await fetch(`${upstream}${req.url}`)
    const body = (await answer.json()) as any
    if (req.url?.startsWith('/blocks')) body.blocks = tamper(body.blocks)
    res.writeHead(answer.status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, close: () => new Promise((resolve) => server.close(resolve)) }
}

test.group('Ledger projection against real replicas', (group) => {
  let cluster: TestLedgerCluster
  let fx: Fixture
  let ballots: { ballotHash: string; choices: { projectId: number; weight: number }[] }[]
  let lastHeight: number

  group.setup(async () => {
    cluster = await TestLedgerCluster.start()
    configureLedger({ replicas: cluster.urls, genesisPath: cluster.genesisPath })
    await clearOutbox()
    await resetReadModels()

    fx = await reviewCampaignWithProjects(3)
    await openVoting(fx.campaign.id, fx.admin.id)
    const flushed = await flushOutbox({ commitWaitMs: 20_000 })
    if (flushed.committed !== 1) throw new Error(`campaign tx: ${JSON.stringify(flushed)}`)

    const [a, b, c] = fx.projects.map((p) => p.id)
    const choices = [[a], [a, b], [a, b, c], [b], [c], [a, c]].map((ids) =>
      ids.map((projectId) => ({ projectId, weight: 1 }))
    )
    const made = await Promise.all(choices.map((ch) => ballotFor(fx.campaign.id, ch)))
    ballots = made.map((m, i) => ({ ballotHash: m.ballotHash, choices: choices[i] }))
    const heights = await submitAll(made.map((m) => m.txBytes))
    lastHeight = Math.max(...heights)
    return async () => {
      configureLedger({})
      await clearOutbox()
      await resetReadModels()
      await cluster.stop()
    }
  })
  group.each.setup(async () => {
    configureLedger({ replicas: cluster.urls, genesisPath: cluster.genesisPath })
    await resetReadModels()
  })

  test('verified blocks are counted: records, tallies, channels and the results API', async ({
    assert,
    client,
  }) => {
    const terminalBallot = ballots[1].ballotHash
    const unregister = registerChannelResolver(async (hashes) => {
      return new Map(hashes.filter((h) => h === terminalBallot).map((h) => [h, 'terminal']))
    }, 'test')
    try {
      const pass = await projectBlocks()
      assert.isAtLeast(pass.height, lastHeight)
      assert.equal(pass.ballots, 6)
      assert.deepEqual(
        pass.refused.filter((r) => r.reason !== 'unavailable'),
        []
      )
    } finally {
      unregister()
    }

    const [a, b, c] = fx.projects.map((p) => p.id)
    const t = await tallies(fx.campaign.id)
    assert.deepEqual(
      t.projects.map((p) => [p.project_id, p.votes, p.points]),
      [
        [a, 4, 4],
        [b, 3, 3],
        [c, 3, 3],
      ]
    )
    assert.deepEqual(t.pots, [{ pot_id: fx.pot.id, ballots: 6 }])
    assert.equal(t.hourBallots, 6)
    assert.equal(t.records, 6)

    const record = await db.from('ballot_records').where('ref', ballots[0].ballotHash).firstOrFail()
    assert.equal(record.channel, 'online')
    assert.deepEqual(record.choices, [[a, 1]])
    assert.isAbove(Number(record.height), 0)
    assert.match(record.tx_hash, /^[0-9a-f]{64}$/)
    assert.instanceOf(record.block_time, Date)
    const terminal = await db.from('ballot_records').where('ref', terminalBallot).firstOrFail()
    assert.equal(terminal.channel, 'terminal')

    // The projection agrees with the tally the replicas keep themselves.
    const tallyAnswer = await fetch(`${cluster.url(2)}/pb/campaigns/${fx.campaign.id}/tally`)
    const ledgerTally = (await tallyAnswer.json()) as any
    const api = await client.get(`/api/v1/campaigns/${fx.campaign.id}/results`)
    api.assertStatus(200)
    const body = api.body()
    assert.equal(body.ballots, ledgerTally.ballots)
    assert.deepEqual(body.projects, ledgerTally.projects)
    assert.deepEqual(body.pots, ledgerTally.pots)
    assert.deepEqual(body.channels, { online: 5, terminal: 1, paper: 0 })
    assert.isAtLeast(body.updatedAtHeight, lastHeight)
  }).timeout(60_000)

  test('idempotent: a second run and a rerun from an earlier height count nothing twice', async ({
    assert,
  }) => {
    const first = await projectBlocks()
    const before = await tallies(fx.campaign.id)
    const again = await projectBlocks()
    assert.equal(again.blocks, 0)
    assert.equal(again.ballots, 0)

    // Move the state back to the genesis (as an operator might) and project everything again.
    const { genesisBlockHash } = await import('@civic-budget/protocol/block')
    await db
      .from('ledger_projection_state')
      .update({ height: 0, block_hash: genesisBlockHash(cluster.genesis.chainId) })
    const rerun = await projectBlocks({ batchSize: 3 })
    assert.equal(rerun.height, first.height)
    assert.equal(rerun.ballots, 0)
    assert.equal(rerun.alreadyCounted, 6)
    assert.deepEqual(await tallies(fx.campaign.id), before)
  }).timeout(60_000)

  test('a crash mid-way rolls its batch back and the next run resumes', async ({ assert }) => {
    const crashAt = lastHeight // the batch that holds the last ballots fails
    await db.rawQuery(`
      CREATE OR REPLACE FUNCTION projection_test_crash() RETURNS trigger AS $$
      BEGIN
        IF NEW.height >= ${crashAt} THEN RAISE EXCEPTION 'simulated crash'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      CREATE TRIGGER projection_test_crash BEFORE UPDATE ON ledger_projection_state
        FOR EACH ROW EXECUTE FUNCTION projection_test_crash();
    `)
    try {
      await assert.rejects(() => projectBlocks({ batchSize: 1 }), /simulated crash/)
    } finally {
      await db.rawQuery(`
        DROP TRIGGER IF EXISTS projection_test_crash ON ledger_projection_state;
        DROP FUNCTION IF EXISTS projection_test_crash();
      `)
    }
    const state = await db.from('ledger_projection_state').firstOrFail()
    assert.equal(Number(state.height), crashAt - 1)
    const partial = await db.from('ballot_records').where('height', '>=', crashAt).count('* as n')
    assert.equal(Number(partial[0].n), 0, 'nothing of the failed batch was kept')
    const kept = await tallies(fx.campaign.id)
    assert.equal(kept.records, kept.hourBallots, 'tallies match the rows that were kept')

    const resumed = await projectBlocks()
    assert.equal(resumed.fromHeight, crashAt - 1)
    const t = await tallies(fx.campaign.id)
    assert.equal(t.records, 6)
    assert.equal(t.hourBallots, 6)
    assert.deepEqual(t.pots, [{ pot_id: fx.pot.id, ballots: 6 }])
  }).timeout(60_000)

  test('a tampered block from a replica is refused; the honest replicas are used', async ({
    assert,
  }) => {
    // Swap the first ballot in any block for another ballot: the txs no longer match txRoot.
    const forgedTx = bytesToBase64(
      castBallot(generateRegistrarKey(), fx.campaign.id, [
        { projectId: fx.projects[0].id, weight: 1 },
      ]).txBytes
    )
    const tamperTx = await tamperingReplica(cluster.url(0), (blocks) =>
      blocks.map((b) => (b.txs.length > 0 ? { ...b, txs: [forgedTx, ...b.txs.slice(1)] } : b))
    )
    // A certificate signed by too few replicas (2 of 4).
    const tamperCommit = await tamperingReplica(cluster.url(1), (blocks) =>
      blocks.map((b) => ({ ...b, commit: b.commit && { ...b.commit, signers: [0, 1] } }))
    )
    try {
      for (const fake of [tamperTx.url, tamperCommit.url]) {
        const onlyFake = new LedgerClient({
          replicas: [fake, fake, fake, fake],
          genesisPath: cluster.genesisPath,
        })
        const pass = await projectBlocks({ client: onlyFake })
        assert.equal(pass.height, 0)
        assert.equal(pass.ballots, 0)
        assert.include(
          pass.refused.map((r) => r.reason),
          fake === tamperTx.url ? 'bad_txs' : 'bad_commit'
        )
        assert.isNull(await db.from('ledger_projection_state').first())
        const after = await tallies(fx.campaign.id)
        assert.equal(after.records, 0)
      }

      const mixed = new LedgerClient({
        replicas: [tamperTx.url, cluster.url(1), cluster.url(2), cluster.url(3)],
        genesisPath: cluster.genesisPath,
      })
      const pass = await projectBlocks({ client: mixed })
      assert.isAtLeast(pass.height, lastHeight)
      assert.equal(pass.ballots, 6)
      assert.isTrue(pass.refused.some((r) => r.replica === tamperTx.url))
    } finally {
      await tamperTx.close()
      await tamperCommit.close()
    }
  }).timeout(60_000)

  test('ballots of campaigns the app does not know are skipped', async ({ assert }) => {
    const registrar = generateRegistrarKey()
    const seed = hexToBytes(readFileSync(join(cluster.dir, 'admin.key'), 'utf8').trim())
    const foreignId = 1_500_000_000 + Math.floor(Math.random() * 600_000_000)
    const campaignTx = encodeCampaignTx(
      encodeCampaign({
        id: foreignId,
        registrarPublicKey: registrar.publicKey,
        votingOpensAtMs: 1,
        votingClosesAtMs: Number.MAX_SAFE_INTEGER,
        pots: [
          { id: 1, budget: 10, rule: { kind: 'approval', minSelections: 1, maxSelections: 1 } },
        ],
        projects: [{ id: 1, cost: 1, potId: 1 }],
      }),
      seed
    )
    await submitAll([campaignTx])
    const heights = await submitAll([
      castBallot(registrar, foreignId, [{ projectId: 1, weight: 1 }]).txBytes,
    ])
    lastHeight = Math.max(lastHeight, ...heights)
    const pass = await projectBlocks()
    assert.equal(pass.skippedUnknownCampaign, 1)
    assert.equal(pass.ballots, 6)
    assert.isNull(await Campaign.find(foreignId))
    const foreign = await db.from('ballot_records').where('campaign_id', foreignId).count('* as n')
    assert.equal(Number(foreign[0].n), 0)
  }).timeout(60_000)

  test('a paper batch committed by the replicas counts one paper ballot per sheet', async ({
    assert,
    client,
  }) => {
    const seed = hexToBytes(readFileSync(join(cluster.dir, 'admin.key'), 'utf8').trim())
    const [a, b] = fx.projects.map((p) => p.id)
    const batchBytes = encodePaperBatch({
      campaignId: fx.campaign.id,
      station: 'Station 7',
      batchNo: 1,
      sheets: [
        { sheetNo: 1, choices: [{ projectId: a, weight: 1 }] },
        {
          sheetNo: 2,
          choices: [
            { projectId: a, weight: 1 },
            { projectId: b, weight: 1 },
          ],
        },
      ],
    })
    const tx = encodePaperBatchTx(batchBytes, randomBytes(32), seed)
    const heights = await submitAll([tx])
    lastHeight = Math.max(lastHeight, ...heights)

    const pass = await projectBlocks()
    assert.equal(pass.ballots, 6 + 2)
    const paper = await db
      .from('ballot_records')
      .where('campaign_id', fx.campaign.id)
      .where('channel', 'paper')
      .orderBy('ref')
    assert.deepEqual(
      paper.map((r) => r.ref),
      [`paper:${sha256Hex(tx)}:1`, `paper:${sha256Hex(tx)}:2`]
    )
    const tallyAnswer = await fetch(`${cluster.url(3)}/pb/campaigns/${fx.campaign.id}/tally`)
    const ledgerTally = (await tallyAnswer.json()) as any
    const api = await client.get(`/api/v1/campaigns/${fx.campaign.id}/results`)
    assert.equal(api.body().ballots, ledgerTally.ballots)
    assert.deepEqual(api.body().projects, ledgerTally.projects)
    assert.deepEqual(api.body().channels, { online: 6, terminal: 0, paper: 2 })
  }).timeout(60_000)
})
