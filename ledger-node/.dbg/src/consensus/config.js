import { assert } from './assert.js';
import { BLOCK_OVERHEAD_BYTES, TX_HEAD_BYTES } from './sync.js';
export function defaultConfig(chainId, replicaCount, selfIndex) {
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
    };
}
/**
 * Refuses a configuration whose bounds would let a pool grow without limit or refuse honest traffic
 * (checked by the Replica constructor, i.e. at start).
 */
export function assertConfigBounds(cfg) {
    const positive = (name, min = 1) => {
        const v = cfg[name];
        assert(typeof v === 'number' && Number.isSafeInteger(v) && v >= min, `config.${name} is an integer ≥ ${min}`);
    };
    assert(cfg.replicaCount >= 1 && cfg.replicaCount <= 256, 'replicaCount in 1..256');
    assert(cfg.selfIndex >= 0 && cfg.selfIndex < cfg.replicaCount, 'selfIndex in range');
    assert(cfg.timeoutMsBase > 0 && cfg.timeoutMsMax >= cfg.timeoutMsBase && cfg.timeoutBackoff >= 1, 'timeouts');
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
    ])
        positive(name);
    const blockMax = blockWireBytesMax(cfg.blockBytesMax, cfg.blockTxsMax);
    // Room for the committed tip, a full sync batch adopted at once and the blocks of a few live views.
    positive('treeBlocksMax', cfg.syncBatchMax + 8);
    // One commit adopts the whole uncommitted chain below the proven block — at most the tree's blocks.
    // Every block of such a burst must stay in the committed window until the peers' commit signatures
    // for it arrive and certify it: a smaller window would prune the oldest at once (no certificate, so
    // no receipt, ever).
    assert(cfg.committedWindowBlocks >= cfg.treeBlocksMax, 'config.committedWindowBlocks ≥ treeBlocksMax (a whole commit burst certifies)');
    // Orphans are shared fairly: every proposer needs at least one slot.
    positive('orphanBlocksMax', cfg.replicaCount);
    positive('orphanBytesMax', cfg.replicaCount * blockMax);
    // A full sync response adopted at once plus a largest block for each of a few live views.
    positive('treeBytesMax', cfg.syncBytesMax + 8 * blockMax);
    // Room for a few largest frames (a frame holds at most two blocks).
    positive('eventQueueBytesMax', 8 * blockMax);
}
/** Upper bound of `blockWireBytes` (sync.ts) for a block within the block limits. */
export function blockWireBytesMax(blockBytesMax, blockTxsMax) {
    return BLOCK_OVERHEAD_BYTES + blockBytesMax + blockTxsMax * TX_HEAD_BYTES;
}
export function faultsTolerated(n) {
    return Math.floor((n - 1) / 3);
}
export function quorumSize(n) {
    return n - faultsTolerated(n);
}
//# sourceMappingURL=config.js.map