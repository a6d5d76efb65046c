/**
 * In-memory Storage for the simulator and tests, with crash semantics: unsynced writes live in a volatile
 * layer that `crash()` discards; a `sync: true` write makes the volatile layer and itself durable (like
 * fsync of a sequential WAL). Besides the async Storage interface it offers synchronous `*Sync` readers
 * (the simulator is single-threaded and avoids promise overhead).
 */
import type { Block, CommitCert, Hash, SafetyRecord, WriteBatch } from '../consensus/types.js';
import type { CommittedTip, Storage, TxLocation } from './storage.js';
export declare class MemoryStorage implements Storage {
    private durable;
    private current;
    private unsynced;
    /** Counters for tests. */
    writesSynced: number;
    writesUnsynced: number;
    writeSync(batch: WriteBatch): void;
    /**
     * Simulated power loss: every write not yet made durable is lost, except the first `keepUnsynced`
     * unsynced batches (a torn WAL tail reaches the disk as a prefix of whole batches, as RocksDB
     * recovers it).
     */
    crash(keepUnsynced?: number): void;
    getBlockSync(hash: Hash): Block | undefined;
    getCommittedHashSync(height: number): Hash | undefined;
    getCommittedTipSync(): CommittedTip | undefined;
    getTxSync(txHash: string): TxLocation | undefined;
    getCommitCertSync(height: number): CommitCert | undefined;
    getSafetySync(): SafetyRecord | undefined;
    getAppSync(key: Uint8Array): Uint8Array | undefined;
    appEntriesSync(): Array<readonly [Uint8Array, Uint8Array]>;
    write(batch: WriteBatch): Promise<void>;
    getBlock(hash: Hash): Promise<Block | undefined>;
    getCommittedHash(height: number): Promise<Hash | undefined>;
    getCommittedTip(): Promise<CommittedTip | undefined>;
    getTx(txHash: string): Promise<TxLocation | undefined>;
    getCommitCert(height: number): Promise<CommitCert | undefined>;
    getSafety(): Promise<SafetyRecord | undefined>;
    getApp(key: Uint8Array): Promise<Uint8Array | undefined>;
    appEntries(): AsyncIterable<readonly [Uint8Array, Uint8Array]>;
    close(): Promise<void>;
}
