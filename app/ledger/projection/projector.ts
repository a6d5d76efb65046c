import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { LedgerClient } from '#ledger/ledger_client'
import { ledgerClient } from '#ledger/ledger'
import { fetchVerifiedBlocks, type Refusal } from '#ledger/projection/block_source'
import { genesisBlockHash } from '@civic-budget/protocol/block'
import type { ChainTip } from '#ledger/projection/block_verifier'
import { countedBallotsOf } from '#ledger/projection/tx_handlers'
import { writeCountedBallots } from '#ledger/projection/read_models'
import { resultsChanged } from '#shared/results_changes'

/*
| The projection of committed blocks into PostgreSQL (architecture.md "ledger"). One batch = the
| verified blocks of one `GET /blocks` page, applied in ONE transaction together with
| `ledger_projection_state` (height, block_hash): a crash rolls the whole batch back, and the next
| run resumes from the stored height. The state row is locked (FOR UPDATE) and must still be the
| tip we fetched from, so the web worker and `ledger:project` can run at the same time.
|
| Ballots are not re-validated: every replica validated them before they were committed (the
| audit command replays them); ballots of campaigns this app does not know are skipped.
*/
const STATE_ID = 1

export interface BatchSummary {
  blocks: number
  ballots: number
  skippedUnknownCampaign: number
  alreadyCounted: number
}

export interface ProjectionPass extends BatchSummary {
  fromHeight: number
  height: number
  /** Blocks a replica served that did not verify (never applied), and unreachable replicas. */
  refused: Refusal[]
  /** Another projector moved the state meanwhile (this pass applied nothing more). */
  raced: boolean
}

export interface ProjectOptions {
  client?: LedgerClient
  /** Stop after this many blocks (default: until caught up). */
  maxBlocks?: number
  /** Blocks per batch/transaction (≤ 100). */
  batchSize?: number
}

async function readTip(client: QueryClientContract, chainId: string): Promise<ChainTip> {
  const row = await client.from('ledger_projection_state').where('id', STATE_ID).first()
  return row
    ? { height: Number(row.height), blockHash: row.block_hash }
    : { height: 0, blockHash: genesisBlockHash(chainId) }
}

/**
 * The projected height as an SQL scalar subquery (NULL before the first block), for readers that
 * key caches by it in a query of their own (`#reporting/results_cache`).
 */
export function projectionHeightSql(): string {
  return `(SELECT height FROM ledger_projection_state WHERE id = ${STATE_ID})`
}

/** Where the projection stands (height 0 before the first block). */
export async function projectionTip(): Promise<{ height: number; blockHash: string | null }> {
  const row = await db.from('ledger_projection_state').where('id', STATE_ID).first()
  return row
    ? { height: Number(row.height), blockHash: row.block_hash }
    : { height: 0, blockHash: null }
}

/** Projects committed blocks until caught up (or `maxBlocks`), one transaction per batch. */
export async function projectBlocks(options: ProjectOptions = {}): Promise<ProjectionPass> {
  const client = options.client ?? ledgerClient()
  const genesis = await client.genesis()
  const batchSize = Math.min(options.batchSize ?? 100, 100)
  let tip = await readTip(db.connection(), genesis.chainId)
  const pass: ProjectionPass = {
    fromHeight: tip.height,
    height: tip.height,
    blocks: 0,
    ballots: 0,
    skippedUnknownCampaign: 0,
    alreadyCounted: 0,
    refused: [],
    raced: false,
  }
  while (options.maxBlocks === undefined || pass.blocks < options.maxBlocks) {
    const limit = Math.min(batchSize, (options.maxBlocks ?? Infinity) - pass.blocks)
    const fetched = await fetchVerifiedBlocks(
      client.replicas,
      tip,
      limit,
      genesis,
      client.statusTimeoutMs
    )
    pass.refused.push(...fetched.refused)
    if (fetched.blocks.length === 0) break
    const ballots = countedBallotsOf(fetched.blocks)
    const last = fetched.blocks[fetched.blocks.length - 1]
    const next: ChainTip = { height: last.height, blockHash: last.blockHash }
    const written = await db.transaction(async (trx) => {
      await trx
        .knexQuery()
        .table('ledger_projection_state')
        .insert({ id: STATE_ID, height: 0, block_hash: genesisBlockHash(genesis.chainId) })
        .onConflict('id')
        .ignore()
      const state = await trx
        .from('ledger_projection_state')
        .where('id', STATE_ID)
        .forUpdate()
        .firstOrFail()
      if (Number(state.height) !== tip.height || state.block_hash !== tip.blockHash) return null
      const summary = await writeCountedBallots(trx, ballots)
      await trx
        .from('ledger_projection_state')
        .where('id', STATE_ID)
        .update({ height: next.height, block_hash: next.blockHash, updated_at: new Date() })
      return summary
    })
    if (!written) {
      pass.raced = true
      break
    }
    // Committed: this process's results cache reads the new height on its next request.
    resultsChanged()
    tip = next
    pass.height = next.height
    pass.blocks += fetched.blocks.length
    pass.ballots += written.counted
    pass.skippedUnknownCampaign += written.skippedUnknownCampaign
    pass.alreadyCounted += written.alreadyCounted
    if (fetched.blocks.length < limit) break
  }
  return pass
}
