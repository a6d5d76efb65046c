// Receipts (protocol.md "Receipt"): proof that a tx is in a committed block.
//
//   { version: 1, ballotHash?, campaignId?, tx, header, blockHash, leafIndex, treeSize, auditPath,
//     commit: { signers, signature } }
//
// Ballot txs carry `ballotHash` (hex H(ballotBytes)) and `campaignId`. Receipts of other tx kinds omit both
// (a verifier must then not claim anything about a ballot); if a non-ballot receipt does carry
// `ballotHash`, it must equal the txHash.
//
// Check: H(ballotBytes inside tx) = ballotHash; the RFC 9162 audit path leads from H(0x00 ‖ tx) to
// header.txRoot; H(header) = blockHash; the commit signature verifies under the aggregate of the signers'
// genesis keys on "civic-budget/commit/v1" ‖ 0x00 ‖ blockHash, with ≥ quorum distinct signers.
import type { Block, CommitCert } from '../consensus/types.js'
import { decodeHeader, encodeHeader } from '../codec/block.js'
import { commitSigningMessage } from '../codec/signing.js'
import { decodeCbor } from '../codec/cbor.js'
import { auditPath, leafHash, verifyInclusion } from '@civic-budget/protocol/merkle'
import { bytesEqual, fromHex, sha256, toHex } from './hash.js'
import { bls, verifyQuorum, type BlsBackend } from './bls.js'
import type { Genesis } from '../node/genesis.js'

export interface Receipt {
  version: 1
  ballotHash?: string
  campaignId?: number
  tx: string
  header: string
  blockHash: string
  leafIndex: number
  treeSize: number
  auditPath: string[]
  commit: { signers: number[]; signature: string }
}

const b64 = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64')

/** Ballot fields of a tx (`[1, "ballot", ballotBytes, sig]`), or null for other kinds. */
export function ballotInfo(tx: Uint8Array): { ballotHash: string; campaignId: number } | null {
  try {
    const a = decodeCbor(tx) as unknown[]
    if (!Array.isArray(a) || a[0] !== 1 || a[1] !== 'ballot' || !(a[2] instanceof Uint8Array))
      return null
    const ballot = decodeCbor(a[2]) as unknown[]
    const campaignId = Array.isArray(ballot) && typeof ballot[1] === 'number' ? ballot[1] : -1
    return { ballotHash: toHex(sha256(a[2])), campaignId }
  } catch {
    return null
  }
}

export function buildReceipt(block: Block, position: number, cert: CommitCert): Receipt {
  const tx = block.txs[position]
  if (tx === undefined) throw new Error(`no tx at position ${position}`)
  const r: Receipt = {
    version: 1,
    tx: b64(tx),
    header: b64(encodeHeader(block.header)),
    blockHash: toHex(block.hash),
    leafIndex: position,
    treeSize: block.txs.length,
    auditPath: auditPath(position, block.txs).map(toHex),
    commit: { signers: [...cert.signers], signature: toHex(cert.sig) },
  }
  const info = ballotInfo(tx)
  if (!info) return r
  const { version, ...rest } = r
  return { version, ballotHash: info.ballotHash, campaignId: info.campaignId, ...rest }
}

export type ReceiptCheck =
  { ok: true; height: number; txHash: string } | { ok: false; reason: string }

function unb64(s: unknown, what: string): Uint8Array {
  if (typeof s !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(s))
    throw new Error(`${what} must be base64`)
  return new Uint8Array(Buffer.from(s, 'base64'))
}

function unhex(s: unknown, what: string, len?: number): Uint8Array {
  if (typeof s !== 'string' || !/^[0-9a-f]*$/.test(s) || s.length % 2 !== 0)
    throw new Error(`${what} must be lowercase hex`)
  const b = fromHex(s)
  if (len !== undefined && b.length !== len) throw new Error(`${what} must be ${len} bytes`)
  return b
}

export function verifyReceipt(
  receipt: unknown,
  genesis: Genesis,
  backend: BlsBackend = bls
): ReceiptCheck {
  try {
    const r = receipt as Receipt
    if (typeof r !== 'object' || r === null)
      return { ok: false, reason: 'receipt must be a JSON object' }
    if (r.version !== 1) return { ok: false, reason: 'unsupported receipt version' }
    const tx = unb64(r.tx, 'tx')
    const headerBytes = unb64(r.header, 'header')
    const blockHash = unhex(r.blockHash, 'blockHash', 32)
    const txHash = toHex(sha256(tx))
    // 1. ballot hash
    const info = ballotInfo(tx)
    if (r.ballotHash !== undefined) {
      if (info) {
        if (r.ballotHash !== info.ballotHash)
          return { ok: false, reason: 'ballotHash does not match the ballot inside tx' }
        if (r.campaignId !== undefined && r.campaignId !== info.campaignId)
          return { ok: false, reason: 'campaignId does not match the ballot' }
      } else if (r.ballotHash !== txHash)
        return {
          ok: false,
          reason: 'ballotHash given for a non-ballot tx and not equal to its txHash',
        }
    }
    // 2. header and block hash
    const header = decodeHeader(headerBytes)
    if (!bytesEqual(encodeHeader(header), headerBytes))
      return { ok: false, reason: 'header is not canonical CBOR' }
    if (!bytesEqual(sha256(headerBytes), blockHash))
      return { ok: false, reason: 'H(header) != blockHash' }
    if (header.chainId !== genesis.chainId)
      return {
        ok: false,
        reason: `header chainId ${header.chainId} is not the genesis chain ${genesis.chainId}`,
      }
    // 3. inclusion
    if (
      !Number.isInteger(r.leafIndex) ||
      !Number.isInteger(r.treeSize) ||
      r.leafIndex < 0 ||
      r.leafIndex >= r.treeSize
    ) {
      return { ok: false, reason: 'leafIndex/treeSize out of range' }
    }
    if (r.treeSize !== header.txCount) return { ok: false, reason: 'treeSize != header.txCount' }
    if (!Array.isArray(r.auditPath)) return { ok: false, reason: 'auditPath must be an array' }
    const path = r.auditPath.map((h, i) => unhex(h, `auditPath[${i}]`, 32))
    if (!verifyInclusion(r.leafIndex, r.treeSize, leafHash(tx), path, header.txRoot))
      return { ok: false, reason: 'audit path does not lead to header.txRoot' }
    // 4. commit certificate
    if (!r.commit || !Array.isArray(r.commit.signers))
      return { ok: false, reason: 'commit.signers missing' }
    const sig = unhex(r.commit.signature, 'commit.signature', 96)
    const pks = genesis.replicas.map((x) => fromHex(x.publicKey))
    const q = verifyQuorum(
      commitSigningMessage(blockHash),
      r.commit.signers,
      sig,
      pks,
      genesis.quorum,
      backend
    )
    if (!q.ok) return { ok: false, reason: `commit certificate: ${q.reason}` }
    return { ok: true, height: header.height, txHash }
  } catch (e) {
    return { ok: false, reason: (e as Error).message }
  }
}
