import type { LeaderElection } from './election.js';
/**
 * Static configuration of a replica's consensus core. All durations in milliseconds of the injected
 * clock (`nowMs` in events); all limits are hard caps.
 */
export interface ConsensusConfig {
    readonly chainId: string;
    /** Number of replicas, n = 3f + 1. */
    readonly replicaCount: number;
    /** This replica's index (the key it signs with). */
    readonly selfIndex: number;
    /** View timeout when the previous view ended with a QC. */
    readonly timeoutMsBase: number;
    /** Multiplier per consecutive view without a QC (capped exponential back-off). */
    readonly timeoutBackoff: number;
    /** Upper bound of the view timeout. */
    readonly timeoutMsMax: number;
    /** Leader batching limits. */
    readonly blockTxsMax: number;
    readonly blockBytesMax: number;
    /** Mempool limits (admission refuses beyond these). */
    readonly mempoolTxsMax: number;
    readonly mempoolBytesMax: number;
    /** Max blocks buffered while their parent is unknown (an equal share per proposer). */
    readonly orphanBlocksMax: number;
    /** Max bytes (`blockWireBytes`) of those blocks; each proposer's share holds a largest block. */
    readonly orphanBytesMax: number;
    /** Max blocks per sync response (and per request). */
    readonly syncBatchMax: number;
    /**
     * Max bytes of blocks per sync response (`blockWireBytes`), so a response always fits in a frame
     * (frames hold twice blockBytesMax); the first block is always sent.
     */
    readonly syncBytesMax: number;
    /** First sync retry delay; doubles per retry up to syncRetryMsMax. */
    readonly syncRetryMsBase: number;
    readonly syncRetryMsMax: number;
    /** Committed blocks kept in memory (for serving sync and for tx de-duplication). */
    readonly committedWindowBlocks: number;
    /**
     * Max blocks held in the block tree (committed tip + uncommitted descendants). When full, an
     * uncertified leaf far from the current view is evicted to make room (see `Replica.makeRoom`).
     */
    readonly treeBlocksMax: number;
    /** Max bytes (`blockWireBytes`) of the block tree; evicts like treeBlocksMax. */
    readonly treeBytesMax: number;
    /** Votes are pooled for views up to this far above the current view (one per voter and view). */
    readonly voteViewsAheadMax: number;
    /** Commit signatures are pooled for heights up to this far above the committed tip (one per signer). */
    readonly commitSigHeightsAheadMax: number;
    /**
     * The node's event queue (peer frames, client submissions, ticks) in count and bytes: beyond either,
     * peer frames are dropped (consensus recovers) and clients get 503 (node/event_queue.ts).
     */
    readonly eventQueueMax: number;
    readonly eventQueueBytesMax: number;
    /** Accept block timestamps at most this far ahead of the local clock. */
    readonly clockSkewMsMax: number;
    /**
     * Proposer rule (election.ts). Consensus-relevant: every replica of a chain must use the same one, so
     * nodes take it from the genesis file (`leaderElection`), not from per-replica overrides.
     */
    readonly leaderElection: LeaderElection;
}
export declare function defaultConfig(chainId: string, replicaCount: number, selfIndex: number): ConsensusConfig;
/**
 * Refuses a configuration whose bounds would let a pool grow without limit or refuse honest traffic
 * (checked by the Replica constructor, i.e. at start).
 */
export declare function assertConfigBounds(cfg: ConsensusConfig): void;
/** Upper bound of `blockWireBytes` (sync.ts) for a block within the block limits. */
export declare function blockWireBytesMax(blockBytesMax: number, blockTxsMax: number): number;
export declare function faultsTolerated(n: number): number;
export declare function quorumSize(n: number): number;
