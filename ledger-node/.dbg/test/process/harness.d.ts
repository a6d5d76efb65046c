import { type ChildProcess } from 'node:child_process';
import type { LeaderElection } from '../../src/consensus/election.js';
export declare const sleep: (ms: number) => Promise<unknown>;
/** process.env plus the owner mark every child of a test carries. */
export declare function ownedEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
/** A temp dir named after this test process (`ledger-proc-<pid>-…`). */
export declare function makeTestDir(): string;
/** Kills `p` (SIGKILL) when this test process ends, whatever the way: end, error, signal. */
export declare function track(p: ChildProcess): ChildProcess;
/** A port of ours turned out to be held by a neighbour (EADDRINUSE, or a replica of another chain). */
export declare class PortTakenError extends Error {
}
/**
 * Runs `attempt(base)` on free ports (`freeBasePort`). Two runs probing at the same moment can both
 * find a port free: the loser's replica then fails to bind or a foreign replica answers. That is
 * reported and retried on other ports (`cleanup` first), up to three times; other errors pass.
 */
export declare function onFreePorts<T>(preferred: number, n: number, attempt: (base: number) => Promise<T>, cleanup: () => Promise<void>): Promise<T>;
/**
 * A base port whose n peer ports (base+i) and n HTTP ports (base+100+i) are all free: `preferred`
 * if so, else a random base in 30000–32600 (below the ephemeral range), reported on stderr.
 */
export declare function freeBasePort(preferred: number, n: number): Promise<number>;
export interface BlockInfo {
    height: number;
    blockHash: string;
    txs: string[];
    commit: {
        signers: number[];
        signature: string;
    } | null;
}
export declare class Cluster {
    readonly dir: string;
    readonly basePort: number;
    readonly n: number;
    readonly env: Record<string, string>;
    readonly procs: (ChildProcess | null)[];
    readonly exits: (number | string | null)[];
    readonly chainId: string;
    private constructor();
    static create(o: {
        app: 'kv' | 'pb';
        basePort: number;
        n?: number;
        consensus?: Record<string, number>;
        /** Genesis `leaderElection` (default: reputation). */
        leaderElection?: LeaderElection;
        env?: Record<string, string>;
        start?: boolean;
    }): Promise<Cluster>;
    configPath(i: number): string;
    url(i: number, p: string): string;
    start(i: number): ChildProcess;
    /** Runs `run` once in the foreground and returns its exit code and output (for refusal tests). */
    runOnce(i: number, timeoutMs?: number): Promise<{
        code: number | null;
        output: string;
    }>;
    kill(i: number, sig?: NodeJS.Signals): Promise<void>;
    live(): number[];
    stopAll(): Promise<void>;
    cleanup(): Promise<void>;
    logs(i: number): string;
    get(i: number, p: string, timeoutMs?: number): Promise<any>;
    post(i: number, p: string, body: unknown, timeoutMs?: number): Promise<{
        status: number;
        body: any;
    }>;
    status(i: number): Promise<any | null>;
    /**
     * Throws PortTakenError when a replica of another chain answers on replica i's port (a stale
     * cluster) or replica i exited because a port of its was taken.
     */
    assertOwnReplica(i: number): Promise<void>;
    waitReady(indices: number[], timeoutMs: number): Promise<void>;
    waitCommittedHeight(indices: number[], height: number, timeoutMs: number): Promise<void>;
    blocks(i: number, from: number, limit?: number): Promise<BlockInfo[]>;
    /** Every committed block of replica i, by height. */
    allBlocks(i: number): Promise<BlockInfo[]>;
}
export declare function kvTx(key: string, value: string): string;
export declare function hashOfB64(tx: string): string;
/**
 * Submits kv txs in batches to every live replica and follows the committed chain of a live replica:
 * every tx seen in a committed block is "acknowledged as committed" (height recorded).
 */
export declare class KvLoad {
    private readonly c;
    private readonly batch;
    private readonly intervalMs;
    private readonly tag;
    readonly acked: Map<string, number>;
    submitted: number;
    private stopped;
    private seq;
    private followHeight;
    private loops;
    constructor(c: Cluster, batch?: number, intervalMs?: number, tag?: string);
    start(): this;
    stop(): Promise<void>;
    private submitLoop;
    follow(): Promise<void>;
    private followLoop;
}
/** Waits until the live replicas share a committed height ≥ minHeight, then checks agreement and durability. */
export declare function checkConsistency(c: Cluster, acked: Map<string, number>, timeoutMs?: number): Promise<{
    height: number;
}>;
