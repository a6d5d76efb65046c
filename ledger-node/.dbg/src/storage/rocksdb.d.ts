import type { Block, CommitCert, Hash, SafetyRecord, WriteBatch } from '../consensus/types.js';
import type { CommittedTip, Storage, TxLocation } from './storage.js';
export declare class StorageMismatchError extends Error {
    constructor(message: string);
}
export interface Manifest {
    chainId: string;
    replicaIndex: number;
    /** SHA-256 of the canonical genesis description (see node/genesis.ts `genesisChecksum`). */
    genesisChecksum: Uint8Array;
}
export interface RocksOpenOptions {
    /** Create the store if the directory does not exist (first start). */
    createIfMissing: boolean;
    manifest: Manifest;
}
export declare class RocksStorage implements Storage {
    private readonly db;
    readonly location: string;
    private tip;
    /** True when this open created the store (first start of the replica). */
    created: boolean;
    private blockCache;
    /** Number of writes, and of synced writes (metrics). */
    readonly stats: {
        writes: number;
        syncedWrites: number;
        writeMsTotal: number;
    };
    private constructor();
    static open(location: string, opts: RocksOpenOptions): Promise<RocksStorage>;
    write(batch: WriteBatch): Promise<void>;
    private encodeOp;
    private cacheBlock;
    private get1;
    getBlock(hash: Hash): Promise<Block | undefined>;
    /** Raw block bytes (for the HTTP API, avoids a decode/encode round trip). */
    getBlockBytes(hash: Hash): Promise<Buffer | undefined>;
    getCommittedHash(height: number): Promise<Hash | undefined>;
    getCommittedTip(): Promise<CommittedTip | undefined>;
    getTx(txHash: string): Promise<TxLocation | undefined>;
    /** Batched tx-index lookup (one RocksDB multi-get): committed location per hash, undefined if absent. */
    getTxMany(txHashes: readonly string[]): Promise<(TxLocation | undefined)[]>;
    getCommitCert(height: number): Promise<CommitCert | undefined>;
    getSafety(): Promise<SafetyRecord | undefined>;
    getApp(k: Uint8Array): Promise<Uint8Array | undefined>;
    appEntries(): AsyncIterable<readonly [Uint8Array, Uint8Array]>;
    close(): Promise<void>;
}
