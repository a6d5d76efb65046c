import type { Block, CommitCert, SyncRequestMsg, SyncResponseMsg } from './types.js';
/** Upper bound of a block's header, QC and CBOR framing on the wire (a QC lists up to 256 signers). */
export declare const BLOCK_OVERHEAD_BYTES = 2048;
/** Upper bound of the CBOR head of one tx byte string. */
export declare const TX_HEAD_BYTES = 9;
/** An upper bound of `block`'s encoded size, for capping sync responses by bytes. */
export declare function blockWireBytes(block: Block): number;
/**
 * Whether a sync response holding `blocks` (of `bytes` in all) may take one more block of `next`
 * bytes: at most `batchMax` blocks and `bytesMax` bytes, but always at least one block (a block is at
 * most blockBytesMax and a frame holds two), so a lagging replica always makes progress.
 */
export declare function fitsInSyncResponse(blocks: number, bytes: number, next: number, batchMax: number, bytesMax: number): boolean;
/** The subset of Storage this needs (Storage satisfies it). */
export interface CommittedChainReader {
    getCommittedHash(height: number): Promise<Uint8Array | undefined>;
    getBlock(hash: Uint8Array): Promise<Block | undefined>;
    getCommitCert(height: number): Promise<CommitCert | undefined>;
}
export declare function buildSyncResponseFromStorage(reader: CommittedChainReader, req: SyncRequestMsg, batchMax: number, bytesMax: number): Promise<SyncResponseMsg>;
/** Synchronous variant for in-memory storage (simulator). */
export interface CommittedChainReaderSync {
    getCommittedHashSync(height: number): Uint8Array | undefined;
    getBlockSync(hash: Uint8Array): Block | undefined;
    getCommitCertSync(height: number): CommitCert | undefined;
}
export declare function buildSyncResponseSync(reader: CommittedChainReaderSync, req: SyncRequestMsg, batchMax: number, bytesMax: number): SyncResponseMsg;
