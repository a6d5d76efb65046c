import { type AdversaryName } from './adversary.js';
import { type Violation } from './checker.js';
export type FaultMode = 'none' | 'crash' | 'partition' | 'twins' | 'all';
export declare const FAULT_MODES: readonly FaultMode[];
export interface SimOptions {
    readonly seed: number;
    readonly replicas: number;
    readonly faults: FaultMode;
    /** Number of keys run by two instances each. Default: 1 for `twins`/`all`, else 0. */
    readonly byzantineTwins?: number;
    readonly faultPhaseMs?: number;
    readonly settleMsMax?: number;
    /** Probability that a delivered message goes through encodeMsg/decodeMsg. */
    readonly codecRoundTripP?: number;
    /** Stop at the first violation (faster sweeps). */
    readonly stopOnViolation?: boolean;
    /**
     * Systematic crash point: crash the instance executing the `index`-th persist action of the run
     * (counted over all instances), before or after the write. -1 = none.
     */
    readonly crashAtPersist?: {
        readonly index: number;
        readonly after: boolean;
    };
    /** Malicious behaviours of one faulty key (the twinned one when there are twins). */
    readonly adversaries?: readonly AdversaryName[];
    /** Seeds divisible by this sign with the real BLS backend (0: never, 1: always). */
    readonly blsEvery?: number;
    /** Block-tree bound of every replica (default: the node's); scaled down to reach it in a short run. */
    readonly treeBlocksMax?: number;
}
export interface SimResult {
    readonly seed: number;
    readonly violations: readonly Violation[];
    /** Highest committed height reached by an honest replica. */
    readonly commits: number;
    readonly committedTxs: number;
    /** Txs acknowledged by a commit certificate (checked for durability). */
    readonly ackedTxs: number;
    /** Views the slowest-to-recover honest replica went through between heal and liveness. */
    readonly viewsToRecover: number;
    readonly steps: number;
    readonly virtualMs: number;
    /** Messages signed by the adversary itself. */
    readonly injected: number;
    readonly realBls: boolean;
}
export declare class Simulation {
    readonly opts: Required<SimOptions> & {
        faultPhaseMs: number;
    };
    private readonly rng;
    private readonly q;
    private readonly instances;
    private readonly checker;
    private nowMs;
    private steps;
    private phase;
    private readonly cfgs;
    private readonly twinned;
    /** Keys the checker does not treat as honest: twinned ones and the adversary's. */
    private readonly faulty;
    private readonly adversary;
    private readonly realBls;
    private delayMsMax;
    private dropP;
    private dupP;
    private persistCrashP;
    private crashesLeft;
    private partitioned;
    /** Share of faulty keys' messages that are mutated (0 in positive-control runs: pure equivocation). */
    private mutateP;
    private persistCount;
    private longDelayP;
    private oneWay;
    /** Messages whose encoding exceeds this are dropped (a transport frame cap); Infinity: no cap. */
    private frameBytesMax;
    private tornTailP;
    private fsyncErrorP;
    private corruptP;
    private txValueBytesMax;
    private txCounter;
    private readonly submitted;
    private finalTxs;
    private settleDeadline;
    private livenessOk;
    private healViewMax;
    private viewsToRecover;
    constructor(opts: SimOptions);
    private has;
    private drawFaultParameters;
    run(): Promise<SimResult>;
    private handle;
    /** An event for a paused instance waits until it resumes (in order: same time, FIFO). */
    private deferWhilePaused;
    private localNow;
    private boot;
    /**
     * Corrupts the durable committed tip block (its stored header no longer matches its height) and
     * checks that start-up refuses it; then restores the value, as an operator restores a backup.
     */
    private refusesCorruptTip;
    private crash;
    /** Execute an action list in order, exactly as a node would. */
    private exec;
    /** Hands the pending signatures up to the one of `upTo` (default: all) to the checker. */
    /** Every pool within the bound its config sets (issue #12: per-author, windowed pools). */
    private checkBounds;
    private releaseSigned;
    private send;
    /** Only blocks travel in big messages; everything else is far below any frame cap. */
    private tooBigForFrame;
    /** A partition cuts both ways, or (one-way) only from group 1 to group 0. */
    private cut;
    private newTx;
    private submit;
    private onClient;
    private partition;
    private healPartition;
    private onPhaseEnd;
    private honestInstances;
    private onCheck;
    get live(): boolean;
}
export declare function runSeed(opts: SimOptions): Promise<SimResult>;
