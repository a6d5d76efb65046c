import type { Genesis } from '@civic-budget/protocol/block'
import { verifyBlock, type ChainTip, type VerifiedBlock } from '#ledger/projection/block_verifier'

/*
| Reads committed blocks from the replicas (`GET /blocks?from=H&limit=L`, L ≤ 100), one replica at
| a time, starting with the one that served us last. A replica that fails (network, HTTP error,
| a block that does not verify) is skipped for the next one; what it served is never applied.
| Blocks verified before a bad one are kept: each was checked on its own against the chain.
*/
export const BLOCKS_PER_REQUEST_MAX = 100

export interface Refusal {
  replica: string
  height: number
  reason: string
  message: string
}

export interface FetchedBlocks {
  blocks: VerifiedBlock[]
  refused: Refusal[]
}

/** Per replica list: the index of the replica that served last (a new list starts at its first). */
const cursors = new Map<string, number>()

async function fetchPage(url: string, from: number, limit: number, timeoutMs: number) {
  const response = await fetch(`${url}/blocks?from=${from}&limit=${limit}`, {
    signal: AbortSignal.timeout(timeoutMs),
  })
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`)
  const body = (await response.json()) as { blocks?: unknown }
  if (!Array.isArray(body?.blocks)) throw new Error('answer without blocks')
  return body.blocks as unknown[]
}

/** Up to `limit` verified blocks following `tip`, from the first replica that has any. */
export async function fetchVerifiedBlocks(
  replicas: string[],
  tip: ChainTip,
  limit: number,
  genesis: Genesis,
  timeoutMs: number
): Promise<FetchedBlocks> {
  const refused: Refusal[] = []
  const key = replicas.join(',')
  const cursor = cursors.get(key) ?? 0
  for (let attempt = 0; attempt < replicas.length; attempt++) {
    const index = (cursor + attempt) % replicas.length
    const url = replicas[index]
    let served: unknown[]
    try {
      served = await fetchPage(
        url,
        tip.height + 1,
        Math.min(limit, BLOCKS_PER_REQUEST_MAX),
        timeoutMs
      )
    } catch (error) {
      refused.push({
        replica: url,
        height: tip.height + 1,
        reason: 'unavailable',
        message: String(error),
      })
      continue
    }
    const blocks: VerifiedBlock[] = []
    let previous = tip
    for (const block of served.slice(0, limit)) {
      const verdict = verifyBlock(block, previous, genesis)
      if (!verdict.ok) {
        if (verdict.reason !== 'uncertified') {
          refused.push({
            replica: url,
            height: previous.height + 1,
            reason: verdict.reason,
            message: verdict.message,
          })
        }
        break
      }
      blocks.push(verdict.block)
      previous = { height: verdict.block.height, blockHash: verdict.block.blockHash }
    }
    if (blocks.length > 0) {
      cursors.set(key, index)
      return { blocks, refused }
    }
  }
  cursors.set(key, (cursor + 1) % Math.max(1, replicas.length))
  return { blocks: [], refused }
}
