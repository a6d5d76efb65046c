/**
 * Block headers, commit certificates and offline receipt verification (protocol.md "Receipt").
 *
 * A receipt is valid when
 *   1. H(ballotBytes inside tx) = ballotHash (and the ballot is for receipt.campaignId);
 *   2. the RFC 9162 audit path leads from H(0x00 ‖ tx) at (leafIndex, treeSize) to header.txRoot,
 *      with treeSize = header.txCount;
 *   3. H(header) = blockHash, and header.chainId is the genesis chainId;
 *   4. the commit signature over "civic-budget/commit/v1" ‖ 0x00 ‖ blockHash verifies under the
 *      aggregate of the signers' G1 public keys from the genesis, with ≥ quorum distinct known signers.
 */
import { ballotHash as hashBallot, decodeBallotTx } from './ballot.js'
import {
  type BlockHeader,
  blockHashOf,
  type CommitCertificate,
  decodeHeader,
  type Genesis,
  parseGenesis,
  type AggregateVerifier,
  type ReceiptFailure,
  verifyCommittedHeader,
} from './block.js'
import { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes } from './bytes.js'
import { cborDecode, isUint } from './cbor.js'
import { sha256 } from './hash.js'
import { auditPath as buildAuditPath, leafHash, rootFromAuditPath } from './merkle.js'

/**
 * The ballot inside a ballot tx, of either version: v1 decoded in full (`decodeBallotTx`); v2 (an
 * encrypted ballot, encrypted_ballot.ts — the same tx) read only for its version and campaign, so that
 * receipts stay light: its ciphertext and proof are what the replicas checked before committing it.
 * Throws when the tx is not a canonical ballot tx of either version.
 */
export function ballotOfTx(txBytes: Uint8Array): { ballotBytes: Uint8Array; campaignId: number } {
  try {
    const tx = decodeBallotTx(txBytes)
    return { ballotBytes: tx.ballotBytes, campaignId: tx.ballot.campaignId }
  } catch (error) {
    let v2: { ballotBytes: Uint8Array; campaignId: number } | null = null
    try {
      const tx = cborDecode(txBytes)
      if (Array.isArray(tx) && tx.length === 4 && tx[0] === 1 && tx[1] === 'ballot') {
        const [, , ballotBytes, signature] = tx
        const ballot = ballotBytes instanceof Uint8Array ? cborDecode(ballotBytes) : null
        if (
          signature instanceof Uint8Array &&
          signature.length === 64 &&
          Array.isArray(ballot) &&
          ballot.length === 5 &&
          ballot[0] === 2 &&
          isUint(ballot[1])
        ) {
          v2 = { ballotBytes: ballotBytes as Uint8Array, campaignId: ballot[1] }
        }
      }
    } catch {
      v2 = null
    }
    if (v2) return v2
    throw error
  }
}

export interface Receipt {
  version: 1
  ballotHash: string
  campaignId: number
  /** base64 txBytes */
  tx: string
  /** base64 CBOR header */
  header: string
  blockHash: string
  leafIndex: number
  treeSize: number
  /** hex sibling hashes, leaf → root */
  auditPath: string[]
  commit: CommitCertificate
}

export type ReceiptVerification =
  | { ok: true; height: number; timestampMs: number; txHash: string; blockHash: string }
  | { ok: false; reason: ReceiptFailure; message: string }
/* ------------------------------------------------------------------------------------- receipt */

function failure(reason: ReceiptFailure, message: string): ReceiptVerification {
  return { ok: false, reason, message }
}

export interface VerifyReceiptOptions {
  /** The commit certificate's pairing check (a server passes a native, cached one). */
  fastVerify?: AggregateVerifier
}

/** A receipt of any tx kind: a ballot receipt without the ballot fields (the replicas' form). */
export type TxReceipt = Omit<Receipt, 'ballotHash' | 'campaignId'> & {
  ballotHash?: string
  campaignId?: number
}

/**
 * Steps 2–4 for a tx of any kind: the header decodes and is on the genesis chain, the audit path leads
 * from the tx to `header.txRoot` (treeSize = txCount), H(header) = blockHash and the commit certificate
 * carries ≥ quorum genesis signers. Used for records and campaign txs (the app's outbox, the replicas'
 * `verify-receipt`) and by `verifyReceipt` for ballots.
 */
export function verifyTxReceipt(
  receipt: TxReceipt,
  genesis: Genesis,
  options: VerifyReceiptOptions = {}
): ReceiptVerification {
  if (
    !receipt ||
    receipt.version !== 1 ||
    typeof receipt.tx !== 'string' ||
    typeof receipt.header !== 'string' ||
    typeof receipt.blockHash !== 'string' ||
    !isUint(receipt.leafIndex) ||
    !isUint(receipt.treeSize) ||
    !Array.isArray(receipt.auditPath)
  ) {
    return failure('bad_receipt', 'receipt: missing or mistyped fields')
  }
  try {
    parseGenesis(genesis)
  } catch (error) {
    return failure('bad_genesis', (error as Error).message)
  }
  let txBytes: Uint8Array
  try {
    txBytes = base64ToBytes(receipt.tx)
  } catch (error) {
    return failure('malformed_tx', `tx: ${(error as Error).message}`)
  }

  // 2. header
  let headerBytes: Uint8Array
  let header: BlockHeader
  try {
    headerBytes = base64ToBytes(receipt.header)
    header = decodeHeader(headerBytes)
  } catch (error) {
    return failure('malformed_header', `header: ${(error as Error).message}`)
  }
  if (header.chainId !== genesis.chainId) {
    return failure('chain_mismatch', 'the block belongs to another chain')
  }

  // 3. Merkle inclusion
  if (receipt.treeSize !== header.txCount) {
    return failure('tree_size_mismatch', 'treeSize differs from header.txCount')
  }
  let path: Uint8Array[]
  try {
    path = receipt.auditPath.map((node) => hexToBytes(node, 32))
  } catch {
    return failure('bad_audit_path', 'audit path nodes must be 32-byte hex')
  }
  const root = rootFromAuditPath(receipt.leafIndex, receipt.treeSize, leafHash(txBytes), path)
  if (root === null) return failure('bad_audit_path', 'audit path has the wrong shape')
  if (bytesToHex(root) !== bytesToHex(header.txRoot)) {
    return failure('audit_path_mismatch', 'the audit path does not lead to header.txRoot')
  }

  // 4. block hash and commit certificate
  const committed = verifyCommittedHeader(
    headerBytes,
    receipt.blockHash,
    receipt.commit,
    genesis,
    options.fastVerify
  )
  if (!committed.ok) return committed

  return {
    ok: true,
    height: header.height,
    timestampMs: header.timestampMs,
    txHash: bytesToHex(sha256(txBytes)),
    blockHash: receipt.blockHash,
  }
}

/** A ballot receipt: step 1 (the ballot inside the tx), then `verifyTxReceipt`. */
export function verifyReceipt(
  receipt: Receipt,
  genesis: Genesis,
  options: VerifyReceiptOptions = {}
): ReceiptVerification {
  if (
    !receipt ||
    typeof receipt.ballotHash !== 'string' ||
    typeof receipt.tx !== 'string' ||
    !isUint(receipt.campaignId)
  ) {
    return failure('bad_receipt', 'receipt: missing or mistyped fields')
  }
  let tx
  try {
    tx = ballotOfTx(base64ToBytes(receipt.tx))
  } catch (error) {
    return failure('malformed_tx', `tx: ${(error as Error).message}`)
  }
  if (hashBallot(tx.ballotBytes) !== receipt.ballotHash) {
    return failure('ballot_hash_mismatch', 'the ballot in the tx does not hash to ballotHash')
  }
  if (tx.campaignId !== receipt.campaignId) {
    return failure('campaign_mismatch', 'the ballot is for another campaign')
  }
  return verifyTxReceipt(receipt, genesis, options)
}

/**
 * Assembles the receipt of the tx at `index` of a committed block, for any tx kind; a ballot tx also
 * gets `ballotHash` and `campaignId` (the form the replicas serve).
 */
export function makeTxReceipt(params: {
  txs: readonly Uint8Array[]
  index: number
  headerBytes: Uint8Array
  commit: CommitCertificate
}): TxReceipt {
  const txBytes = params.txs[params.index]
  if (txBytes === undefined) throw new RangeError(`no tx at position ${params.index}`)
  const receipt: TxReceipt = {
    version: 1,
    tx: bytesToBase64(txBytes),
    header: bytesToBase64(params.headerBytes),
    blockHash: blockHashOf(params.headerBytes),
    leafIndex: params.index,
    treeSize: params.txs.length,
    auditPath: buildAuditPath(params.index, params.txs).map(bytesToHex),
    commit: { signers: [...params.commit.signers], signature: params.commit.signature },
  }
  let ballot
  try {
    ballot = ballotOfTx(txBytes)
  } catch {
    return receipt
  }
  const { version, ...rest } = receipt
  return {
    version,
    ballotHash: hashBallot(ballot.ballotBytes),
    campaignId: ballot.campaignId,
    ...rest,
  }
}

/** The receipt of a ballot tx of a committed block (throws for any other kind). */
export function makeReceipt(params: {
  txs: readonly Uint8Array[]
  index: number
  headerBytes: Uint8Array
  commit: CommitCertificate
}): Receipt {
  ballotOfTx(params.txs[params.index])
  return makeTxReceipt(params) as Receipt
}
