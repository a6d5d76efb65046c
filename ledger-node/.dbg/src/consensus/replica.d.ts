/**
 * The consensus core of one replica: a deterministic state machine `onEvent(event) → Action[]`.
 *
 * Protocol: two-chain Jolteon / DiemBFT-v4 (Gelashvili et al., arXiv 2106.10362), chosen over chained
 * three-chain HotStuff because
 *   - a block commits as soon as it and its child (in the very next view) are certified: two QC rounds
 *     instead of three, i.e. one network round-trip less commit latency;
 *   - view changes use timeout certificates (2f+1 signed timeouts carrying each signer's high-QC view),
 *     which keeps the linear happy path and gives a simple, provable view-synchronisation rule.
 *
 * Rules (names as in Aptos `safety_rules_2chain`):
 *   vote(B, v)       only if v == current view, v > lastVotedView, and
 *                    B.justify.view + 1 == v  or  (TC(v-1) given and B.justify.view ≥ max(TC.highQcViews))
 *   timeout(v)       only if v == highQc.view + 1 or v == highTc.view + 1; afterwards never vote in v
 *   commit           when QC(B1) is known, B1.parent = B0 and B1.view == B0.view + 1: commit B0 (+ ancestors)
 *   leader(v)        election.ts: from the chain the block extends (leader reputation), or v mod n
 *   view advance     QC of view v-1 or TC of view v-1 (each verified before use: no "QC from the future")
 *   pacemaker        timeout(v) = min(timeoutMsMax, timeoutMsBase · backoff^(v - highQc.view - 1))
 *
 * Invariants maintained here (asserted; a failure is a bug and throws):
 *   I1  safety.lastVotedView never decreases; a vote or timeout leaves only after the safety record
 *       that covers it was emitted as a `persist{sync:true}` earlier in the same action list
 *       (SafetyRules, the only holder of the signing key, persists before it returns a signature).
 *   I2  this key signs at most one block per view (vote or proposal), also across restarts.
 *   I3  the committed chain grows by contiguous heights, each block's parent is the previous tip.
 *   I4  every block in the tree descends from the committed tip and has been executed (stateRoot checked).
 *   I5  every QC/TC used to advance the view or update highQc has verified signatures from ≥ quorum.
 *   I6  all buffers are bounded (mempool, orphans, tree, vote/timeout/commit-sig pools, sync batches).
 *
 * Sends: `to: 'all'` means every OTHER replica; the core handles its own messages internally.
 */
import type { App } from '../app/app.js';
import { type ConsensusConfig } from './config.js';
import type { ConsensusCrypto } from './crypto.js';
import { PeerFaults } from './peer_faults.js';
import { type Ruleset } from './rules.js';
import type { Action, Block, CommitCert, ConsensusMsg, Event, PersistedState } from './types.js';
export { AssertionError, assert } from './assert.js';
export interface ReplicaStatus {
    readonly index: number;
    readonly view: number;
    /** Who leads `view` if it extends our highQc block (null while we lack that block). */
    readonly leader: number | null;
    readonly committedHeight: number;
    readonly committedHash: string;
    readonly highQcView: number;
    readonly lastVotedView: number;
    readonly mempool: number;
    readonly treeBlocks: number;
    readonly orphans: number;
    /** Votes held (all views) and commit signatures held (all heights): bounded per author. */
    readonly pooledVotes: number;
    readonly pooledCommitSigs: number;
    readonly syncing: boolean;
}
export declare class Replica {
    readonly cfg: ConsensusConfig;
    /** Verification only: the signing key belongs to `safety` alone. */
    private readonly crypto;
    private readonly verifier;
    private readonly safety;
    private readonly app;
    private readonly n;
    private readonly f;
    private readonly quorum;
    private readonly self;
    private recovered;
    private nowMs;
    private actions;
    private view;
    private viewDeadlineMs;
    /** Next idle catch-up probe (a replica cut off from an idle cluster must not stay behind forever). */
    private probeAtMs;
    private probePeer;
    private proposedView;
    private announcedView;
    private highQc;
    private highTc;
    private get lastVotedView();
    private get highestTimeoutView();
    private get lastVote();
    private get lastTimeout();
    private readonly genesis;
    private tree;
    /** `view:proposer` → hash of the tree block that proposer made for that view (one per author and view). */
    private treeByAuthor;
    private committedTip;
    private committedByHeight;
    private committedHexToHeight;
    private committedTxs;
    /** What the leader election reads from the newest committed blocks (kept beyond the window). */
    private electionHistory;
    private certs;
    private orphans;
    private orphanBytes;
    /** Σ blockWireBytes of the tree's blocks (bounded by treeBytesMax). */
    private treeBytes;
    private mempool;
    private mempoolBytes;
    /** view → voter → its (verified) vote: one per author and view (Aptos `PendingVotes`). */
    private votes;
    private timeouts;
    /** height → signer → its verified commit signature. */
    private commitSigs;
    private sync;
    private syncCursor;
    /**
     * Highest block height a sync response has moved the cursor to. Only a response whose last block we
     * then hold above this mark is progress (an immediate follow-up request): a late, duplicate or
     * unsolicited response repeating blocks we hold is not, even after the cursor was reset, nor one
     * whose blocks a full tree evicts again — otherwise two replicas trade requests and responses
     * endlessly at one virtual instant (simulator seeds 9, 5964, 6325).
     */
    private syncHighWater;
    /** needSync before this time defers its request to the retry timer (see endSync). */
    private syncIdleUntilMs;
    /** Counters (metrics). */
    readonly stats: {
        proposals: number;
        votes: number;
        timeouts: number;
        commits: number;
        syncRequests: number;
        qcsFormed: number;
        tcsFormed: number;
    };
    /** Peer input dropped as wrong, per peer and reason (metrics). */
    readonly peerFaults: PeerFaults;
    private readonly rules;
    /** `rules` defaults to the Jolteon ruleset; tests may inject Byzantine alternatives. */
    constructor(cfg: ConsensusConfig, crypto: ConsensusCrypto, app: App<unknown>, rules?: Ruleset);
    /** Process one event; returns the actions to execute in order. */
    onEvent(ev: Event): Action[];
    onRecovered(persisted: PersistedState, nowMs: number): Action[];
    onTick(nowMs: number): Action[];
    onClientTxs(txs: readonly Uint8Array[], nowMs: number): Action[];
    onMessage(from: number, msg: ConsensusMsg, nowMs: number): Action[];
    status(): ReplicaStatus;
    /** Leader of the current view for a proposal extending our highQc block. */
    currentLeader(): number | null;
    get committedHeight(): number;
    get currentView(): number;
    /** Committed block at `height` if still in the in-memory window. */
    committedBlock(height: number): Block | undefined;
    commitCert(height: number): CommitCert | undefined;
    hasPendingTx(hash: string): boolean;
    /**
     * Leader of `view` for a block extending `parent` (a block of the tree: the committed tip or one of its
     * executed descendants, with a view below `view`). See election.ts.
     */
    leaderOf(view: number, parent: Block): number;
    private leaderCache;
    /** `parent` and its ancestors, newest first: uncommitted ones from the tree, then committed entries. */
    private chainFrom;
    private handleRecovered;
    /**
     * Re-send our commit signatures for (at most COMMIT_SIG_REBROADCAST_MAX) committed blocks of the window
     * that still lack a certificate (we crashed between committing and sending, or messages were lost).
     * Peers that hold the certificate answer with it (onCommitSig). Signing a locally committed block is
     * always safe; the signature is deterministic, so this is a re-send, not a new statement.
     */
    private rebroadcastCommitSigs;
    private handleMessage;
    private verifyQc;
    private verifyTc;
    private verifyCommitCert;
    /** Use a VERIFIED QC: update highQc, run the commit rule, advance the view. */
    private observeQc;
    /** Use a VERIFIED TC. */
    private observeTc;
    private enterView;
    viewTimeoutMs(v: number): number;
    private armTimer;
    private setTimer;
    private handleTick;
    private localTimeout;
    private onTimeoutMsg;
    private recordTimeout;
    private onProposal;
    /** Hash (hex) of the block `proposer` made for `view`, among tree blocks and buffered orphans. */
    private proposalOf;
    /** Count a peer's bad input (metrics); the input itself is dropped by the caller. */
    private drop;
    private maybeVote;
    /** To the leader of the next view, which extends the voted block (every replica if we lack it). */
    private emitSendVote;
    /**
     * Pool a vote: one per (voter, view), for views up to `voteViewsAheadMax` ahead, signature and
     * (when we hold the block) height and view checked first. A QC combines only votes on the same
     * (height, view, block), i.e. signatures over one message — so it always verifies (issue #12,
     * attacks 1 and 5). Votes for a block we do not hold are pooled too: a QC for it makes us fetch it.
     */
    private onVote;
    private tryPropose;
    /**
     * Validate, execute and add a block whose parent is in the tree. Returns the node or a rejection
     * reason. `strict` = the block comes from a proposal (timestamp skew check applies).
     */
    private insertBlock;
    private treeAdd;
    private treeDelete;
    /**
     * Room for one more block (of view `view`, `bytes` on the wire, child of `parentHex`) in a tree
     * full by count or bytes: evict leaves farthest from the current view that are neither the
     * committed tip, our highQc block, nor the new block's parent — uncertified siblings or a Byzantine
     * proposer's far-off blocks — unless the new block is farther still (then it is refused). Honest
     * blocks of the current view are never refused for junk. Deletions go into `ops`.
     */
    private makeRoom;
    /** Hashes of txs in `node` and its uncommitted ancestors. */
    private branchTxSet;
    /** There is something to agree on: mempool txs not yet in the branch, or uncommitted txs near the tip. */
    private hasWork;
    /**
     * Buffer a proposal whose parent is unknown. Each proposer has an equal share of the buffer and a
     * full share evicts that proposer's own oldest entry, so one peer cannot push out the others'.
     */
    private addOrphan;
    private deleteOrphan;
    private adoptOrphansOf;
    private commitUpTo;
    /** `txHashes`: the block's tx hashes when already known (executed tree nodes have them). */
    private rememberCommitted;
    /**
     * Pool a commit signature: one per (signer, height), for heights within the committed window up to
     * `commitSigHeightsAheadMax` ahead, verified on its own before it is pooled — so certificates combine
     * only valid curve points over the right message (issue #12, attacks 2 and 4), and a faulty signer
     * can fill only its own slot.
     */
    private onCommitSig;
    /** Pool a commit signature known to be valid (our own, or verified by onCommitSig). */
    private addCommitSig;
    /** Signers (ascending) of the pooled commit signatures for block `hex` at `height`. */
    private commitSigners;
    private tryFormCert;
    private storeCert;
    private needSync;
    /** A sync round is over; a new one starts no sooner than syncRetryMsBase from now. */
    private endSync;
    private startSync;
    private sendSyncRequest;
    private stillBehind;
    private retrySync;
    /** Our main chain: committed window + uncommitted path to the highQc block (if known). */
    private mainChainAfter;
    private onSyncRequest;
    private onSyncResponse;
    private handleClientTxs;
    private dropFromMempool;
    private send;
    private freshSigned;
    private prevLastVotedView;
    private prevCommittedHeight;
    private checkInvariants;
}
