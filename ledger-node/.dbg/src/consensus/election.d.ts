export type LeaderElection = 'reputation' | 'round-robin';
export declare const LEADER_ELECTIONS: readonly LeaderElection[];
/** Blocks whose proposers and voters form the active set. */
export declare const REPUTATION_WINDOW_BLOCKS = 10;
/** The anchor is the newest block on the extended chain with view ≤ v − LAG_VIEWS. */
export declare const REPUTATION_LAG_VIEWS = 3;
/** Consecutive views per leader. */
export declare const REPUTATION_TERM_VIEWS = 2;
/**
 * Committed blocks the core must keep to elect from any block it can extend: at most LAG_VIEWS − 1 blocks
 * between a parent and its anchor (views strictly decrease along a chain), then the window.
 */
export declare const ELECTION_HISTORY_BLOCKS: number;
/** What the election reads from one block of a chain. */
export interface ElectionEntry {
    readonly height: number;
    readonly view: number;
    readonly proposer: number;
    /** Signers of the block's justify QC (empty for the genesis QC). */
    readonly voters: readonly number[];
}
/**
 * Leader of `view` for a block extending the chain `chain` yields, newest first (the parent, then its
 * ancestors, down to genesis at height 0). Reads at most ELECTION_HISTORY_BLOCKS entries.
 */
export declare function electLeader(mode: LeaderElection, view: number, n: number, quorum: number, chain: Iterable<ElectionEntry>): number;
