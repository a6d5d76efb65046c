import { assert } from './assert.js'
import type { LeaderElection } from './election.js'
import { BLOCK_OVERHEAD_BYTES, TX_HEAD_BYTES } from './sync.js'

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
  /** Max blocks buffered while their parent is unknown (an equal share per proposer). */
  readonly orphanBlocksMax: number
  /** Max bytes (`blockWireBytes`) of those blocks; each proposer's share holds a largest block. */
  readonly orphanBytesMax: number
  /** Max blocks per sync response (and per request). */
  readonly syncBatchMax: number
  /**
   * Max bytes of blocks per sync response (`blockWireBytes`), so a response always fits in a frame
   * (frames hold twice blockBytesMax); the first block is always sent.
   */
  readonly syncBytesMax: number
  /** First sync retry delay; doubles per retry up to syncRetryMsMax. */
  readonly syncRetryMsBase: number
  readonly syncRetryMsMax: number
  /** Committed blocks kept in memory (for serving sync and for tx de-duplication). */
  readonly committedWindowBlocks: number
  /**
   * Max blocks held in the block tree (committed tip + uncommitted descendants). When full, an
   * uncertified leaf far from the current view is evicted to make room (see `Replica.makeRoom`).
   */
  readonly treeBlocksMax: number
  /** Max bytes (`blockWireBytes`) of the block tree; evicts like treeBlocksMax. */
  readonly treeBytesMax: number
  /** Votes are pooled for views up to this far above the current view (one per voter and view). */
  readonly voteViewsAheadMax: number
  /** Commit signatures are pooled for heights up to this far above the committed tip (one per signer). */
  readonly commitSigHeightsAheadMax: number
  /**
   * The node's event queue (peer frames, client submissions, ticks) in count and bytes: beyond either,
   * peer frames are dropped (consensus recovers) and clients get 503 (node/event_queue.ts).
   */
  readonly eventQueueMax: number
  readonly eventQueueBytesMax: number
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
    orphanBytesMax: Math.max(64 << 20, replicaCount * blockWireBytesMax(4 << 20, 2000)),
    syncBatchMax: 128,
    syncBytesMax: 4 << 20,
    syncRetryMsBase: 200,
    syncRetryMsMax: 5000,
    committedWindowBlocks: 256,
    treeBlocksMax: 256,
    treeBytesMax: 512 << 20,
    eventQueueMax: 20_000,
    eventQueueBytesMax: 256 << 20,
    voteViewsAheadMax: 8,
    commitSigHeightsAheadMax: 64,
    clockSkewMsMax: 5000,
    leaderElection: 'reputation',
  }
}

/**
 * Refuses a configuration whose bounds would let a pool grow without limit or refuse honest traffic
 * (checked by the Replica constructor, i.e. at start).
 */
export function assertConfigBounds(cfg: ConsensusConfig): void {
  const positive = (name: keyof ConsensusConfig, min = 1): void => {
    const v = cfg[name]
    assert(
      typeof v === 'number' && Number.isSafeInteger(v) && v >= min,
      `config.${name} is an integer ≥ ${min}`
    )
  }
  assert(cfg.replicaCount >= 1 && cfg.replicaCount <= 256, 'replicaCount in 1..256')
  assert(cfg.selfIndex >= 0 && cfg.selfIndex < cfg.replicaCount, 'selfIndex in range')
  assert(
    cfg.timeoutMsBase > 0 && cfg.timeoutMsMax >= cfg.timeoutMsBase && cfg.timeoutBackoff >= 1,
    'timeouts'
  )
  for (const name of [
    'blockTxsMax',
    'blockBytesMax',
    'mempoolTxsMax',
    'mempoolBytesMax',
    'orphanBlocksMax',
    'syncBatchMax',
    'syncBytesMax',
    'syncRetryMsBase',
    'syncRetryMsMax',
    'committedWindowBlocks',
    'voteViewsAheadMax',
    'commitSigHeightsAheadMax',
    'eventQueueMax',
  ] as const)
    positive(name)
  const blockMax = blockWireBytesMax(cfg.blockBytesMax, cfg.blockTxsMax)
  // Room for the committed tip, a full sync batch adopted at once and the blocks of a few live views.
  positive('treeBlocksMax', cfg.syncBatchMax + 8)
  // One commit adopts the whole uncommitted chain below the proven block — at most the tree's blocks.
  // Every block of such a burst must stay in the committed window until the peers' commit signatures
  // for it arrive and certify it: a smaller window would prune the oldest at once (no certificate, so
  // no receipt, ever).
  assert(
    cfg.committedWindowBlocks >= cfg.treeBlocksMax,
    'config.committedWindowBlocks ≥ treeBlocksMax (a whole commit burst certifies)'
  )
  // Orphans are shared fairly: every proposer needs at least one slot.
  positive('orphanBlocksMax', cfg.replicaCount)
  positive('orphanBytesMax', cfg.replicaCount * blockMax)
  // A full sync response adopted at once plus a largest block for each of a few live views.
  positive('treeBytesMax', cfg.syncBytesMax + 8 * blockMax)
  // Room for a few largest frames (a frame holds at most two blocks).
  positive('eventQueueBytesMax', 8 * blockMax)
}

/** Upper bound of `blockWireBytes` (sync.ts) for a block within the block limits. */
export function blockWireBytesMax(blockBytesMax: number, blockTxsMax: number): number {
  return BLOCK_OVERHEAD_BYTES + blockBytesMax + blockTxsMax * TX_HEAD_BYTES
}

export function faultsTolerated(n: number): number {
  return Math.floor((n - 1) / 3)
}

export function quorumSize(n: number): number {
  return n - faultsTolerated(n)
}
