/*
| Body of `npm run bench:projection` (bench/projection.js sets a scratch database): boots the app,
| serves a chain of BLOCKS blocks × TXS paper batches × SHEETS sheets (3 choices each) signed with
| test replica keys from a scripted replica on loopback, and times `projectBlocks` — commit checks,
| Merkle roots, decoding and the PostgreSQL writes — from height 0 to the tip.
*/
import 'reflect-metadata'
import http from 'node:http'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bootConsoleApp } from './console_app.js'

const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 200)
const TXS = Number(process.env.BENCH_TXS ?? 10)
const SHEETS = Number(process.env.BENCH_SHEETS ?? 100)

const app = await bootConsoleApp()
await app.start(async () => {
  const { LedgerClient } = await import('#ledger/ledger_client')
  const { projectBlocks } = await import('#ledger/projection/projector')
  const { genesisBlockHash } = await import('@civic-budget/protocol/block')
  const P = await import('@civic-budget/protocol')
  const { commitBy, fakeChain } = await import('#tests/helpers/protocol_fixtures')
  const { encodePaperBatch, encodePaperBatchTx } = await import('@civic-budget/protocol/tx')
  const [operatorKey, adminKey] = [randomBytes(32), randomBytes(32)]
  const { resetReadModels, reviewCampaignWithProjects } = await import('#tests/helpers/ledger')

  await resetReadModels()
  const chain = fakeChain()
  const { campaign, projects } = await reviewCampaignWithProjects(10)
  const ids = projects.map((p) => p.id)
  const served: unknown[] = []
  let parent = genesisBlockHash(chain.genesis.chainId)
  let sheetNo = 0
  for (let height = 1; height <= BLOCKS; height++) {
    const txs: Uint8Array[] = []
    for (let t = 0; t < TXS; t++) {
      const sheets = []
      for (let s = 0; s < SHEETS; s++, sheetNo++) {
        const chosen = [ids[sheetNo % 10], ids[(sheetNo + 3) % 10], ids[(sheetNo + 7) % 10]]
        sheets.push({ sheetNo, choices: chosen.map((projectId) => ({ projectId, weight: 1 })) })
      }
      const batchNo = height * TXS + t
      const batch = encodePaperBatch({ campaignId: campaign.id, station: 'Bench', batchNo, sheets })
      txs.push(encodePaperBatchTx(batch, operatorKey, adminKey))
    }
    const header = P.encodeHeader({
      chainId: chain.genesis.chainId,
      height,
      view: height,
      parentHash: P.hexToBytes(parent, 32),
      justifyQcHash: P.sha256(new Uint8Array([1])),
      txRoot: P.merkleRoot(txs),
      txCount: txs.length,
      stateRoot: P.sha256(new Uint8Array([2])),
      timestampMs: Date.UTC(2027, 2, 1) + height * 60_000,
      proposer: height % 4,
    })
    parent = P.blockHashOf(header)
    served.push({
      height,
      blockHash: parent,
      header: P.bytesToBase64(header),
      txs: txs.map(P.bytesToBase64),
      commit: commitBy(chain, parent, [0, 1, 2]),
    })
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench')
    const from = Number(url.searchParams.get('from'))
    const limit = Number(url.searchParams.get('limit'))
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ blocks: served.slice(from - 1, from - 1 + limit) }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const replica = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const dir = mkdtempSync(join(tmpdir(), 'cb-bench-projection-'))
  writeFileSync(join(dir, 'genesis.json'), JSON.stringify(chain.genesis))
  const client = new LedgerClient({
    replicas: [replica, replica, replica, replica],
    genesisPath: join(dir, 'genesis.json'),
  })

  const started = performance.now()
  const pass = await projectBlocks({ client })
  const seconds = (performance.now() - started) / 1000
  console.log(
    `projection: ${pass.blocks} blocks, ${pass.ballots} ballots (${TXS} paper batches × ` +
      `${SHEETS} sheets per block) in ${seconds.toFixed(1)} s = ` +
      `${Math.round(pass.ballots / seconds)} ballots/s, ${(pass.blocks / seconds).toFixed(1)} blocks/s`
  )
  server.close()
  rmSync(dir, { recursive: true, force: true })
  await resetReadModels()
})
await app.terminate()
