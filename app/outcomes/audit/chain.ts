import { base64ToBytes, bytesToHex } from '#voting/protocol/encoding'
import { merkleRoot } from '#voting/protocol/merkle'
import {
  blockHashOf,
  decodeHeader,
  verifyCommit,
  type CommitCertificate,
  type Genesis,
} from '#voting/protocol/receipt'

/*
 * The committed chain as one replica serves it (`GET /blocks`), every block checked against the
 * genesis with the receipt code (`#voting/protocol/receipt`): H(header) = blockHash, chain id,
 * consecutive heights from 1, parentHash = the previous block's hash, txRoot = Merkle root of the
 * txs (RFC 9162, `#voting/protocol/merkle`) and txCount, and a commit certificate signed by a
 * quorum of genesis replicas. A replica cannot invent or drop a block without failing one of these
 * (dropping the tail only shortens the chain, which the comparison then shows as missing ballots).
 * Trailing blocks without a certificate yet are left out and counted.
 */

export interface VerifiedBlock {
  height: number
  timestampMs: number
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
  let previousHash: string | null = null
  for (let from = 1; ; from += PAGE) {
    const response = await fetchImpl(
      `${replicaUrl.replace(/\/$/, '')}/blocks?from=${from}&limit=${PAGE}`
    )
    if (!response.ok) {
      problems.push(`GET /blocks?from=${from}: HTTP ${response.status}`)
      break
    }
    const page = ((await response.json()) as { blocks: BlockJson[] }).blocks
    for (const block of page) {
      const expectedHeight = blocks.length + pending.length + 1
      const problem =
        block.height !== expectedHeight
          ? `expected height ${expectedHeight}`
          : checkBlock(block, genesis, previousHash)
      if (problem) {
        problems.push(`block ${block.height}: ${problem}`)
        return { blocks, problems, uncertifiedTail: pending.length }
      }
      const header = decodeHeader(base64ToBytes(block.header))
      pending.push({
        height: block.height,
        timestampMs: header.timestampMs,
        txs: block.txs.map((tx) => base64ToBytes(tx)),
      })
      previousHash = block.blockHash
      if (block.commit) {
        blocks.push(...pending)
        pending = []
      }
    }
    if (page.length < PAGE) break
  }
  return { blocks, problems, uncertifiedTail: pending.length }
}

function checkBlock(
  block: BlockJson,
  genesis: Genesis,
  previousHash: string | null
): string | null {
  try {
    const headerBytes = base64ToBytes(block.header)
    const header = decodeHeader(headerBytes)
    if (blockHashOf(headerBytes) !== block.blockHash) return 'H(header) differs from blockHash'
    if (header.chainId !== genesis.chainId)
      return `chain ${header.chainId}, genesis says ${genesis.chainId}`
    if (header.height !== block.height) return 'height differs from its header'
    if (previousHash !== null && bytesToHex(header.parentHash) !== previousHash) {
      return 'parentHash is not the previous block'
    }
    const txs = block.txs.map((tx) => base64ToBytes(tx))
    if (header.txCount !== txs.length) return 'txCount differs from the txs served'
    if (bytesToHex(merkleRoot(txs)) !== bytesToHex(header.txRoot))
      return 'txRoot differs from the txs served'
    if (block.commit) {
      const commit = verifyCommit(block.blockHash, block.commit, genesis)
      if (!commit.ok) return `commit certificate: ${commit.message}`
    }
    return null
  } catch (error) {
    return `malformed: ${(error as Error).message}`
  }
}
