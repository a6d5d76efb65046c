import { Replica } from '../consensus/replica.js';
import { type ConsensusConfig } from '../consensus/config.js';
import type { Action, Event } from '../consensus/types.js';
import { RocksStorage } from '../storage/rocksdb.js';
import { Transport } from '../net/transport.js';
import { BlsConsensusCrypto } from '../crypto/consensus_crypto.js';
import { KvApp } from '../app/kv.js';
import { PbApp } from '../app/pb/app.js';
import type { App } from '../app/app.js';
import { type LoadedConfig } from './genesis.js';
import { type HttpHandle } from './http.js';
export declare class StartupRefusal extends Error {
}
interface Queued {
    ev: Event;
    onAdmission?: (results: Extract<Action, {
        kind: 'txAdmission';
    }>['results']) => void;
}
export declare class ReplicaNode {
    readonly loaded: LoadedConfig;
    core: Replica;
    storage: RocksStorage;
    transport: Transport;
    app: App<unknown>;
    kv: KvApp | null;
    pb: PbApp | null;
    crypto: BlsConsensusCrypto;
    cfg: ConsensusConfig;
    http: HttpHandle | null;
    readonly index: number;
    /** Highest block height persisted (committed or not). */
    maxBlockHeight: number;
    /** Admission rejections by txHash (reason), for GET /txs/:hash. */
    readonly rejections: Map<string, string>;
    readonly metrics: {
        commits: number;
        committedTxs: number;
        certified: number;
        alarms: number;
        messagesIn: number;
        badMessages: number;
        droppedMessages: number;
        eventsProcessed: number;
        persistMsTotal: number;
        persists: number;
        coreMsTotal: number;
        queueMax: number;
        queueBytesMax: number;
    };
    /** Bounded by cfg.eventQueueMax / eventQueueBytesMax (set in start). */
    private queue;
    private draining;
    private drainDone;
    private timer;
    private stopping;
    private readonly log;
    constructor(loaded: LoadedConfig);
    get genesis(): import("./genesis.js").Genesis;
    start(): Promise<void>;
    stop(): Promise<void>;
    private onPeerFrame;
    /** True when the core is so far behind that client submissions should be refused (HTTP 503). */
    overloaded(): boolean;
    /** Submits client txs; resolves with the core's admission verdicts (same order). */
    submitTxs(txs: Uint8Array[]): Promise<Extract<Action, {
        kind: 'txAdmission';
    }>['results']>;
    enqueue(q: Queued, bytes: number): void;
    private queued;
    private drain;
    private execute;
    private debugTrace;
    private setTimer;
}
export {};
