/**
 * Independent protocol client — offline receipt check (protocol.md "Receipt"), own CBOR, own Merkle,
 * pairing-based BLS. Returns the first failed check by name.
 */
import { decode, encode, type Item } from './cbor.js'
import { aggregateKeys, ascii, blsVerify, cat, fromB64, fromHex, sha256, toHex } from './crypto.js'
import { leaf, rootFromPath } from './merkle.js'

export interface IndependentReceipt {
  version: number
  ballotHash: string
  campaignId: number
  tx: string
  header: string
  blockHash: string
  leafIndex: number
  treeSize: number
  auditPath: string[]
  commit: { signers: number[]; signature: string }
}

export interface IndependentGenesis {
  chainId: string
  replicas: { index: number; publicKey: string }[]
  quorum: number
}

export type Check = { ok: true } | { ok: false; failed: string }

const isUint = (x: unknown): x is number =>
  typeof x === 'number' && Number.isSafeInteger(x) && x >= 0
const isBytes = (x: unknown, n?: number): x is Uint8Array =>
  x instanceof Uint8Array && (n === undefined || x.length === n)

/** Decodes and insists the bytes are the canonical encoding of what they decode to. */
function strictDecode(bytes: Uint8Array): Item {
  const value = decode(bytes)
  if (toHex(encode(value)) !== toHex(bytes)) throw new Error('non-canonical')
  return value
}

export function checkReceipt(receipt: IndependentReceipt, genesis: IndependentGenesis): Check {
  const no = (failed: string): Check => ({ ok: false, failed })
  try {
    if (receipt.version !== 1) return no('version')
    // 1. H(ballotBytes inside tx) = ballotHash
    const txBytes = fromB64(receipt.tx)
    const tx = strictDecode(txBytes)
    if (!Array.isArray(tx) || tx.length !== 4 || tx[0] !== 1 || tx[1] !== 'ballot') return no('tx')
    const [, , ballotBytes, signature] = tx
    if (!isBytes(ballotBytes) || !isBytes(signature, 64)) return no('tx')
    if (toHex(sha256(ballotBytes)) !== receipt.ballotHash) return no('ballotHash')
    const ballot = strictDecode(ballotBytes)
    // version 1 (choices in clear) or 2 (encrypted: the replicas checked its proof)
    if (!Array.isArray(ballot) || ballot.length !== 5 || (ballot[0] !== 1 && ballot[0] !== 2))
      return no('ballot')
    if (ballot[1] !== receipt.campaignId) return no('campaignId')

    // 2. header and audit path to header.txRoot
    const headerBytes = fromB64(receipt.header)
    const h = strictDecode(headerBytes)
    if (!Array.isArray(h) || h.length !== 11 || h[0] !== 1 || typeof h[1] !== 'string')
      return no('header')
    const [
      ,
      chainId,
      height,
      view,
      parentHash,
      justifyQcHash,
      txRoot,
      txCount,
      stateRoot,
      ts,
      proposer,
    ] = h
    if (
      ![height, view, txCount, ts, proposer].every(isUint) ||
      ![parentHash, justifyQcHash, txRoot, stateRoot].every((x) => isBytes(x, 32))
    ) {
      return no('header')
    }
    if (chainId !== genesis.chainId) return no('chainId')
    if (receipt.treeSize !== txCount) return no('treeSize')
    const path = receipt.auditPath.map((x) => fromHex(x))
    const root = rootFromPath(receipt.leafIndex, receipt.treeSize, leaf(txBytes), path)
    if (!root || toHex(root) !== toHex(txRoot as Uint8Array)) return no('auditPath')

    // 3. H(header) = blockHash
    const blockHash = sha256(headerBytes)
    if (toHex(blockHash) !== receipt.blockHash) return no('blockHash')

    // 4. commit certificate: ≥ quorum distinct known signers, aggregate key, BLS verify
    const signers = receipt.commit.signers
    if (new Set(signers).size !== signers.length) return no('signers')
    const keys: string[] = []
    for (const i of signers) {
      const replica = genesis.replicas.find((r) => r.index === i)
      if (!replica) return no('signers')
      keys.push(replica.publicKey)
    }
    if (signers.length < genesis.quorum) return no('quorum')
    const message = cat(ascii('civic-budget/commit/v1'), Uint8Array.of(0), blockHash)
    if (!blsVerify(aggregateKeys(keys), message, fromHex(receipt.commit.signature)))
      return no('commitSignature')
    return { ok: true }
  } catch (error) {
    return no(`exception: ${(error as Error).message}`)
  }
}
