import type { LeaderElection } from './election.js'

/**
 * Static configuration of a replica's consensus core. All durations in milliseconds of the injected
 * clock (`nowMs` in events); all limits are hard caps.
 */
export interface ConsensusConfig {
  readonly chainId: string
  /** Number of replicas, n = 3f + 1. */
  readonly replicaCount: number
  /** This replica's index (the key it signs with). */
  readonly selfIndex: number
  /** View timeout when the previous view ended with a QC. */
  readonly timeoutMsBase: number
  /** Multiplier per consecutive view without a QC (capped exponential back-off). */
  readonly timeoutBackoff: number
  /** Upper bound of the view timeout. */
  readonly timeoutMsMax: number
  /** Leader batching limits. */
  readonly blockTxsMax: number
  readonly blockBytesMax: number
  /** Mempool limits (admission refuses beyond these). */
  readonly mempoolTxsMax: number
  readonly mempoolBytesMax: number
  /** Max blocks buffered while their parent is unknown. */
  readonly orphanBlocksMax: number
  /** Max blocks per sync response (and per request). */
  readonly syncBatchMax: number
  /** First sync retry delay; doubles per retry up to syncRetryMsMax. */
  readonly syncRetryMsBase: number
  readonly syncRetryMsMax: number
  /** Committed blocks kept in memory (for serving sync and for tx de-duplication). */
  readonly committedWindowBlocks: number
  /** Max uncommitted blocks held in the block tree (beyond: refuse new blocks until commits resume). */
  readonly treeBlocksMax: number
  /** Accept block timestamps at most this far ahead of the local clock. */
  readonly clockSkewMsMax: number
  /**
   * Proposer rule (election.ts). Consensus-relevant: every replica of a chain must use the same one, so
   * nodes take it from the genesis file (`leaderElection`), not from per-replica overrides.
   */
  readonly leaderElection: LeaderElection
}

export function defaultConfig(
  chainId: string,
  replicaCount: number,
  selfIndex: number
): ConsensusConfig {
  return {
    chainId,
    replicaCount,
    selfIndex,
    timeoutMsBase: 1000,
    timeoutBackoff: 1.5,
    timeoutMsMax: 10_000,
    blockTxsMax: 2000,
    blockBytesMax: 4 << 20,
    mempoolTxsMax: 50_000,
    mempoolBytesMax: 64 << 20,
    orphanBlocksMax: 64,
    syncBatchMax: 128,
    syncRetryMsBase: 200,
    syncRetryMsMax: 5000,
    committedWindowBlocks: 256,
    treeBlocksMax: 1024,
    clockSkewMsMax: 5000,
    leaderElection: 'reputation',
  }
}

export function faultsTolerated(n: number): number {
  return Math.floor((n - 1) / 3)
}

export function quorumSize(n: number): number {
  return n - faultsTolerated(n)
}
