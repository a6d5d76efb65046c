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
import { bls, type G1, G1_BYTES, G2_BYTES, hashToG2, parseG1, parseG2 } from './bls.js'
import {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  type CborValue,
  cborDecode,
  cborEncode,
  domainMessage,
  hexToBytes,
  isUint,
  sha256,
  TAG_COMMIT,
} from './encoding.js'
import { ProtocolError } from './errors.js'
import { auditPath as buildAuditPath, leafHash, rootFromAuditPath } from './merkle.js'

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

export interface CommitCertificate {
  signers: number[]
  /** hex, 96 bytes (aggregate G2 signature) */
  signature: string
}

export interface GenesisReplica {
  index: number
  publicKey: string
  pop?: string
  address?: string
}

export interface Genesis {
  chainId: string
  replicas: GenesisReplica[]
  quorum: number
}

export interface BlockHeader {
  version: 1
  chainId: string
  height: number
  view: number
  parentHash: Uint8Array
  justifyQcHash: Uint8Array
  txRoot: Uint8Array
  txCount: number
  stateRoot: Uint8Array
  timestampMs: number
  proposer: number
}

export type ReceiptFailure =
  | 'bad_receipt'
  | 'bad_genesis'
  | 'malformed_tx'
  | 'ballot_hash_mismatch'
  | 'campaign_mismatch'
  | 'malformed_header'
  | 'chain_mismatch'
  | 'tree_size_mismatch'
  | 'bad_audit_path'
  | 'audit_path_mismatch'
  | 'block_hash_mismatch'
  | 'duplicate_signer'
  | 'unknown_signer'
  | 'insufficient_signers'
  | 'bad_commit_signature'

export type ReceiptVerification =
  | { ok: true; height: number; timestampMs: number; txHash: string; blockHash: string }
  | { ok: false; reason: ReceiptFailure; message: string }

/* -------------------------------------------------------------------------------------- header */

export function encodeHeader(header: Omit<BlockHeader, 'version'> & { version?: 1 }): Uint8Array {
  return cborEncode([
    1,
    header.chainId,
    header.height,
    header.view,
    header.parentHash,
    header.justifyQcHash,
    header.txRoot,
    header.txCount,
    header.stateRoot,
    header.timestampMs,
    header.proposer,
  ])
}

function isHash(value: CborValue): value is Uint8Array {
  return value instanceof Uint8Array && value.length === 32
}

/** Strict decoding of `[1, chainId, height, view, parentHash, justifyQcHash, txRoot, txCount,
 * stateRoot, timestampMs, proposer]`. */
export function decodeHeader(bytes: Uint8Array): BlockHeader {
  const v = cborDecode(bytes)
  if (!Array.isArray(v) || v.length !== 11) {
    throw new ProtocolError('malformed_header', 'header: array of 11 expected')
  }
  const [version, chainId, height, view, parentHash, justifyQcHash, txRoot, txCount, stateRoot] = v
  const [timestampMs, proposer] = [v[9], v[10]]
  if (
    version !== 1 ||
    typeof chainId !== 'string' ||
    !isUint(height) ||
    !isUint(view) ||
    !isHash(parentHash) ||
    !isHash(justifyQcHash) ||
    !isHash(txRoot) ||
    !isUint(txCount) ||
    !isHash(stateRoot) ||
    !isUint(timestampMs) ||
    !isUint(proposer)
  ) {
    throw new ProtocolError('malformed_header', 'header: field of the wrong type')
  }
  return {
    version: 1,
    chainId,
    height,
    view,
    parentHash,
    justifyQcHash,
    txRoot,
    txCount,
    stateRoot,
    timestampMs,
    proposer,
  }
}

export function blockHashOf(headerBytes: Uint8Array): string {
  return bytesToHex(sha256(headerBytes))
}

export function commitMessage(blockHash: string | Uint8Array): Uint8Array {
  const bytes = typeof blockHash === 'string' ? hexToBytes(blockHash, 32) : blockHash
  return domainMessage(TAG_COMMIT, bytes)
}

/* ------------------------------------------------------------------------------------- genesis */

export interface ParsedGenesis {
  chainId: string
  quorum: number
  keys: Map<number, G1>
}

/** Parsed genesis files by content (decoding keys costs a few ms each); small and bounded. */
const parsedGenesisCache = new Map<string, ParsedGenesis>()

/** Validates the genesis and decodes its replica keys (cached by content). */
export function parseGenesis(genesis: Genesis): ParsedGenesis {
  if (!genesis || typeof genesis.chainId !== 'string' || !Array.isArray(genesis.replicas)) {
    throw new ProtocolError('bad_genesis', 'genesis: chainId and replicas expected')
  }
  const cacheKey = JSON.stringify([
    genesis.chainId,
    genesis.quorum,
    genesis.replicas.map((r) => [r?.index, r?.publicKey]),
  ])
  const cached = parsedGenesisCache.get(cacheKey)
  if (cached) return cached
  if (!isUint(genesis.quorum) || genesis.quorum < 1 || genesis.quorum > genesis.replicas.length) {
    throw new ProtocolError('bad_genesis', 'genesis: bad quorum')
  }
  const keys = new Map<number, G1>()
  for (const replica of genesis.replicas) {
    if (!replica || !isUint(replica.index) || keys.has(replica.index)) {
      throw new ProtocolError('bad_genesis', 'genesis: replica indices must be distinct uints')
    }
    try {
      keys.set(replica.index, parseG1(hexToBytes(replica.publicKey, G1_BYTES), 'replica key'))
    } catch (error) {
      throw new ProtocolError('bad_genesis', `genesis: replica ${replica.index}: ${error}`)
    }
  }
  const parsed = { chainId: genesis.chainId, quorum: genesis.quorum, keys }
  if (parsedGenesisCache.size >= 16) parsedGenesisCache.clear()
  parsedGenesisCache.set(cacheKey, parsed)
  return parsed
}

/**
 * A faster check of one aggregate BLS signature over `message` by `publicKeys` (compressed G1),
 * e.g. native `@chainsafe/blst` on the server; must give the same verdicts as the pure-JS path.
 */
export type AggregateVerifier = (
  message: Uint8Array,
  publicKeys: Uint8Array[],
  signature: Uint8Array
) => boolean

/** Checks a commit certificate for `blockHash` against the genesis. */
export function verifyCommit(
  blockHash: string | Uint8Array,
  commit: CommitCertificate,
  genesis: Genesis,
  fastVerify?: AggregateVerifier
): { ok: true } | { ok: false; reason: ReceiptFailure; message: string } {
  let parsed: ParsedGenesis
  try {
    parsed = parseGenesis(genesis)
  } catch (error) {
    return { ok: false, reason: 'bad_genesis', message: (error as Error).message }
  }
  if (!commit || !Array.isArray(commit.signers) || typeof commit.signature !== 'string') {
    return { ok: false, reason: 'bad_receipt', message: 'commit: signers and signature expected' }
  }
  const seen = new Set<number>()
  const keys: G1[] = []
  for (const index of commit.signers) {
    if (!isUint(index)) return { ok: false, reason: 'bad_receipt', message: 'commit: bad signer' }
    if (seen.has(index)) {
      return { ok: false, reason: 'duplicate_signer', message: `signer ${index} listed twice` }
    }
    const key = parsed.keys.get(index)
    if (!key) return { ok: false, reason: 'unknown_signer', message: `no replica ${index}` }
    seen.add(index)
    keys.push(key)
  }
  if (keys.length < parsed.quorum) {
    return {
      ok: false,
      reason: 'insufficient_signers',
      message: `${keys.length} signers, quorum is ${parsed.quorum}`,
    }
  }
  try {
    if (fastVerify) {
      const keyHex = new Map(genesis.replicas.map((r) => [r.index, r.publicKey]))
      const publicKeys = commit.signers.map((i) => hexToBytes(keyHex.get(i)!, G1_BYTES))
      const signature = hexToBytes(commit.signature, G2_BYTES)
      if (fastVerify(commitMessage(blockHash), publicKeys, signature)) return { ok: true }
    } else {
      const signature = parseG2(hexToBytes(commit.signature, G2_BYTES), 'commit signature')
      const aggregate = bls.aggregatePublicKeys(keys)
      if (bls.verify(signature, hashToG2(commitMessage(blockHash)), aggregate)) return { ok: true }
    }
  } catch {
    // fall through: malformed signature
  }
  return { ok: false, reason: 'bad_commit_signature', message: 'commit signature does not verify' }
}

/** Checks that a header decodes, belongs to the genesis chain and hashes to `blockHash`. */
export function verifyHeader(
  headerBytes: Uint8Array,
  blockHash: string,
  genesis: Genesis
): { ok: true; header: BlockHeader } | { ok: false; reason: ReceiptFailure; message: string } {
  let header: BlockHeader
  try {
    header = decodeHeader(headerBytes)
  } catch (error) {
    return { ok: false, reason: 'malformed_header', message: `header: ${(error as Error).message}` }
  }
  if (header.chainId !== genesis.chainId) {
    return { ok: false, reason: 'chain_mismatch', message: 'the block belongs to another chain' }
  }
  if (blockHashOf(headerBytes) !== blockHash) {
    return { ok: false, reason: 'block_hash_mismatch', message: 'H(header) differs from blockHash' }
  }
  return { ok: true, header }
}

/**
 * Checks that a header is committed on our chain: `verifyHeader`, plus a commit certificate of
 * ≥ quorum distinct genesis signers. Shared by receipt checks, the app's block projection and
 * the audit replay (none of them trusts the serving replica).
 */
export function verifyCommittedHeader(
  headerBytes: Uint8Array,
  blockHash: string,
  commit: CommitCertificate,
  genesis: Genesis,
  fastVerify?: AggregateVerifier
): { ok: true; header: BlockHeader } | { ok: false; reason: ReceiptFailure; message: string } {
  const checked = verifyHeader(headerBytes, blockHash, genesis)
  if (!checked.ok) return checked
  const check = verifyCommit(blockHash, commit, genesis, fastVerify)
  return check.ok ? checked : check
}

/* ------------------------------------------------------------------------------------- receipt */

function failure(reason: ReceiptFailure, message: string): ReceiptVerification {
  return { ok: false, reason, message }
}

export interface VerifyReceiptOptions {
  /** The commit certificate's pairing check (a server passes a native, cached one). */
  fastVerify?: AggregateVerifier
}

export function verifyReceipt(
  receipt: Receipt,
  genesis: Genesis,
  options: VerifyReceiptOptions = {}
): ReceiptVerification {
  if (
    !receipt ||
    receipt.version !== 1 ||
    typeof receipt.ballotHash !== 'string' ||
    typeof receipt.tx !== 'string' ||
    typeof receipt.header !== 'string' ||
    typeof receipt.blockHash !== 'string' ||
    !isUint(receipt.campaignId) ||
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

  // 1. the ballot inside the transaction
  let txBytes: Uint8Array
  let tx
  try {
    txBytes = base64ToBytes(receipt.tx)
    tx = decodeBallotTx(txBytes)
  } catch (error) {
    return failure('malformed_tx', `tx: ${(error as Error).message}`)
  }
  if (hashBallot(tx.ballotBytes) !== receipt.ballotHash) {
    return failure('ballot_hash_mismatch', 'the ballot in the tx does not hash to ballotHash')
  }
  if (tx.ballot.campaignId !== receipt.campaignId) {
    return failure('campaign_mismatch', 'the ballot is for another campaign')
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
  const blockHash = receipt.blockHash

  return {
    ok: true,
    height: header.height,
    timestampMs: header.timestampMs,
    txHash: bytesToHex(sha256(txBytes)),
    blockHash,
  }
}

/** Assembles a receipt from a committed block (used by the app once a block commits). */
export function makeReceipt(params: {
  txs: readonly Uint8Array[]
  index: number
  headerBytes: Uint8Array
  commit: CommitCertificate
}): Receipt {
  const txBytes = params.txs[params.index]
  const tx = decodeBallotTx(txBytes)
  return {
    version: 1,
    ballotHash: hashBallot(tx.ballotBytes),
    campaignId: tx.ballot.campaignId,
    tx: bytesToBase64(txBytes),
    header: bytesToBase64(params.headerBytes),
    blockHash: blockHashOf(params.headerBytes),
    leafIndex: params.index,
    treeSize: params.txs.length,
    auditPath: buildAuditPath(params.index, params.txs).map(bytesToHex),
    commit: { signers: [...params.commit.signers], signature: params.commit.signature },
  }
}
