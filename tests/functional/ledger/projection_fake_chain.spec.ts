import { test } from '@japa/runner'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import { randomBytes } from 'node:crypto'
import { LedgerClient } from '#ledger/ledger_client'
import { encodePaperBatch, encodePaperBatchTx } from '@civic-budget/protocol/tx'
import { projectBlocks } from '#ledger/projection/projector'
import { cborEncode, sha256Hex } from '@civic-budget/protocol'
import {
  commitBy,
  fakeChain,
  servedChain,
  type FakeChain,
  type ServedBlock,
} from '#tests/helpers/protocol_fixtures'
import { resetReadModels, reviewCampaignWithProjects } from '#tests/helpers/ledger'

/*
| The projection against a scripted replica serving a chain signed with test replica keys: the
| paper-batch handler, block-time hours, and forged blocks of every kind (wrong parent, too few or
| wrong signatures, txs that do not match the root) — refused, never applied, while the verified
| blocks before them are.
*/
const HOUR = 3_600_000
const T0 = Date.UTC(2027, 2, 1, 9, 15)

async function scriptedReplica(blocks: () => ServedBlock[]) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const from = Number(url.searchParams.get('from') ?? 1)
    const limit = Number(url.searchParams.get('limit') ?? 20)
    const page = blocks().filter((b) => b.height >= from && b.height < from + limit)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ blocks: page }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, close: () => new Promise((resolve) => server.close(resolve)) }
}

/** A signed paper batch (any keys: the projection trusts the ledger's checks, not signatures). */
function paperBatch(campaignId: number, sheets: [number, [number, number][]][]) {
  const batchBytes = encodePaperBatch({
    campaignId,
    station: 'Station 12',
    batchNo: 1,
    sheets: sheets.map(([sheetNo, choices]) => ({
      sheetNo,
      choices: choices.map(([projectId, weight]) => ({ projectId, weight })),
    })),
  })
  return encodePaperBatchTx(batchBytes, randomBytes(32), randomBytes(32))
}

test.group('Ledger projection against a scripted replica', (group) => {
  let chain: FakeChain
  let dir: string
  let served: ServedBlock[]
  let replica: Awaited<ReturnType<typeof scriptedReplica>>
  let client: LedgerClient

  group.setup(async () => {
    chain = fakeChain()
    dir = mkdtempSync(join(tmpdir(), 'cb-projection-'))
    writeFileSync(join(dir, 'genesis.json'), JSON.stringify(chain.genesis))
    replica = await scriptedReplica(() => served)
    client = new LedgerClient({
      replicas: [replica.url, replica.url, replica.url, replica.url],
      genesisPath: join(dir, 'genesis.json'),
    })
    return async () => {
      await replica.close()
      await resetReadModels()
      rmSync(dir, { recursive: true, force: true })
    }
  })
  group.each.setup(() => resetReadModels())

  test('paper batches count one ballot per sheet, in the hour of their block', async ({
    assert,
    client: api,
  }) => {
    const { campaign, projects, pot } = await reviewCampaignWithProjects(2)
    campaign.stage = 'results'
    await campaign.save()
    const [a, b] = projects.map((p) => p.id)
    const batch = paperBatch(campaign.id, [
      [1, [[a, 1]]],
      [
        2,
        [
          [a, 1],
          [b, 1],
        ],
      ],
    ])
    const support = cborEncode([1, 'support', new Uint8Array(4)]) // no handler: not even decoded
    served = servedChain(chain, [
      { txs: [support], timestampMs: T0 },
      { txs: [batch], timestampMs: T0 + 2 * HOUR },
    ])

    const pass = await projectBlocks({ client })
    assert.equal(pass.height, 2)
    assert.equal(pass.ballots, 2)

    const txHash = sha256Hex(batch)
    const rows = await db.from('ballot_records').where('campaign_id', campaign.id).orderBy('ref')
    assert.deepEqual(
      rows.map((r) => [r.ref, r.channel, r.choices, Number(r.height)]),
      [
        [`paper:${txHash}:1`, 'paper', [[a, 1]], 2],
        [
          `paper:${txHash}:2`,
          'paper',
          [
            [a, 1],
            [b, 1],
          ],
          2,
        ],
      ]
    )
    const hours = await db.from('tally_hours').where('campaign_id', campaign.id)
    assert.deepEqual(
      hours.map((h) => [h.hour.getTime(), h.channel, h.ballots]),
      [[Date.UTC(2027, 2, 1, 11), 'paper', 2]]
    )

    const answer = await api.get(`/api/v1/campaigns/${campaign.id}/results`)
    answer.assertStatus(200)
    assert.deepEqual(answer.body().channels, { online: 0, terminal: 0, paper: 2 })
    assert.deepEqual(answer.body().pots, [{ id: pot.id, ballots: 2 }])
    assert.deepEqual(answer.body().projects, [
      { id: a, votes: 2, points: 2 },
      { id: b, votes: 1, points: 1 },
    ])
    assert.equal(answer.body().updatedAtHeight, 2)
  })

  test('{name} is refused; the verified blocks before it are applied')
    .with([
      {
        name: 'a block on another parent',
        forge: (c: FakeChain, blocks: ServedBlock[]) => {
          const other = servedChain(c, [
            { txs: [cborEncode([1, 'kv', 'x', new Uint8Array(1)])], timestampMs: T0 },
            { txs: [], timestampMs: T0 },
            { txs: [], timestampMs: T0 },
          ])
          return [...blocks.slice(0, 2), other[2]]
        },
        reason: 'not_next',
      },
      {
        name: 'a certificate with too few signers',
        forge: (c: FakeChain, blocks: ServedBlock[]) => [
          ...blocks.slice(0, 2),
          { ...blocks[2], commit: commitBy(c, blocks[2].blockHash, [0, 1]) },
        ],
        reason: 'bad_commit',
      },
      {
        name: 'a certificate signed over another block',
        forge: (c: FakeChain, blocks: ServedBlock[]) => [
          ...blocks.slice(0, 2),
          { ...blocks[2], commit: commitBy(c, blocks[1].blockHash, [0, 1, 2]) },
        ],
        reason: 'bad_commit',
      },
      {
        name: 'a certificate from keys outside the genesis',
        forge: (_c: FakeChain, blocks: ServedBlock[]) => [
          ...blocks.slice(0, 2),
          { ...blocks[2], commit: commitBy(fakeChain(), blocks[2].blockHash, [0, 1, 2]) },
        ],
        reason: 'bad_commit',
      },
      {
        name: 'a header that does not hash to blockHash',
        forge: (_c: FakeChain, blocks: ServedBlock[]) => [
          ...blocks.slice(0, 2),
          { ...blocks[2], header: blocks[1].header },
        ],
        reason: 'bad_commit',
      },
      {
        name: 'a tx dropped from the block',
        forge: (_c: FakeChain, blocks: ServedBlock[]) => [
          ...blocks.slice(0, 2),
          { ...blocks[2], txs: blocks[2].txs.slice(1) },
        ],
        reason: 'bad_txs',
      },
    ])
    .run(async ({ assert }, row) => {
      const { campaign, projects } = await reviewCampaignWithProjects(1)
      const a = projects[0].id
      const honest = servedChain(chain, [
        { txs: [paperBatch(campaign.id, [[1, [[a, 1]]]])], timestampMs: T0 },
        { txs: [], timestampMs: T0 + 1000 },
        {
          txs: [
            paperBatch(campaign.id, [
              [1, [[a, 1]]],
              [2, [[a, 1]]],
            ]),
          ],
          timestampMs: T0 + 2000,
        },
      ])
      served = row.forge(chain, honest)

      const pass = await projectBlocks({ client })
      assert.equal(pass.height, 2)
      assert.equal(pass.ballots, 1)
      assert.include(
        pass.refused.map((r) => r.reason),
        row.reason
      )
      const state = await db.from('ledger_projection_state').firstOrFail()
      assert.equal(state.block_hash, honest[1].blockHash)
      const counted = await db.from('ballot_records').where('campaign_id', campaign.id)
      assert.lengthOf(counted, 1)

      // The honest block, once served, is applied on top.
      served = honest
      const next = await projectBlocks({ client })
      assert.equal(next.height, 3)
      assert.equal(next.ballots, 2)
    })

  test('a block without its commit certificate yet is waited for, not refused', async ({
    assert,
  }) => {
    const honest = servedChain(chain, [
      { txs: [], timestampMs: T0 },
      { txs: [], timestampMs: T0 },
    ])
    served = [honest[0], { ...honest[1], commit: null }]
    const pass = await projectBlocks({ client })
    assert.equal(pass.height, 1)
    assert.deepEqual(pass.refused, [])
  })
})
