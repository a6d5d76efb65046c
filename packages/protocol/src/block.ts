/**
 * Block headers, genesis and commit certificates (protocol.md "Ledger transactions and blocks",
 * "Receipt"): header encoding, block hash, the commit signing message and the checks that a header is
 * committed on the genesis chain.
 *
 *   header     = [1, chainId, height, view, parentHash, justifyQcHash, txRoot, txCount, stateRoot,
 *                 timestampMs, proposer]
 *   blockHash  = H(CBOR(header))
 *   commit msg = "civic-budget/commit/v1" ‖ 0x00 ‖ blockHash, signed (aggregate BLS) by ≥ quorum
 *                distinct replicas of the genesis
 */
import { bls, type G1, G1_BYTES, G2_BYTES, hashToG2, parseG1, parseG2 } from './bls.js'
import { bytesToHex, domainMessage, hexToBytes } from './bytes.js'
import { type CborValue, cborDecode, cborEncode, isUint } from './cbor.js'
import { ProtocolError } from './errors.js'
import { sha256 } from './hash.js'
import { TAG_COMMIT } from './tags.js'
import { BLOCK_TXS_MAX, REPLICAS_MAX } from './limits.js'

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

/* -------------------------------------------------------------------------------------- header */

/** The CBOR value of a header: `[1, chainId, height, view, parentHash, justifyQcHash, txRoot,
 * txCount, stateRoot, timestampMs, proposer]` (the replicas embed it in their block encoding). */
export function headerToCbor(header: Omit<BlockHeader, 'version'> & { version?: 1 }): CborValue[] {
  return [
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
  ]
}

export function encodeHeader(header: Omit<BlockHeader, 'version'> & { version?: 1 }): Uint8Array {
  return cborEncode(headerToCbor(header))
}

function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === 32
}

/** Chain ids are short labels; the replicas refuse longer ones in genesis and headers. */
const CHAIN_ID_MAX = 256

/**
 * Reads a header from its decoded CBOR value, with the replicas' limits (txCount ≤ BLOCK_TXS_MAX,
 * proposer < REPLICAS_MAX, chainId ≤ 256 characters); throws `ProtocolError('malformed_header')`.
 */
export function headerFromCbor(v: unknown): BlockHeader {
  if (!Array.isArray(v) || v.length !== 11) {
    throw new ProtocolError('malformed_header', 'header: array of 11 expected')
  }
  const [version, chainId, height, view, parentHash, justifyQcHash, txRoot, txCount, stateRoot] = v
  const [timestampMs, proposer] = [v[9], v[10]]
  if (
    version !== 1 ||
    typeof chainId !== 'string' ||
    chainId.length > CHAIN_ID_MAX ||
    !isUint(height) ||
    !isUint(view) ||
    !isHash(parentHash) ||
    !isHash(justifyQcHash) ||
    !isHash(txRoot) ||
    !isUint(txCount) ||
    txCount > BLOCK_TXS_MAX ||
    !isHash(stateRoot) ||
    !isUint(timestampMs) ||
    !isUint(proposer) ||
    proposer >= REPLICAS_MAX
  ) {
    throw new ProtocolError('malformed_header', 'header: field of the wrong type or out of range')
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

/** Strict decoding of header bytes (canonical CBOR, `headerFromCbor`). */
export function decodeHeader(bytes: Uint8Array): BlockHeader {
  return headerFromCbor(cborDecode(bytes))
}

export function blockHashOf(headerBytes: Uint8Array): string {
  return bytesToHex(sha256(headerBytes))
}

const ZERO_HASH = new Uint8Array(32)

/**
 * The genesis header every chain starts from (height 0, view 0, zero parent / justify / state hashes,
 * txRoot = H(""), no txs, time 0, proposer 0): its hash is the parent of height 1.
 */
export function genesisHeader(chainId: string): BlockHeader {
  return {
    version: 1,
    chainId,
    height: 0,
    view: 0,
    parentHash: ZERO_HASH,
    justifyQcHash: ZERO_HASH,
    txRoot: sha256(new Uint8Array(0)),
    txCount: 0,
    stateRoot: ZERO_HASH,
    timestampMs: 0,
    proposer: 0,
  }
}

/** Hash of the genesis block of `chainId` (hex). */
export function genesisBlockHash(chainId: string): string {
  return blockHashOf(encodeHeader(genesisHeader(chainId)))
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
