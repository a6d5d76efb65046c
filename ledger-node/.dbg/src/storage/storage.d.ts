/**
 * Storage interface of a replica (implemented by storage/memory.ts for the simulator and
 * storage/rocksdb.ts for real processes).
 *
 * Contents:
 *  - blocks by hash (committed and uncommitted; full blocks, codec/block.ts encodeBlock)
 *  - height index of the committed chain (height → block hash) and the committed tip
 *  - tx index (hex txHash → {height, position}) for committed txs
 *  - commit certificates by height
 *  - the safety record (one value, codec/messages.ts encodeSafetyRecord)
 *  - app state entries (opaque keys/values owned by the App)
 *
 * Rules for implementations:
 *  - `write(batch)` applies all ops atomically (one RocksDB WriteBatch). With `batch.sync` the write is
 *    durable when the promise resolves (WAL fsync'd), which also makes every earlier write durable.
 *    Without `sync` a crash may lose it (and any later unsynced writes) but never tears a batch.
 *  - `putCommitted` also advances the committed tip if its height is higher than the current tip.
 *  - Genesis (height 0) is never written; the committed tip of an empty store is "none" (load.ts maps it
 *    to genesis).
 *  - Reads reflect all completed writes (synced or not).
 */
import type { Block, CommitCert, Hash, SafetyRecord, WriteBatch } from '../consensus/types.js';
export interface TxLocation {
    readonly height: number;
    readonly position: number;
}
export interface CommittedTip {
    readonly height: number;
    readonly hash: Hash;
}
export interface Storage {
    write(batch: WriteBatch): Promise<void>;
    getBlock(hash: Hash): Promise<Block | undefined>;
    getCommittedHash(height: number): Promise<Hash | undefined>;
    getCommittedTip(): Promise<CommittedTip | undefined>;
    getTx(txHash: string): Promise<TxLocation | undefined>;
    getCommitCert(height: number): Promise<CommitCert | undefined>;
    getSafety(): Promise<SafetyRecord | undefined>;
    getApp(key: Uint8Array): Promise<Uint8Array | undefined>;
    /** All app entries (for App.restore), in ascending key byte order. */
    appEntries(): AsyncIterable<readonly [Uint8Array, Uint8Array]>;
    close(): Promise<void>;
}
