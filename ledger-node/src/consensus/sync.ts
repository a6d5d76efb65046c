/**
 * Serving catch-up from Storage (for `serveSyncFromStorage` actions): the core keeps only a window of
 * recent committed blocks in memory; older ones are read here by the node and sent back to the
 * requester as a `syncResponse` (committed blocks only, with whatever commit certificates exist).
 */
import { bytesEqual } from '../crypto/hash.js'
import type { Block, CommitCert, SyncRequestMsg, SyncResponseMsg } from './types.js'

/** Upper bound of a block's header, QC and CBOR framing on the wire (a QC lists up to 256 signers). */
export const BLOCK_OVERHEAD_BYTES = 2048
/** Upper bound of the CBOR head of one tx byte string. */
export const TX_HEAD_BYTES = 9

/** An upper bound of `block`'s encoded size, for capping sync responses by bytes. */
export function blockWireBytes(block: Block): number {
  let bytes = BLOCK_OVERHEAD_BYTES
  for (const tx of block.txs) bytes += tx.length + TX_HEAD_BYTES
  return bytes
}

/**
 * Whether a sync response holding `blocks` (of `bytes` in all) may take one more block of `next`
 * bytes: at most `batchMax` blocks and `bytesMax` bytes, but always at least one block (a block is at
 * most blockBytesMax and a frame holds two), so a lagging replica always makes progress.
 */
export function fitsInSyncResponse(
  blocks: number,
  bytes: number,
  next: number,
  batchMax: number,
  bytesMax: number
): boolean {
  return blocks === 0 || (blocks < batchMax && bytes + next <= bytesMax)
}

/** The subset of Storage this needs (Storage satisfies it). */
export interface CommittedChainReader {
  getCommittedHash(height: number): Promise<Uint8Array | undefined>
  getBlock(hash: Uint8Array): Promise<Block | undefined>
  getCommitCert(height: number): Promise<CommitCert | undefined>
}

export async function buildSyncResponseFromStorage(
  reader: CommittedChainReader,
  req: SyncRequestMsg,
  batchMax: number,
  bytesMax: number
): Promise<SyncResponseMsg> {
  const limit = Math.max(1, Math.min(req.limit, batchMax))
  const blocks: Block[] = []
  const certs: CommitCert[] = []
  // Continue after the requester's tip if it is on our committed chain, else after its committed height.
  const atTip = await reader.getCommittedHash(req.tipHeight)
  const from =
    atTip !== undefined && bytesEqual(atTip, req.tipHash)
      ? req.tipHeight + 1
      : req.committedHeight + 1
  let bytes = 0
  for (let h = from; blocks.length < limit; h++) {
    const hash = await reader.getCommittedHash(h)
    if (hash === undefined) break
    const b = await reader.getBlock(hash)
    if (b === undefined) break
    const size = blockWireBytes(b)
    if (!fitsInSyncResponse(blocks.length, bytes, size, limit, bytesMax)) break
    blocks.push(b)
    bytes += size
    const c = await reader.getCommitCert(h)
    if (c !== undefined) certs.push(c)
  }
  return { kind: 'syncResponse', blocks, certs, highQc: null, highTc: null }
}

/** Synchronous variant for in-memory storage (simulator). */
export interface CommittedChainReaderSync {
  getCommittedHashSync(height: number): Uint8Array | undefined
  getBlockSync(hash: Uint8Array): Block | undefined
  getCommitCertSync(height: number): CommitCert | undefined
}

export function buildSyncResponseSync(
  reader: CommittedChainReaderSync,
  req: SyncRequestMsg,
  batchMax: number,
  bytesMax: number
): SyncResponseMsg {
  const limit = Math.max(1, Math.min(req.limit, batchMax))
  const blocks: Block[] = []
  const certs: CommitCert[] = []
  const atTip = reader.getCommittedHashSync(req.tipHeight)
  const from =
    atTip !== undefined && bytesEqual(atTip, req.tipHash)
      ? req.tipHeight + 1
      : req.committedHeight + 1
  let bytes = 0
  for (let h = from; blocks.length < limit; h++) {
    const hash = reader.getCommittedHashSync(h)
    if (hash === undefined) break
    const b = reader.getBlockSync(hash)
    if (b === undefined) break
    const size = blockWireBytes(b)
    if (!fitsInSyncResponse(blocks.length, bytes, size, limit, bytesMax)) break
    blocks.push(b)
    bytes += size
    const c = reader.getCommitCertSync(h)
    if (c !== undefined) certs.push(c)
  }
  return { kind: 'syncResponse', blocks, certs, highQc: null, highTc: null }
}
