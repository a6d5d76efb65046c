import { base64ToBytes, bytesToHex } from '@civic-budget/protocol/bytes'
import { merkleRoot } from '@civic-budget/protocol/merkle'
import { cachedNativeAggregateVerify } from '@civic-budget/protocol-node/bls'
import {
  verifyCommittedHeader,
  verifyHeader,
  type BlockHeader,
  type CommitCertificate,
  type Genesis,
} from '@civic-budget/protocol/block'

/*
| Verifies a block served by `GET /blocks` without trusting the replica that served it:
|   1. the header decodes, is on the genesis chain, H(header) = blockHash, and the commit
|      certificate carries ≥ quorum distinct genesis signers whose aggregate signature verifies
|      (`verifyCommittedHeader`, shared with the receipt checks; the aggregate signature with
|      native blst from `@civic-budget/protocol-node/bls`, remembered: the intake has usually
|      checked the same certificate already, in its ballots' receipts);
|   2. its height is the next one and its parentHash is the previous projected block's hash;
|   3. txCount = number of txs and txRoot = the RFC 9162 root of the txs as served.
| A block without a certificate yet (`commit: null`) is `uncertified`: not an attack, wait — or,
| for a reader that takes a later certified descendant as the proof (the audit replay),
| `acceptUncertified` checks everything else and leaves the certificate to that descendant.
*/
export interface ChainTip {
  height: number
  blockHash: string
}

export interface VerifiedBlock {
  height: number
  blockHash: string
  header: BlockHeader
  txs: Uint8Array[]
}

export type BlockVerdict =
  | { ok: true; block: VerifiedBlock }
  | {
      ok: false
      reason: 'uncertified' | 'malformed' | 'bad_commit' | 'not_next' | 'bad_txs'
      message: string
    }

export function verifyBlock(
  served: unknown,
  previous: ChainTip,
  genesis: Genesis,
  options: { acceptUncertified?: boolean } = {}
): BlockVerdict {
  const b = served as Record<string, unknown>
  if (
    !b ||
    typeof b.blockHash !== 'string' ||
    typeof b.header !== 'string' ||
    !Array.isArray(b.txs) ||
    !b.txs.every((tx) => typeof tx === 'string')
  ) {
    return { ok: false, reason: 'malformed', message: 'block: blockHash, header and txs expected' }
  }
  const certified = b.commit !== null && b.commit !== undefined
  if (!certified && !options.acceptUncertified) {
    return { ok: false, reason: 'uncertified', message: 'no commit certificate yet' }
  }
  let headerBytes: Uint8Array
  let txs: Uint8Array[]
  try {
    headerBytes = base64ToBytes(b.header)
    txs = (b.txs as string[]).map((tx) => base64ToBytes(tx))
  } catch (error) {
    return { ok: false, reason: 'malformed', message: (error as Error).message }
  }
  const committed = certified
    ? verifyCommittedHeader(
        headerBytes,
        b.blockHash,
        b.commit as CommitCertificate,
        genesis,
        cachedNativeAggregateVerify
      )
    : verifyHeader(headerBytes, b.blockHash, genesis)
  if (!committed.ok) return { ok: false, reason: 'bad_commit', message: committed.message }
  const header = committed.header
  if (header.height !== previous.height + 1 || b.height !== header.height) {
    return {
      ok: false,
      reason: 'not_next',
      message: `height ${header.height} after ${previous.height}`,
    }
  }
  if (bytesToHex(header.parentHash) !== previous.blockHash) {
    return { ok: false, reason: 'not_next', message: 'parentHash is not the previous block' }
  }
  if (header.txCount !== txs.length || bytesToHex(merkleRoot(txs)) !== bytesToHex(header.txRoot)) {
    return { ok: false, reason: 'bad_txs', message: 'the txs do not match header.txRoot' }
  }
  return { ok: true, block: { height: header.height, blockHash: b.blockHash, header, txs } }
}
