import { genesisBlockHash } from '@civic-budget/protocol/block'
import { verifyBlock, type ChainTip } from '#ledger/projection/block_verifier'
import type { CommitCertificate, Genesis } from '@civic-budget/protocol/block'

/*
 * The committed chain as one replica serves it (`GET /blocks`), every block checked against the
 * genesis with the projection's `verifyBlock` (the receipt code underneath): H(header) = blockHash,
 * chain id, consecutive heights from 1, parentHash = the previous block's hash (the genesis block's
 * for height 1), txRoot = Merkle root of the txs (RFC 9162) and txCount, and a commit certificate
 * signed by a quorum of genesis replicas (native blst). A block without its own certificate is
 * proved by a later certified descendant (`acceptUncertified`). A replica cannot invent or drop a
 * block without failing one of these (dropping the tail only shortens the chain, which the
 * comparison then shows as missing ballots). Trailing blocks without a certificate yet are left
 * out and counted.
 */

export interface VerifiedBlock {
  height: number
  timestampMs: number
  /** The pb application's state root after this block, as the header (signed by the quorum) says. */
  stateRoot: Uint8Array
  txs: Uint8Array[]
}

export interface ChainRead {
  blocks: VerifiedBlock[]
  /** Problems that make the chain untrustworthy (non-empty → the audit fails). */
  problems: string[]
  uncertifiedTail: number
}

const PAGE = 100

interface BlockJson {
  height: number
  blockHash: string
  header: string
  txs: string[]
  commit: CommitCertificate | null
}

export async function readChain(
  replicaUrl: string,
  genesis: Genesis,
  fetchImpl: typeof fetch = fetch
): Promise<ChainRead> {
  const blocks: VerifiedBlock[] = []
  const problems: string[] = []
  let pending: VerifiedBlock[] = [] // blocks after the last certified one
  let tip: ChainTip = { height: 0, blockHash: genesisBlockHash(genesis.chainId) }
  for (let from = 1; ; from += PAGE) {
    const response = await fetchImpl(
      `${replicaUrl.replace(/\/$/, '')}/blocks?from=${from}&limit=${PAGE}`
    )
    if (!response.ok) {
      problems.push(`GET /blocks?from=${from}: HTTP ${response.status}`)
      break
    }
    const page = ((await response.json()) as { blocks: BlockJson[] }).blocks
    for (const served of page) {
      const verdict = verifyBlock(served, tip, genesis, { acceptUncertified: true })
      if (!verdict.ok) {
        problems.push(`block ${served.height}: ${verdict.message}`)
        return { blocks, problems, uncertifiedTail: pending.length }
      }
      const { block } = verdict
      const { timestampMs, stateRoot } = block.header
      pending.push({ height: block.height, timestampMs, stateRoot, txs: block.txs })
      tip = { height: block.height, blockHash: block.blockHash }
      if (served.commit) {
        blocks.push(...pending)
        pending = []
      }
    }
    if (page.length < PAGE) break
  }
  return { blocks, problems, uncertifiedTail: pending.length }
}
