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
import type { App } from '../app/app.js'
import {
  blockHashOf,
  checkBlockConsistency,
  genesisBlock,
  genesisQc,
  makeBlock,
} from '../codec/block.js'
import {
  commitSigningMessage,
  proposalSigningMessage,
  timeoutSigningMessage,
  voteSigningMessage,
} from '../codec/signing.js'
import { txHash as computeTxHash } from '../codec/tx.js'
import { bytesEqual, toHex } from '../crypto/hash.js'
import { assert } from './assert.js'
import {
  assertConfigBounds,
  blockWireBytesMax,
  faultsTolerated,
  quorumSize,
  type ConsensusConfig,
} from './config.js'
import { CertVerifier, type ConsensusVerifier } from './cert_verifier.js'
import type { ConsensusCrypto } from './crypto.js'
import { ELECTION_HISTORY_BLOCKS, electLeader, type ElectionEntry } from './election.js'
import { PeerFaults, type DropReason } from './peer_faults.js'
import { jolteonRules, type Ruleset } from './rules.js'
import { isRefusal, SafetyRules, type CommitProof } from './safety_rules.js'
import { blockWireBytes, fitsInSyncResponse } from './sync.js'
import type {
  Action,
  Block,
  CommitCert,
  CommitSigMsg,
  CommittedBlock,
  ConsensusMsg,
  Event,
  PersistedState,
  ProposalMsg,
  QuorumCert,
  StorageOp,
  SyncRequestMsg,
  SyncResponseMsg,
  TimeoutCert,
  TimeoutMsg,
  TxAdmission,
  VoteMsg,
} from './types.js'

export { AssertionError, assert } from './assert.js'

/** A block in the tree of executed blocks (committed tip + its uncommitted descendants). */
interface TreeNode {
  readonly block: Block
  readonly hex: string
  readonly state: unknown
  readonly results: readonly Uint8Array[]
  readonly txHashes: readonly string[]
}

/** A commit signature that verified under its signer's key (the pool holds one per signer and height). */
interface PooledCommitSig {
  readonly blockHash: Uint8Array
  readonly hex: string
  readonly sig: Uint8Array
}

interface OrphanEntry {
  readonly msg: ProposalMsg
  readonly from: number
  readonly bytes: number
}

interface SyncState {
  peer: number
  attempt: number
  deadlineMs: number
  /**
   * Start-up sync: keep re-sending (bounded back-off, rotating peers) until some peer has answered,
   * even if nothing we know says we are behind — after a restart we cannot know, and the first request
   * is often lost because the links are not up yet.
   */
  untilAnswered: boolean
}

const COMMITTED_TXS_REMEMBERED_MAX = 200_000
const VIEW_BACKOFF_EXPONENT_MAX = 64
const COMMIT_SIG_REBROADCAST_MAX = 8
const CERT_GAP_HEIGHTS = 4
const LEADER_CACHE_MAX = 256

function electionEntry(b: Block): ElectionEntry {
  const h = b.header
  return { height: h.height, view: h.view, proposer: h.proposer, voters: b.justify.signers }
}

/** The height in a commit certificate is not signed: take it from the block the signatures cover. */
function certProof(c: CommitCert, b: Block): CommitProof {
  return { kind: 'cert', cert: { ...c, height: b.header.height } }
}

function sumSizes(pools: Map<number, Map<number, unknown>>): number {
  let n = 0
  for (const p of pools.values()) n += p.size
  return n
}

export interface ReplicaStatus {
  readonly index: number
  readonly view: number
  /** Who leads `view` if it extends our highQc block (null while we lack that block). */
  readonly leader: number | null
  readonly committedHeight: number
  readonly committedHash: string
  readonly highQcView: number
  readonly lastVotedView: number
  readonly mempool: number
  readonly treeBlocks: number
  readonly orphans: number
  /** Votes held (all views) and commit signatures held (all heights): bounded per author. */
  readonly pooledVotes: number
  readonly pooledCommitSigs: number
  readonly syncing: boolean
}

export class Replica {
  readonly cfg: ConsensusConfig
  /** Verification only: the signing key belongs to `safety` alone. */
  private readonly crypto: ConsensusVerifier
  private readonly verifier: CertVerifier
  private readonly safety: SafetyRules
  private readonly app: App<unknown>
  private readonly n: number
  private readonly f: number
  private readonly quorum: number
  private readonly self: number

  private recovered = false
  private nowMs = 0
  private actions: Action[] = []

  // ── pacemaker ──
  private view = 1
  private viewDeadlineMs = Infinity
  /** Next idle catch-up probe (a replica cut off from an idle cluster must not stay behind forever). */
  private probeAtMs = Infinity
  private probePeer = 0
  private proposedView = 0
  private announcedView = 0
  private highQc: QuorumCert
  private highTc: TimeoutCert | null = null

  // ── safety data: owned by `safety` (SafetyRules), read here ──
  private get lastVotedView(): number {
    return this.safety.lastVotedView
  }
  private get highestTimeoutView(): number {
    return this.safety.highestTimeoutView
  }
  private get lastVote(): VoteMsg | null {
    return this.safety.lastVote
  }
  private get lastTimeout(): TimeoutMsg | null {
    return this.safety.lastTimeout
  }

  // ── blocks ──
  private readonly genesis: Block
  private tree = new Map<string, TreeNode>()
  /** `view:proposer` → hash of the tree block that proposer made for that view (one per author and view). */
  private treeByAuthor = new Map<string, string>()
  private committedTip!: TreeNode
  private committedByHeight = new Map<number, Block>()
  private committedHexToHeight = new Map<string, number>()
  private committedTxs = new Map<string, number>()
  /** What the leader election reads from the newest committed blocks (kept beyond the window). */
  private electionHistory = new Map<number, ElectionEntry>()
  private certs = new Map<number, CommitCert>()
  private orphans = new Map<string, OrphanEntry>()
  private orphanBytes = 0
  /** Σ blockWireBytes of the tree's blocks (bounded by treeBytesMax). */
  private treeBytes = 0

  // ── pools ──
  private mempool = new Map<string, Uint8Array>()
  private mempoolBytes = 0
  /** view → voter → its (verified) vote: one per author and view (Aptos `PendingVotes`). */
  private votes = new Map<number, Map<number, VoteMsg>>()
  private timeouts = new Map<number, Map<number, TimeoutMsg>>()
  /** height → signer → its verified commit signature. */
  private commitSigs = new Map<number, Map<number, PooledCommitSig>>()

  // ── catch-up ──
  private sync: SyncState | null = null
  private syncCursor: TreeNode | null = null
  /**
   * Highest block height a sync response has moved the cursor to. Only a response whose last block we
   * then hold above this mark is progress (an immediate follow-up request): a late, duplicate or
   * unsolicited response repeating blocks we hold is not, even after the cursor was reset, nor one
   * whose blocks a full tree evicts again — otherwise two replicas trade requests and responses
   * endlessly at one virtual instant (simulator seeds 9, 5964, 6325).
   */
  private syncHighWater = 0
  /** needSync before this time defers its request to the retry timer (see endSync). */
  private syncIdleUntilMs = 0

  /** Counters (metrics). */
  readonly stats = {
    proposals: 0,
    votes: 0,
    timeouts: 0,
    commits: 0,
    syncRequests: 0,
    qcsFormed: 0,
    tcsFormed: 0,
  }
  /** Peer input dropped as wrong, per peer and reason (metrics). */
  readonly peerFaults = new PeerFaults()

  private readonly rules: Ruleset

  /** `rules` defaults to the Jolteon ruleset; tests may inject Byzantine alternatives. */
  constructor(
    cfg: ConsensusConfig,
    crypto: ConsensusCrypto,
    app: App<unknown>,
    rules: Ruleset = jolteonRules
  ) {
    assertConfigBounds(cfg)
    assert(crypto.selfIndex === cfg.selfIndex, 'crypto key belongs to selfIndex')
    this.cfg = cfg
    this.rules = rules
    this.crypto = crypto
    this.app = app
    this.n = cfg.replicaCount
    this.f = faultsTolerated(this.n)
    this.quorum = quorumSize(this.n)
    this.self = cfg.selfIndex
    this.genesis = genesisBlock(cfg.chainId)
    this.highQc = genesisQc(this.genesis.hash)
    this.verifier = new CertVerifier(crypto, cfg.chainId, this.n, this.genesis)
    this.safety = new SafetyRules(
      crypto,
      this.verifier,
      rules,
      (record, withOps) =>
        this.actions.push({
          kind: 'persist',
          batch: { ops: [...withOps, { kind: 'putSafety', record }], sync: true },
        }),
      cfg.chainId,
      this.genesis,
      cfg.committedWindowBlocks
    )
  }

  // ───────────────────────────── public API ─────────────────────────────

  /** Process one event; returns the actions to execute in order. */
  onEvent(ev: Event): Action[] {
    assert(this.actions.length === 0, 'onEvent is not re-entrant')
    if (ev.kind !== 'recovered') assert(this.recovered, 'first event must be "recovered"')
    this.nowMs = Math.max(this.nowMs, ev.nowMs)
    try {
      switch (ev.kind) {
        case 'recovered':
          this.handleRecovered(ev.persisted)
          break
        case 'tick':
          this.handleTick()
          break
        case 'clientTxs':
          this.handleClientTxs(ev.txs)
          break
        case 'message':
          this.handleMessage(ev.from, ev.msg)
          break
      }
      this.checkInvariants()
      return this.actions
    } finally {
      this.actions = []
    }
  }

  onRecovered(persisted: PersistedState, nowMs: number): Action[] {
    return this.onEvent({ kind: 'recovered', nowMs, persisted })
  }
  onTick(nowMs: number): Action[] {
    return this.onEvent({ kind: 'tick', nowMs })
  }
  onClientTxs(txs: readonly Uint8Array[], nowMs: number): Action[] {
    return this.onEvent({ kind: 'clientTxs', nowMs, txs })
  }
  onMessage(from: number, msg: ConsensusMsg, nowMs: number): Action[] {
    return this.onEvent({ kind: 'message', nowMs, from, msg })
  }

  status(): ReplicaStatus {
    return {
      index: this.self,
      view: this.view,
      leader: this.currentLeader(),
      committedHeight: this.committedTip.block.header.height,
      committedHash: this.committedTip.hex,
      highQcView: this.highQc.view,
      lastVotedView: this.lastVotedView,
      mempool: this.mempool.size,
      treeBlocks: this.tree.size,
      orphans: this.orphans.size,
      pooledVotes: sumSizes(this.votes),
      pooledCommitSigs: sumSizes(this.commitSigs),
      syncing: this.sync !== null,
    }
  }

  /** Leader of the current view for a proposal extending our highQc block. */
  currentLeader(): number | null {
    const parent = this.tree.get(toHex(this.highQc.blockHash))
    return parent === undefined ? null : this.leaderOf(this.view, parent.block)
  }

  get committedHeight(): number {
    return this.committedTip.block.header.height
  }
  get currentView(): number {
    return this.view
  }
  /** Committed block at `height` if still in the in-memory window. */
  committedBlock(height: number): Block | undefined {
    return this.committedByHeight.get(height)
  }
  commitCert(height: number): CommitCert | undefined {
    return this.certs.get(height)
  }
  hasPendingTx(hash: string): boolean {
    return this.mempool.has(hash)
  }
  /**
   * Leader of `view` for a block extending `parent` (a block of the tree: the committed tip or one of its
   * executed descendants, with a view below `view`). See election.ts.
   */
  leaderOf(view: number, parent: Block): number {
    assert(parent.header.view < view, 'leaderOf: parent view below the elected view')
    const key = `${view}:${toHex(parent.hash)}`
    const cached = this.leaderCache.get(key)
    if (cached !== undefined) return cached
    const leader = electLeader(
      this.cfg.leaderElection,
      view,
      this.n,
      this.quorum,
      this.chainFrom(parent)
    )
    if (this.leaderCache.size >= LEADER_CACHE_MAX) this.leaderCache.clear()
    this.leaderCache.set(key, leader)
    return leader
  }

  private leaderCache = new Map<string, number>()

  /** `parent` and its ancestors, newest first: uncommitted ones from the tree, then committed entries. */
  private *chainFrom(parent: Block): Generator<ElectionEntry> {
    let cur: TreeNode | undefined = this.tree.get(toHex(parent.hash))
    assert(cur !== undefined, 'leaderOf: parent is in the block tree')
    while (cur !== this.committedTip) {
      yield electionEntry(cur.block)
      cur = this.tree.get(toHex(cur.block.header.parentHash))
      assert(cur !== undefined, 'I4: tree blocks descend from the committed tip')
    }
    for (let h = this.committedHeight; h >= 0; h--) {
      const e = this.electionHistory.get(h)
      if (e === undefined) return
      yield e
    }
  }

  // ───────────────────────────── recovery ─────────────────────────────

  private handleRecovered(p: PersistedState): void {
    assert(!this.recovered, 'recovered twice')
    this.recovered = true
    const tail = p.committedTail.length > 0 ? p.committedTail : [this.genesis]
    for (let i = 1; i < tail.length; i++) {
      assert(
        bytesEqual(tail[i]!.header.parentHash, tail[i - 1]!.hash),
        'committed tail is a hash chain'
      )
      assert(
        tail[i]!.header.height === tail[i - 1]!.header.height + 1,
        'committed tail heights contiguous'
      )
    }
    for (const b of tail) this.rememberCommitted(b)
    const tipBlock = tail[tail.length - 1]!
    const tip: TreeNode = {
      block: tipBlock,
      hex: toHex(tipBlock.hash),
      state: p.appState,
      results: [],
      txHashes: tipBlock.txs.map(computeTxHash),
    }
    this.treeAdd(tip)
    this.committedTip = tip
    for (const c of p.certs)
      if (this.committedHexToHeight.get(toHex(c.blockHash)) === c.height)
        this.certs.set(c.height, c)

    // Refuses (SafetyRecordError) a record whose certificates or signatures do not verify.
    this.safety.recover(p.safety, tail)
    this.highQc = this.safety.highQc
    // Re-adopt persisted uncommitted blocks (ascending height so parents come first).
    const pending = [...p.pendingBlocks].sort((a, b) => a.header.height - b.header.height)
    for (const b of pending) {
      if (b.header.height <= tipBlock.header.height) continue
      if (!this.tree.has(toHex(b.header.parentHash))) continue
      if (!this.verifyQc(b.justify)) continue
      const r = this.insertBlock(b, false)
      if (typeof r === 'string') continue
      this.observeQc(b.justify)
    }
    this.observeQc(this.highQc)
    // Never re-enter a view we already signed in with a fresh signature: resume at the last one.
    const v = Math.max(1, this.highQc.view + 1, this.lastVotedView, this.highestTimeoutView)
    this.view = v
    this.viewDeadlineMs = this.nowMs + this.viewTimeoutMs(v)
    this.probeAtMs = this.nowMs + this.cfg.timeoutMsMax
    this.probePeer = this.self
    this.setTimer()
    if (this.lastVote !== null && this.lastVote.view === v) {
      this.emitSendVote(this.lastVote)
    }
    if (this.lastTimeout !== null && this.lastTimeout.view === v) {
      this.send('all', this.lastTimeout)
      this.recordTimeout(this.lastTimeout)
    }
    // Learn what happened while we were down.
    if (this.n > 1) this.startSync((this.self + 1) % this.n, true)
    this.rebroadcastCommitSigs()
    this.tryPropose()
  }

  /**
   * Re-send our commit signatures for (at most COMMIT_SIG_REBROADCAST_MAX) committed blocks of the window
   * that still lack a certificate (we crashed between committing and sending, or messages were lost).
   * Peers that hold the certificate answer with it (onCommitSig). Signing a locally committed block is
   * always safe; the signature is deterministic, so this is a re-send, not a new statement.
   */
  private rebroadcastCommitSigs(): void {
    const tipH = this.committedHeight
    let sent = 0
    for (
      let h = tipH;
      h >= 1 && h > tipH - this.cfg.committedWindowBlocks && sent < COMMIT_SIG_REBROADCAST_MAX;
      h--
    ) {
      if (this.certs.has(h)) continue
      sent++
      const m = this.safety.resignCommit(h)
      if (isRefusal(m)) continue
      this.send('all', m)
      this.addCommitSig(m)
      this.tryFormCert(h)
    }
  }

  // ───────────────────────────── dispatch ─────────────────────────────

  private handleMessage(from: number, msg: ConsensusMsg): void {
    if (!(Number.isInteger(from) && from >= 0 && from < this.n)) return
    switch (msg.kind) {
      case 'proposal':
        this.onProposal(from, msg)
        return
      case 'vote':
        this.onVote(from, msg)
        return
      case 'timeout':
        this.onTimeoutMsg(from, msg)
        return
      case 'commitSig':
        this.onCommitSig(from, msg)
        return
      case 'syncRequest':
        this.onSyncRequest(from, msg)
        return
      case 'syncResponse':
        this.onSyncResponse(from, msg)
        return
    }
  }

  // ───────────────────────────── verification (I5) ─────────────────────────────

  private verifyQc(qc: QuorumCert): boolean {
    return this.verifier.verifyQc(qc)
  }
  private verifyTc(tc: TimeoutCert): boolean {
    return this.verifier.verifyTc(tc)
  }
  private verifyCommitCert(c: CommitCert): boolean {
    return this.verifier.verifyCommitCert(c)
  }

  // ───────────────────────────── certificates → view ─────────────────────────────

  /** Use a VERIFIED QC: update highQc, run the commit rule, advance the view. */
  private observeQc(qc: QuorumCert): void {
    if (qc.view > this.highQc.view) {
      this.highQc = qc
      this.safety.observeQc(qc)
    }
    const hex = toHex(qc.blockHash)
    const b1 = this.tree.get(hex)
    if (b1 !== undefined) {
      const b0 = this.tree.get(toHex(b1.block.header.parentHash))
      if (
        b0 !== undefined &&
        this.rules.commits(b0.block.header.view, b1.block.header.view) &&
        b0 !== this.committedTip
      ) {
        this.commitUpTo(b0, { kind: 'qc', child: b1.block, qc })
      }
    } else if (qc.height > this.committedHeight && !this.committedHexToHeight.has(hex)) {
      // Certified block we do not have: fetch it (relab/hotstuff #288: never wait forever).
      this.needSync()
    }
    if (qc.view + 1 > this.view) this.enterView(qc.view + 1)
  }

  /** Use a VERIFIED TC. */
  private observeTc(tc: TimeoutCert): void {
    if (this.highTc === null || tc.view > this.highTc.view) this.highTc = tc
    if (tc.view + 1 > this.view) this.enterView(tc.view + 1)
  }

  private enterView(v: number): void {
    assert(v > this.view, `enterView(${v}) must move forward from ${this.view}`)
    this.view = v
    // Drop pools that can no longer matter (I6).
    for (const k of this.timeouts.keys()) if (k < v) this.timeouts.delete(k)
    for (const k of this.votes.keys()) if (k + 1 < v) this.votes.delete(k)
    const enteredByTc = this.highTc !== null && this.highTc.view + 1 === v
    if (this.hasWork() || enteredByTc) this.viewDeadlineMs = this.nowMs + this.viewTimeoutMs(v)
    else this.viewDeadlineMs = Infinity
    this.setTimer()
    this.tryPropose()
  }

  viewTimeoutMs(v: number): number {
    const k = Math.min(VIEW_BACKOFF_EXPONENT_MAX, Math.max(0, v - this.highQc.view - 1))
    const t = this.cfg.timeoutMsBase * Math.pow(this.cfg.timeoutBackoff, k)
    return Math.min(this.cfg.timeoutMsMax, Math.round(t))
  }

  private armTimer(): void {
    if (this.viewDeadlineMs === Infinity) {
      this.viewDeadlineMs = this.nowMs + this.viewTimeoutMs(this.view)
      this.setTimer()
    }
  }

  private setTimer(): void {
    let at = Math.min(this.viewDeadlineMs, this.probeAtMs)
    if (this.sync !== null) at = Math.min(at, this.sync.deadlineMs)
    if (at !== Infinity) this.actions.push({ kind: 'setTimer', atMs: at })
  }

  // ───────────────────────────── tick / timeouts ─────────────────────────────

  private handleTick(): void {
    if (this.sync !== null && this.nowMs >= this.sync.deadlineMs) this.retrySync()
    if (this.nowMs >= this.probeAtMs) {
      this.probeAtMs = this.nowMs + this.cfg.timeoutMsMax
      if (this.sync === null && this.n > 1) {
        this.probePeer = (this.probePeer + 1) % this.n
        if (this.probePeer === this.self) this.probePeer = (this.probePeer + 1) % this.n
        this.sendSyncRequest(this.probePeer)
      }
      this.rebroadcastCommitSigs()
    }
    if (this.nowMs >= this.viewDeadlineMs) {
      const othersTimedOut = (this.timeouts.get(this.view)?.size ?? 0) > 0
      if (
        this.highestTimeoutView === this.view &&
        this.lastTimeout !== null &&
        this.lastTimeout.view === this.view
      ) {
        // Already timed out here: retransmit the same signed message (lossy links), never re-sign.
        this.send('all', this.lastTimeout)
        this.viewDeadlineMs = this.nowMs + this.viewTimeoutMs(this.view)
      } else if (
        this.hasWork() ||
        othersTimedOut ||
        (this.highTc !== null && this.highTc.view + 1 === this.view)
      ) {
        this.localTimeout()
      } else {
        this.viewDeadlineMs = Infinity
      }
    }
    this.setTimer()
  }

  private localTimeout(): void {
    const v = this.view
    if (this.highestTimeoutView >= v) return
    // SafetyRules persists the record (synced) before returning the timeout (I1).
    const msg = this.safety.signTimeout(v, this.highQc, this.highTc)
    if (isRefusal(msg)) {
      // Possible only right after a restart into a view entered through a TC we did not persist:
      // wait for a certificate from peers instead of signing — and re-send our durable timeout of
      // the view before, so that the certificate can be formed again. If every honest replica
      // restarted this way (the TC lived only in memory), nobody else holds it: without the re-sent
      // timeouts all of them waited here forever (simulator seed 6924).
      const lt = this.lastTimeout
      if (lt !== null && lt.view + 1 === v && this.lacksEntryCert()) {
        this.send('all', lt)
        this.recordTimeout(lt)
      }
      this.viewDeadlineMs = this.nowMs + this.viewTimeoutMs(v)
      return
    }
    this.freshSigned.add(msg)
    this.stats.timeouts++
    this.send('all', msg)
    this.viewDeadlineMs = this.nowMs + this.viewTimeoutMs(v)
    this.recordTimeout(msg)
  }

  private onTimeoutMsg(from: number, t: TimeoutMsg): void {
    if (t.sender !== from) return this.drop(from, 'sender_mismatch')
    if (!(t.highQc.view < t.view)) return this.drop(from, 'bad_certificate')
    const pooled = this.timeouts.get(t.view)?.get(t.sender)
    if (pooled !== undefined) {
      if (pooled.highQc.view !== t.highQc.view) this.drop(from, 'equivocation')
      return
    }
    if (
      !this.crypto.verify(
        t.sender,
        timeoutSigningMessage(this.cfg.chainId, t.view, t.highQc.view),
        t.sig
      )
    )
      return this.drop(from, 'bad_signature')
    if (!this.verifyQc(t.highQc)) return this.drop(from, 'bad_certificate')
    if (t.lastTc !== null && !this.verifyTc(t.lastTc)) return this.drop(from, 'bad_certificate')
    this.observeQc(t.highQc)
    if (t.lastTc !== null) this.observeTc(t.lastTc)
    if (t.view + 1 === this.view && this.lacksEntryCert()) {
      this.recordTimeout(t)
      return
    }
    if (t.view < this.view) {
      // The sender lags behind: hand it the certificates that move it forward.
      if (this.highTc !== null || this.highQc.view > t.highQc.view) {
        this.send(from, {
          kind: 'syncResponse',
          blocks: [],
          certs: [],
          highQc: this.highQc,
          highTc: this.highTc,
        })
      }
      return
    }
    if (t.view > this.view) return // not justified by a certificate we could verify: ignore (I6)
    this.recordTimeout(t)
  }

  /** In our view without its certificate (QC or TC of the view before): only after a restart. */
  private lacksEntryCert(): boolean {
    const prev = this.view - 1
    return this.highQc.view < prev && (this.highTc === null || this.highTc.view < prev)
  }

  private recordTimeout(t: TimeoutMsg): void {
    // Timeouts of the view before are pooled only to re-form its lost certificate (localTimeout).
    const reform = t.view + 1 === this.view && this.lacksEntryCert()
    if (t.view !== this.view && !reform) return
    let pool = this.timeouts.get(t.view)
    if (pool === undefined) {
      pool = new Map()
      this.timeouts.set(t.view, pool)
    }
    if (pool.has(t.sender)) return
    pool.set(t.sender, t)
    this.armTimer()
    // Bracha-style join: f+1 timeouts mean at least one honest replica gave up on this view.
    if (
      !reform &&
      pool.size >= this.f + 1 &&
      this.highestTimeoutView < t.view &&
      t.sender !== this.self
    ) {
      this.localTimeout()
    }
    if (pool.size >= this.quorum) {
      const senders = [...pool.keys()].sort((a, b) => a - b)
      const msgs = senders.map((s) => pool.get(s)!)
      const tc: TimeoutCert = {
        view: t.view,
        signers: senders,
        highQcViews: msgs.map((m) => m.highQc.view),
        sig: this.crypto.aggregate(msgs.map((m) => m.sig)),
      }
      assert(this.verifyTc(tc), 'self-formed TC verifies')
      this.stats.tcsFormed++
      this.observeTc(tc)
    }
  }

  // ───────────────────────────── proposals and votes ─────────────────────────────

  private onProposal(from: number, p: ProposalMsg): void {
    const b = p.block
    const h = b.header
    if (h.chainId !== this.cfg.chainId) return this.drop(from, 'bad_block')
    if (from !== h.proposer) return this.drop(from, 'sender_mismatch')
    // Its view must be the one its own certificate opens (Aptos: round = highest certified round + 1).
    // Once those certificates are applied below we are in that view, so a proposal is never ahead of
    // us: far-future blocks (issue #12, attack 3) cannot enter the tree.
    const opened = p.tc === null ? b.justify.view + 1 : p.tc.view + 1
    if (h.view !== opened) return this.drop(from, 'unjustified_view')
    // The leader is a function of the parent's chain: checked here when we hold the parent, else by
    // insertBlock once the parent arrives (an orphan is only buffered, never voted for).
    const parentNode = this.tree.get(toHex(h.parentHash))
    if (
      parentNode !== undefined &&
      (parentNode.block.header.view >= h.view ||
        h.proposer !== this.leaderOf(h.view, parentNode.block))
    )
      return this.drop(from, 'wrong_proposer')
    if (!bytesEqual(b.hash, blockHashOf(h))) return this.drop(from, 'bad_block')
    if (checkBlockConsistency(h, b.txs, b.justify) !== null) return this.drop(from, 'bad_block')
    if (!this.crypto.verify(h.proposer, proposalSigningMessage(b.hash), p.sig))
      return this.drop(from, 'bad_signature')
    const hex = toHex(b.hash)
    // One proposal per (proposer, view): a second, different block is equivocation and never enters
    // the tree (a certified one still can, through catch-up).
    const sibling = this.proposalOf(h.view, h.proposer)
    if (sibling !== undefined && sibling !== hex) return this.drop(from, 'equivocation')
    if (!this.verifyQc(b.justify)) return this.drop(from, 'bad_certificate')
    if (p.tc !== null && !this.verifyTc(p.tc)) return this.drop(from, 'bad_certificate')
    this.observeQc(b.justify)
    if (p.tc !== null) this.observeTc(p.tc)
    if (this.tree.has(hex)) {
      this.maybeVote(this.tree.get(hex)!, p.tc)
      return
    }
    if (h.height <= this.committedHeight) return
    if (parentNode === undefined) {
      this.addOrphan(hex, { msg: p, from, bytes: blockWireBytes(b) })
      this.needSync(from)
      return
    }
    if (h.view === this.view) this.armTimer()
    const node = this.insertBlock(b, true)
    if (typeof node === 'string') return this.drop(from, 'rejected_block')
    this.maybeVote(node, p.tc)
    this.adoptOrphansOf(hex)
  }

  /** Hash (hex) of the block `proposer` made for `view`, among tree blocks and buffered orphans. */
  private proposalOf(view: number, proposer: number): string | undefined {
    const inTree = this.treeByAuthor.get(`${view}:${proposer}`)
    if (inTree !== undefined) return inTree
    for (const [hex, o] of this.orphans) {
      const oh = o.msg.block.header
      if (oh.view === view && oh.proposer === proposer) return hex
    }
    return undefined
  }

  /** Count a peer's bad input (metrics); the input itself is dropped by the caller. */
  private drop(from: number, reason: DropReason): void {
    this.peerFaults.record(from, reason)
  }

  private maybeVote(node: TreeNode, tc: TimeoutCert | null): void {
    // I2 (one vote per view) and I1 (persist before sending) are SafetyRules' job; the voted block
    // goes into the same synced batch as the record.
    const vote = this.safety.signVote(node.block, tc, this.view, [
      { kind: 'putBlock', block: node.block },
    ])
    if (isRefusal(vote)) return
    this.freshSigned.add(vote)
    this.stats.votes++
    this.emitSendVote(vote)
  }

  /** To the leader of the next view, which extends the voted block (every replica if we lack it). */
  private emitSendVote(vote: VoteMsg): void {
    const voted = this.tree.get(toHex(vote.blockHash))
    if (voted === undefined) {
      this.send('all', vote)
      return
    }
    const next = this.leaderOf(vote.view + 1, voted.block)
    if (next === this.self) this.onVote(this.self, vote)
    else this.send(next, vote)
  }

  /**
   * Pool a vote: one per (voter, view), for views up to `voteViewsAheadMax` ahead, signature and
   * (when we hold the block) height and view checked first. A QC combines only votes on the same
   * (height, view, block), i.e. signatures over one message — so it always verifies (issue #12,
   * attacks 1 and 5). Votes for a block we do not hold are pooled too: a QC for it makes us fetch it.
   */
  private onVote(from: number, v: VoteMsg): void {
    if (v.voter !== from) return this.drop(from, 'sender_mismatch')
    if (v.view + 1 < this.view || v.view <= this.highQc.view) return // stale: harmless
    if (v.view > this.view + this.cfg.voteViewsAheadMax) return this.drop(from, 'out_of_window')
    const voted = this.tree.get(toHex(v.blockHash))
    if (voted !== undefined) {
      if (voted.block.header.view !== v.view || voted.block.header.height !== v.height)
        return this.drop(from, 'wrong_height')
      if (this.leaderOf(v.view + 1, voted.block) !== this.self) return
    }
    let pool = this.votes.get(v.view)
    const pooled = pool?.get(v.voter)
    if (pooled !== undefined) {
      if (pooled.height !== v.height || !bytesEqual(pooled.blockHash, v.blockHash))
        this.drop(from, 'equivocation')
      return
    }
    if (v.voter !== this.self || v.sig !== this.lastVote?.sig) {
      if (!this.crypto.verify(v.voter, voteSigningMessage(v.height, v.view, v.blockHash), v.sig))
        return this.drop(from, 'bad_signature')
    }
    if (pool === undefined) {
      pool = new Map()
      this.votes.set(v.view, pool)
    }
    pool.set(v.voter, v)
    const signers: number[] = []
    for (const [voter, x] of pool)
      if (x.height === v.height && bytesEqual(x.blockHash, v.blockHash)) signers.push(voter)
    if (signers.length === this.quorum) {
      signers.sort((a, b) => a - b)
      const qc: QuorumCert = {
        view: v.view,
        height: v.height,
        blockHash: v.blockHash,
        signers,
        sig: this.crypto.aggregate(signers.map((s) => pool!.get(s)!.sig)),
      }
      assert(this.verifyQc(qc), 'self-formed QC verifies')
      this.stats.qcsFormed++
      this.observeQc(qc)
    }
  }

  private tryPropose(): void {
    const v = this.view
    if (this.proposedView >= v || this.lastVotedView >= v || this.highestTimeoutView >= v) return
    const viaQc = this.highQc.view + 1 === v
    const viaTc = this.highTc !== null && this.highTc.view + 1 === v
    if (!viaQc && !viaTc) return
    const parent = this.tree.get(toHex(this.highQc.blockHash))
    if (parent === undefined) {
      // We would extend the highQc block: without it we can neither propose nor know who leads.
      if (this.highQc.height > this.committedHeight) this.needSync()
      return
    }
    if (this.leaderOf(v, parent.block) !== this.self) return
    if (!this.hasWork() && !viaTc) {
      // Nothing to propose: still hand everyone the QC we formed, so the cluster quiesces with every
      // replica at the same committed height (otherwise only the last leader knows the last QC).
      if (viaQc && this.announcedView < v && this.highQc.signers.length > 0) {
        this.announcedView = v
        this.send('all', {
          kind: 'syncResponse',
          blocks: [],
          certs: [],
          highQc: this.highQc,
          highTc: null,
        })
      }
      return
    }
    if (!viaQc && this.highTc !== null && this.highQc.view < Math.max(...this.highTc.highQcViews)) {
      // Voters would refuse: fetch the higher QC first (a sync response carries the peer's highQc).
      this.needSync()
      return
    }
    const evicted: StorageOp[] = []
    const largest = blockWireBytesMax(this.cfg.blockBytesMax, this.cfg.blockTxsMax)
    if (!this.makeRoom(v, largest, parent.hex, evicted)) return
    if (evicted.length > 0)
      this.actions.push({ kind: 'persist', batch: { ops: evicted, sync: false } })
    const branch = this.branchTxSet(parent)
    const ts = Math.max(this.nowMs, parent.block.header.timestampMs)
    const height = parent.block.header.height + 1
    const exec = this.app.beginBlock(parent.state, parent.block.header.stateRoot, {
      chainId: this.cfg.chainId,
      height,
      timestampMs: ts,
    })
    const txs: Uint8Array[] = []
    const hashes: string[] = [] // the mempool's keys: no need to hash the txs again
    let bytes = 0
    const rejected: string[] = []
    for (const [hash, tx] of this.mempool) {
      if (txs.length >= this.cfg.blockTxsMax) break
      if (branch.has(hash) || this.committedTxs.has(hash)) continue
      if (bytes + tx.length > this.cfg.blockBytesMax) break
      const out = exec.deliverTx(tx)
      if (!out.ok) {
        rejected.push(hash)
        continue
      }
      txs.push(tx)
      hashes.push(hash)
      bytes += tx.length
    }
    for (const hash of rejected) this.dropFromMempool(hash)
    const done = exec.finish()
    const block = makeBlock({
      chainId: this.cfg.chainId,
      view: v,
      parent: this.highQc,
      txs,
      stateRoot: done.stateRoot,
      timestampMs: ts,
      proposer: this.self,
    })
    assert(block.header.height === height, 'proposal height')
    const node: TreeNode = {
      block,
      hex: toHex(block.hash),
      state: done.state,
      results: done.results,
      txHashes: hashes,
    }
    this.treeAdd(node)
    this.proposedView = v
    // The leader's own vote persists lastVotedView = v (sync); SafetyRules signs the proposal only
    // for the block so voted, so a restarted leader can never sign a second block for v (I2). The
    // proposal leaves right after that persist, then the vote goes to the next leader (which may be
    // us: handing it over can form a QC and start the next view, hence both are signed first).
    const tc = viaQc ? null : this.highTc
    const vote = this.safety.signVote(block, tc, v, [{ kind: 'putBlock', block }])
    assert(!isRefusal(vote), 'leader votes for its own proposal')
    const msg = this.safety.signProposal(block, tc)
    assert(!isRefusal(msg), 'leader signs the block it voted for')
    this.freshSigned.add(vote)
    this.freshSigned.add(msg)
    this.stats.votes++
    this.stats.proposals++
    this.send('all', msg)
    this.emitSendVote(vote)
  }

  // ───────────────────────────── block tree ─────────────────────────────

  /**
   * Validate, execute and add a block whose parent is in the tree. Returns the node or a rejection
   * reason. `strict` = the block comes from a proposal (timestamp skew check applies).
   */
  private insertBlock(b: Block, strict: boolean): TreeNode | string {
    const h = b.header
    const hex = toHex(b.hash)
    const existing = this.tree.get(hex)
    if (existing !== undefined) return existing
    const parent = this.tree.get(toHex(h.parentHash))
    if (parent === undefined) return 'unknown parent'
    if (h.chainId !== this.cfg.chainId) return 'wrong chain'
    if (!bytesEqual(b.hash, blockHashOf(h))) return 'hash mismatch'
    const inconsistent = checkBlockConsistency(h, b.txs, b.justify)
    if (inconsistent !== null) return inconsistent
    if (h.height !== parent.block.header.height + 1) return 'height'
    if (!(h.view > parent.block.header.view)) return 'view not above parent'
    if (h.proposer !== this.leaderOf(h.view, parent.block)) return 'wrong proposer'
    if (h.timestampMs < parent.block.header.timestampMs) return 'timestamp before parent'
    if (strict && h.timestampMs > this.nowMs + this.cfg.clockSkewMsMax)
      return 'timestamp in the future'
    if (b.txs.length > this.cfg.blockTxsMax) return 'too many txs'
    let bytes = 0
    for (const tx of b.txs) bytes += tx.length
    if (bytes > this.cfg.blockBytesMax) return 'block too large'
    // Only now (sender, signature and certificate checked by the caller) is a batch check worth it.
    this.app.prevalidate?.(b.txs)
    const branch = this.branchTxSet(parent)
    const hashes: string[] = []
    const seen = new Set<string>()
    const exec = this.app.beginBlock(parent.state, parent.block.header.stateRoot, {
      chainId: this.cfg.chainId,
      height: h.height,
      timestampMs: h.timestampMs,
    })
    for (const received of b.txs) {
      const th = computeTxHash(received)
      if (seen.has(th) || branch.has(th) || this.committedTxs.has(th)) return `duplicate tx ${th}`
      seen.add(th)
      hashes.push(th)
      // A tx we admitted ourselves has the same bytes (same hash) and already passed checkTx, which is
      // stateless: skip it, and execute our own copy, whose decoding the app has memoized.
      const admitted = this.mempool.get(th)
      const tx = admitted ?? received
      if (admitted === undefined) {
        const chk = this.app.checkTx(tx)
        if (!chk.ok) return `invalid tx ${th}: ${chk.reason}`
      }
      const out = exec.deliverTx(tx)
      if (!out.ok) return `tx ${th} fails: ${out.reason}`
    }
    const done = exec.finish()
    if (!bytesEqual(done.stateRoot, h.stateRoot)) return 'stateRoot mismatch'
    const ops: StorageOp[] = []
    if (!this.makeRoom(h.view, blockWireBytes(b), parent.hex, ops)) return 'block tree full'
    const node: TreeNode = {
      block: b,
      hex,
      state: done.state,
      results: done.results,
      txHashes: hashes,
    }
    this.treeAdd(node)
    ops.push({ kind: 'putBlock', block: b })
    this.actions.push({ kind: 'persist', batch: { ops, sync: false } })
    return node
  }

  private treeAdd(node: TreeNode): void {
    this.tree.set(node.hex, node)
    this.treeBytes += blockWireBytes(node.block)
    const h = node.block.header
    this.treeByAuthor.set(`${h.view}:${h.proposer}`, node.hex)
  }

  private treeDelete(node: TreeNode): void {
    if (!this.tree.delete(node.hex)) return
    this.treeBytes -= blockWireBytes(node.block)
    const h = node.block.header
    const key = `${h.view}:${h.proposer}`
    if (this.treeByAuthor.get(key) === node.hex) this.treeByAuthor.delete(key)
  }

  /**
   * Room for one more block (of view `view`, `bytes` on the wire, child of `parentHex`) in a tree
   * full by count or bytes: evict leaves farthest from the current view that are neither the
   * committed tip, our highQc block, nor the new block's parent — uncertified siblings or a Byzantine
   * proposer's far-off blocks — unless the new block is farther still (then it is refused). Honest
   * blocks of the current view are never refused for junk. Deletions go into `ops`.
   */
  private makeRoom(view: number, bytes: number, parentHex: string, ops: StorageOp[]): boolean {
    const distance = (v: number): number => Math.abs(v - this.view)
    while (
      this.tree.size >= this.cfg.treeBlocksMax ||
      this.treeBytes + bytes > this.cfg.treeBytesMax
    ) {
      const parents = new Set<string>([parentHex, toHex(this.highQc.blockHash)])
      for (const node of this.tree.values()) parents.add(toHex(node.block.header.parentHash))
      let victim: TreeNode | undefined
      for (const node of this.tree.values()) {
        if (node === this.committedTip || parents.has(node.hex)) continue
        if (
          victim === undefined ||
          distance(node.block.header.view) > distance(victim.block.header.view)
        )
          victim = node
      }
      if (victim === undefined || distance(victim.block.header.view) < distance(view)) return false
      this.treeDelete(victim)
      ops.push({ kind: 'deleteBlock', hash: victim.block.hash })
    }
    return true
  }

  /** Hashes of txs in `node` and its uncommitted ancestors. */
  private branchTxSet(node: TreeNode): Set<string> {
    const out = new Set<string>()
    let cur: TreeNode | undefined = node
    while (cur !== undefined && cur !== this.committedTip) {
      for (const t of cur.txHashes) out.add(t)
      cur = this.tree.get(toHex(cur.block.header.parentHash))
    }
    return out
  }

  /** Number of txs in `node` and its uncommitted ancestors (= branchTxSet(node).size). */
  private branchTxCount(node: TreeNode): number {
    let n = 0
    let cur: TreeNode | undefined = node
    while (cur !== undefined && cur !== this.committedTip) {
      n += cur.txHashes.length
      cur = this.tree.get(toHex(cur.block.header.parentHash))
    }
    return n
  }

  /** There is something to agree on: mempool txs not yet in the branch, or uncommitted txs near the tip. */
  private hasWork(): boolean {
    const top = this.tree.get(toHex(this.highQc.blockHash))
    if (top === undefined) return this.highQc.height > this.committedHeight
    if (this.mempool.size > 0) {
      // Pigeonhole first (no scan of a big mempool per view): more mempool txs than the branch holds
      // means one is outside it, and the mempool never holds a committed tx (admission refuses them,
      // a commit drops them).
      if (this.mempool.size > this.branchTxCount(top)) return true
      const branch = this.branchTxSet(top)
      for (const hash of this.mempool.keys())
        if (!branch.has(hash) && !this.committedTxs.has(hash)) return true
    }
    // Non-empty blocks among the uncommitted ones and the committed tip: others may still need the QCs
    // that commit them (the tip's child carries the QC that lets everyone else commit the tip).
    let cur: Block | undefined = top.block
    const steps = Math.max(0, top.block.header.height - this.committedHeight)
    for (let i = 0; i <= steps && cur !== undefined; i++) {
      if (cur.txs.length > 0) return true
      if (cur.header.height === 0) break
      const ph = toHex(cur.header.parentHash)
      cur = this.tree.get(ph)?.block ?? this.committedByHeight.get(cur.header.height - 1)
    }
    return false
  }

  /**
   * Buffer a proposal whose parent is unknown. Each proposer has an equal share of the buffer and a
   * full share evicts that proposer's own oldest entry, so one peer cannot push out the others'.
   */
  private addOrphan(hex: string, e: OrphanEntry): void {
    if (this.orphans.has(hex)) return
    const share = Math.floor(this.cfg.orphanBlocksMax / this.n)
    const shareBytes = Math.floor(this.cfg.orphanBytesMax / this.n)
    if (e.bytes > shareBytes) return
    const own = [...this.orphans].filter(([, o]) => o.from === e.from)
    let ownBytes = own.reduce((sum, [, o]) => sum + o.bytes, 0)
    for (const [oldest, o] of own) {
      if (own.length < share && ownBytes + e.bytes <= shareBytes) break
      this.deleteOrphan(oldest)
      own.shift()
      ownBytes -= o.bytes
    }
    this.orphans.set(hex, e)
    this.orphanBytes += e.bytes
  }

  private deleteOrphan(hex: string): void {
    const o = this.orphans.get(hex)
    if (o === undefined) return
    this.orphans.delete(hex)
    this.orphanBytes -= o.bytes
  }

  private adoptOrphansOf(parentHex: string): void {
    for (const [hex, e] of [...this.orphans]) {
      if (toHex(e.msg.block.header.parentHash) !== parentHex) continue
      this.deleteOrphan(hex)
      this.onProposal(e.from, e.msg)
    }
  }

  // ───────────────────────────── commit (I3) ─────────────────────────────

  private commitUpTo(target: TreeNode, proof: CommitProof): void {
    const path: TreeNode[] = []
    let cur: TreeNode | undefined = target
    while (cur !== undefined && cur !== this.committedTip) {
      path.push(cur)
      cur = this.tree.get(toHex(cur.block.header.parentHash))
    }
    if (cur !== this.committedTip) {
      this.actions.push({
        kind: 'alarm',
        reason: `commit target ${target.hex} does not extend the committed tip`,
      })
      return
    }
    path.reverse()
    // SafetyRules checks the proof and signs only a chain extending what it committed before.
    const sigs = this.safety.signCommit(
      path.map((n) => n.block),
      proof
    )
    if (isRefusal(sigs)) {
      this.actions.push({
        kind: 'alarm',
        reason: `commit of ${target.hex} refused: ${sigs.refused}`,
      })
      return
    }
    const ops: StorageOp[] = []
    const committed: CommittedBlock[] = []
    for (const node of path) {
      const h = node.block.header
      assert(
        h.height === this.committedTip.block.header.height + 1,
        'I3: contiguous commit heights'
      )
      assert(bytesEqual(h.parentHash, this.committedTip.block.hash), 'I3: commit extends tip')
      ops.push({ kind: 'putBlock', block: node.block })
      ops.push(...this.app.commit(node.state))
      node.block.txs.forEach((_, i) =>
        ops.push({ kind: 'putTx', txHash: node.txHashes[i]!, height: h.height, position: i })
      )
      ops.push({ kind: 'putCommitted', height: h.height, hash: node.block.hash })
      this.committedTip = node
      this.rememberCommitted(node.block, node.txHashes)
      for (const th of node.txHashes) this.dropFromMempool(th)
      committed.push({ block: node.block, results: node.results })
      this.stats.commits++
    }
    // Prune everything that does not descend from the new tip (I4).
    const tipH = this.committedTip.block.header.height
    for (const node of [...this.tree.values()]) {
      if (node === this.committedTip) continue
      let a: TreeNode | undefined = node
      while (a !== undefined && a.block.header.height > tipH)
        a = this.tree.get(toHex(a.block.header.parentHash))
      if (a !== this.committedTip) {
        this.treeDelete(node)
        if (node.block.header.height > tipH)
          ops.push({ kind: 'deleteBlock', hash: node.block.hash })
      }
    }
    for (const [hex, e] of [...this.orphans])
      if (e.msg.block.header.height <= tipH) this.deleteOrphan(hex)
    this.actions.push({ kind: 'persist', batch: { ops, sync: true } })
    this.actions.push({ kind: 'commit', blocks: committed })
    for (const m of sigs) {
      this.send('all', m)
      this.addCommitSig(m)
    }
    // Commit sigs that arrived early may now complete certificates.
    for (const c of committed) this.tryFormCert(c.block.header.height)
    for (const k of this.commitSigs.keys())
      if (k <= tipH - this.cfg.committedWindowBlocks) this.commitSigs.delete(k)
  }

  /** `txHashes`: the block's tx hashes when already known (executed tree nodes have them). */
  private rememberCommitted(
    b: Block,
    txHashes: readonly string[] = b.txs.map(computeTxHash)
  ): void {
    const height = b.header.height
    this.electionHistory.set(height, electionEntry(b))
    this.electionHistory.delete(height - ELECTION_HISTORY_BLOCKS - 1)
    this.committedByHeight.set(height, b)
    this.committedHexToHeight.set(toHex(b.hash), height)
    const old = this.committedByHeight.get(height - this.cfg.committedWindowBlocks)
    if (old !== undefined) {
      this.committedByHeight.delete(height - this.cfg.committedWindowBlocks)
      this.committedHexToHeight.delete(toHex(old.hash))
      this.certs.delete(height - this.cfg.committedWindowBlocks)
    }
    for (const th of txHashes) {
      this.committedTxs.set(th, height)
      if (this.committedTxs.size > COMMITTED_TXS_REMEMBERED_MAX) {
        this.committedTxs.delete(this.committedTxs.keys().next().value as string)
      }
    }
  }

  // ───────────────────────────── commit certificates ─────────────────────────────

  /**
   * Pool a commit signature: one per (signer, height), for heights within the committed window up to
   * `commitSigHeightsAheadMax` ahead, verified on its own before it is pooled — so certificates combine
   * only valid curve points over the right message (issue #12, attacks 2 and 4), and a faulty signer
   * can fill only its own slot.
   */
  private onCommitSig(from: number, m: CommitSigMsg): void {
    if (m.signer !== from) return this.drop(from, 'sender_mismatch')
    const tipH = this.committedHeight
    if (m.height === 0 || m.height <= tipH - this.cfg.committedWindowBlocks) return
    if (m.height > tipH + this.cfg.commitSigHeightsAheadMax) return this.drop(from, 'out_of_window')
    const have = this.certs.get(m.height)
    if (have !== undefined) {
      // An old height still being signed: the sender lacks this certificate — hand it over. (Recent
      // heights are skipped: there a late signature is ordinary traffic, not a gap.)
      if (
        bytesEqual(have.blockHash, m.blockHash) &&
        m.height + CERT_GAP_HEIGHTS <= this.committedHeight
      ) {
        this.send(from, {
          kind: 'syncResponse',
          blocks: [],
          certs: [have],
          highQc: null,
          highTc: null,
        })
      }
      return
    }
    const pooled = this.commitSigs.get(m.height)?.get(m.signer)
    if (pooled !== undefined) {
      if (!bytesEqual(pooled.blockHash, m.blockHash)) this.drop(from, 'equivocation')
      return
    }
    if (!this.crypto.verify(m.signer, commitSigningMessage(m.blockHash), m.sig))
      return this.drop(from, 'bad_signature')
    this.addCommitSig(m)
    this.tryFormCert(m.height)
    if (m.height > tipH && this.commitSigners(m.height, toHex(m.blockHash)).length >= this.f + 1)
      this.needSync(from)
  }

  /** Pool a commit signature known to be valid (our own, or verified by onCommitSig). */
  private addCommitSig(m: CommitSigMsg): void {
    let pool = this.commitSigs.get(m.height)
    if (pool === undefined) {
      pool = new Map()
      this.commitSigs.set(m.height, pool)
    }
    pool.set(m.signer, { blockHash: m.blockHash, hex: toHex(m.blockHash), sig: m.sig })
  }

  /** Signers (ascending) of the pooled commit signatures for block `hex` at `height`. */
  private commitSigners(height: number, hex: string): number[] {
    const signers: number[] = []
    for (const [signer, s] of this.commitSigs.get(height) ?? [])
      if (s.hex === hex) signers.push(signer)
    return signers.sort((a, b) => a - b)
  }

  private tryFormCert(height: number): void {
    if (this.certs.has(height)) return
    const block = this.committedByHeight.get(height)
    const pool = this.commitSigs.get(height)
    if (block === undefined || pool === undefined) return
    const mine = toHex(block.hash)
    const otherHashes = new Set<string>()
    for (const s of pool.values()) if (s.hex !== mine) otherHashes.add(s.hex)
    for (const hex of otherHashes) {
      // Every pooled signature verified: a quorum on another block is proof of > f faulty replicas.
      if (this.commitSigners(height, hex).length >= this.quorum)
        this.actions.push({
          kind: 'alarm',
          reason: `conflicting commit certificate at height ${height}`,
        })
    }
    const signers = this.commitSigners(height, mine)
    if (signers.length < this.quorum) return
    this.storeCert({
      height,
      blockHash: block.hash,
      signers,
      sig: this.crypto.aggregate(signers.map((s) => pool.get(s)!.sig)),
    })
  }

  private storeCert(cert: CommitCert): void {
    assert(this.committedByHeight.get(cert.height) !== undefined, 'cert only for a committed block')
    this.certs.set(cert.height, cert)
    this.commitSigs.delete(cert.height)
    this.actions.push({
      kind: 'persist',
      batch: { ops: [{ kind: 'putCommitCert', cert }], sync: true },
    })
    this.actions.push({ kind: 'certified', cert })
  }

  // ───────────────────────────── catch-up ─────────────────────────────

  private needSync(peer?: number): void {
    if (this.sync !== null) return
    const p = peer !== undefined && peer !== this.self ? peer : (this.self + 1) % this.n
    if (this.nowMs < this.syncIdleUntilMs) {
      // A round just ended: the next request waits for the retry timer (then it is sent whatever
      // stillBehind says — the leader's TC guard needs a QC that stillBehind does not look for).
      // Without this pause a need that the peer's answer does not meet (a QC only the adversary
      // holds) re-sent the request on every answer, at network speed.
      this.sync = { peer: p, attempt: 0, deadlineMs: this.syncIdleUntilMs, untilAnswered: true }
      this.setTimer()
      return
    }
    this.startSync(p)
  }

  /** A sync round is over; a new one starts no sooner than syncRetryMsBase from now. */
  private endSync(): void {
    this.sync = null
    this.syncIdleUntilMs = this.nowMs + this.cfg.syncRetryMsBase
  }

  private startSync(peer: number, untilAnswered = false): void {
    if (peer === this.self) return
    this.sync = {
      peer,
      attempt: 0,
      deadlineMs: this.nowMs + this.cfg.syncRetryMsBase,
      untilAnswered,
    }
    this.sendSyncRequest(peer)
    this.setTimer()
  }

  private sendSyncRequest(peer: number): void {
    // Tip: the last block of the previous response that we hold (known to be on a peer's chain), else
    // our committed tip. Never a block of a dead fork: a responder could not place it and would send
    // blocks we already have, forever.
    const c = this.syncCursor
    const tip =
      c !== null && this.tree.get(c.hex) === c && c.block.header.height > this.committedHeight
        ? c
        : this.committedTip
    this.stats.syncRequests++
    this.send(peer, {
      kind: 'syncRequest',
      committedHeight: this.committedHeight,
      tipHeight: tip.block.header.height,
      tipHash: tip.block.hash,
      limit: this.cfg.syncBatchMax,
    })
  }

  private stillBehind(): boolean {
    if (this.orphans.size > 0) return true
    const hex = toHex(this.highQc.blockHash)
    return (
      !this.tree.has(hex) &&
      !this.committedHexToHeight.has(hex) &&
      this.highQc.height > this.committedHeight
    )
  }

  private retrySync(): void {
    const s = this.sync
    assert(s !== null, 'retrySync with sync state')
    if (!s.untilAnswered && !this.stillBehind()) {
      this.endSync()
      return
    }
    s.attempt++
    let peer = (s.peer + 1) % this.n
    if (peer === this.self) peer = (peer + 1) % this.n
    s.peer = peer
    const delay = Math.min(
      this.cfg.syncRetryMsMax,
      this.cfg.syncRetryMsBase * Math.pow(2, Math.min(s.attempt, 20))
    )
    s.deadlineMs = this.nowMs + delay
    this.sendSyncRequest(peer)
  }

  /** Our main chain: committed window + uncommitted path to the highQc block (if known). */
  private mainChainAfter(req: SyncRequestMsg): { blocks: Block[]; fromStorage: boolean } {
    const limit = Math.max(1, Math.min(req.limit, this.cfg.syncBatchMax))
    const upper: Block[] = []
    let cur = this.tree.get(toHex(this.highQc.blockHash))
    while (cur !== undefined && cur !== this.committedTip) {
      upper.push(cur.block)
      cur = this.tree.get(toHex(cur.block.header.parentHash))
    }
    upper.reverse()
    const tipH = this.committedHeight
    const heightOf = (hex: string): number | undefined => {
      const c = this.committedHexToHeight.get(hex)
      if (c !== undefined) return c
      const i = upper.findIndex((b) => toHex(b.hash) === hex)
      return i >= 0 ? upper[i]!.header.height : undefined
    }
    let start = heightOf(toHex(req.tipHash))
    start = start === undefined ? req.committedHeight + 1 : start + 1
    const oldest = Math.max(1, tipH - this.cfg.committedWindowBlocks + 1)
    if (start <= tipH && start < oldest) return { blocks: [], fromStorage: true }
    const out: Block[] = []
    let bytes = 0
    for (let h = start; out.length < limit; h++) {
      const b = h <= tipH ? this.committedByHeight.get(h) : upper[h - tipH - 1]
      if (b === undefined) break
      const size = blockWireBytes(b)
      if (!fitsInSyncResponse(out.length, bytes, size, limit, this.cfg.syncBytesMax)) break
      out.push(b)
      bytes += size
    }
    return { blocks: out, fromStorage: false }
  }

  private onSyncRequest(from: number, req: SyncRequestMsg): void {
    if (from === this.self) return
    const { blocks, fromStorage } = this.mainChainAfter(req)
    if (fromStorage) {
      this.actions.push({ kind: 'serveSyncFromStorage', to: from, req })
      return
    }
    const certs: CommitCert[] = []
    for (const b of blocks) {
      const c = this.certs.get(b.header.height)
      if (c !== undefined && bytesEqual(c.blockHash, b.hash)) certs.push(c)
    }
    const resp: SyncResponseMsg = {
      kind: 'syncResponse',
      blocks,
      certs,
      highQc: this.highQc,
      highTc: this.highTc,
    }
    this.send(from, resp)
  }

  private onSyncResponse(from: number, r: SyncResponseMsg): void {
    if (r.blocks.length > this.cfg.syncBatchMax) return this.drop(from, 'out_of_window')
    // An answer to a sync request (blocks, or a peer's view of the chain) ends the start-up retries;
    // a bare certificate hand-over (no blocks, no highQc) does not say the peer has nothing more.
    const answered = r.blocks.length > 0 || r.highQc !== null
    // 1. Structural checks: a hash chain of consistent blocks.
    for (let i = 0; i < r.blocks.length; i++) {
      const b = r.blocks[i]!
      if (
        b.header.chainId !== this.cfg.chainId ||
        !bytesEqual(b.hash, blockHashOf(b.header)) ||
        checkBlockConsistency(b.header, b.txs, b.justify) !== null ||
        (i > 0 && !bytesEqual(b.header.parentHash, r.blocks[i - 1]!.hash))
      )
        return this.drop(from, 'bad_block')
    }
    // 2. Skip what we already have; detect conflicts with our committed chain.
    let i = 0
    for (; i < r.blocks.length; i++) {
      const b = r.blocks[i]!
      const hex = toHex(b.hash)
      if (b.header.height <= this.committedHeight) {
        const mine = this.committedByHeight.get(b.header.height)
        if (mine !== undefined && !bytesEqual(mine.hash, b.hash)) {
          // Only an alarm if the conflicting block carries a valid commit certificate.
          const c = r.certs.find((x) => bytesEqual(x.blockHash, b.hash))
          if (c !== undefined && this.verifyCommitCert(c)) {
            this.actions.push({
              kind: 'alarm',
              reason: `certified block conflicts with committed height ${b.header.height}`,
            })
          }
          return
        }
        continue
      }
      if (this.tree.has(hex)) continue
      break
    }
    const rest = r.blocks.slice(i)
    // 3. Highest block of the batch proven committed by a verified certificate.
    let certIdx = -1
    let cert: CommitCert | null = null
    for (const c of r.certs) {
      const k = rest.findIndex((b) => bytesEqual(b.hash, c.blockHash))
      if (k > certIdx && this.verifyCommitCert(c)) {
        certIdx = k
        cert = c
      }
    }
    // Certificates for blocks we already hold: commit them too.
    for (const c of r.certs) {
      const node = this.tree.get(toHex(c.blockHash))
      if (node !== undefined && node !== this.committedTip && this.verifyCommitCert(c))
        this.commitUpTo(node, certProof(c, node.block))
    }
    let inserted = 0
    for (const [k, element] of rest.entries()) {
      const b = element!
      if (!this.tree.has(toHex(b.header.parentHash))) break
      if (k > certIdx && !this.verifyQc(b.justify)) break
      const node = this.insertBlock(b, false)
      if (typeof node === 'string') {
        if (k <= certIdx)
          this.actions.push({ kind: 'alarm', reason: `certified block rejected: ${node}` })
        break
      }
      inserted++
      if (k === certIdx && cert !== null) this.commitUpTo(node, certProof(cert, node.block))
      else if (k > certIdx) this.observeQc(b.justify)
    }
    // Certificates for blocks now committed.
    for (const c of r.certs) {
      const h = this.committedHexToHeight.get(toHex(c.blockHash))
      if (h !== undefined && !this.certs.has(h) && this.verifyCommitCert(c))
        this.storeCert({ ...c, height: h })
    }
    if (r.highQc !== null && this.verifyQc(r.highQc)) this.observeQc(r.highQc)
    if (r.highTc !== null && this.verifyTc(r.highTc)) this.observeTc(r.highTc)
    for (const b of rest.slice(0, inserted)) this.adoptOrphansOf(toHex(b.hash))
    // 4. More to fetch? Ask the same peer right away (continuing after the last block it sent) while
    //    its answers bring new blocks — a response may be cut short by syncBytesMax, so its length
    //    does not say whether the peer has more; done when an answer brings nothing new.
    // Progress (an immediate follow-up) is a response whose last block we now hold above every height a
    // response brought before; anything else waits for the retry timer. Counting inserted blocks would
    // not do: a block evicted again at once from a full tree is "inserted" on every round.
    let advanced = false
    const lastHex = r.blocks.length > 0 ? toHex(r.blocks[r.blocks.length - 1]!.hash) : undefined
    const last = lastHex !== undefined ? this.tree.get(lastHex) : undefined
    const lastH =
      last !== undefined
        ? last.block.header.height
        : lastHex !== undefined
          ? this.committedHexToHeight.get(lastHex)
          : undefined
    if (lastH !== undefined && lastH > this.syncHighWater) {
      advanced = true
      this.syncHighWater = lastH
    }
    if (last !== undefined && last !== this.committedTip) {
      const prev = this.syncCursor
      if (prev === null || this.tree.get(prev.hex) !== prev || lastH! > prev.block.header.height)
        this.syncCursor = last
    }
    if (answered && this.sync !== null) this.sync.untilAnswered = false
    const behind = this.stillBehind()
    if (advanced) {
      this.sync = {
        peer: from,
        attempt: 0,
        deadlineMs: this.nowMs + this.cfg.syncRetryMsBase,
        untilAnswered: false,
      }
      this.sendSyncRequest(from)
      this.setTimer()
    } else if (this.sync !== null && this.sync.untilAnswered) {
      // Start-up sync still waiting for a real answer: keep its retry schedule.
    } else if (!behind) {
      this.endSync()
      this.syncCursor = null
    }
    if (this.viewDeadlineMs === Infinity && this.hasWork()) this.armTimer()
    this.tryPropose()
  }

  // ───────────────────────────── mempool ─────────────────────────────

  private handleClientTxs(txs: readonly Uint8Array[]): void {
    const results: TxAdmission[] = []
    let any = false
    for (const tx of txs) {
      const hash = computeTxHash(tx)
      if (this.mempool.has(hash)) {
        results.push({ txHash: hash, accepted: true })
        continue
      }
      if (this.committedTxs.has(hash)) {
        results.push({ txHash: hash, accepted: false, reason: 'already committed' })
        continue
      }
      if (tx.length > this.cfg.blockBytesMax) {
        results.push({ txHash: hash, accepted: false, reason: 'tx too large' })
        continue
      }
      if (
        this.mempool.size >= this.cfg.mempoolTxsMax ||
        this.mempoolBytes + tx.length > this.cfg.mempoolBytesMax
      ) {
        results.push({ txHash: hash, accepted: false, reason: 'mempool full' })
        continue
      }
      const chk = this.app.checkTx(tx)
      if (!chk.ok) {
        results.push({ txHash: hash, accepted: false, reason: chk.reason })
        continue
      }
      this.mempool.set(hash, tx)
      this.mempoolBytes += tx.length
      results.push({ txHash: hash, accepted: true })
      any = true
    }
    this.actions.push({ kind: 'txAdmission', results })
    if (any) {
      this.armTimer()
      this.tryPropose()
    }
  }

  private dropFromMempool(hash: string): void {
    const tx = this.mempool.get(hash)
    if (tx === undefined) return
    this.mempool.delete(hash)
    this.mempoolBytes -= tx.length
  }

  // ───────────────────────────── persistence / sending ─────────────────────────────

  private send(to: number | 'all', msg: ConsensusMsg): void {
    if (to === this.self) return
    this.actions.push({ kind: 'send', to, msg })
  }

  // ───────────────────────────── invariants ─────────────────────────────

  private freshSigned = new Set<ConsensusMsg>()
  private prevLastVotedView = 0
  private prevCommittedHeight = 0

  private checkInvariants(): void {
    assert(this.lastVotedView >= this.prevLastVotedView, 'I1: lastVotedView never decreases')
    this.prevLastVotedView = this.lastVotedView
    assert(this.committedHeight >= this.prevCommittedHeight, 'I3: committed height never decreases')
    this.prevCommittedHeight = this.committedHeight
    assert(
      this.tree.get(this.committedTip.hex) === this.committedTip,
      'I4: committed tip is in the tree'
    )
    assert(this.mempool.size <= this.cfg.mempoolTxsMax, 'I6: mempool bounded')
    assert(this.orphans.size <= this.cfg.orphanBlocksMax, 'I6: orphans bounded')
    assert(this.tree.size <= this.cfg.treeBlocksMax, 'I6: tree bounded')
    assert(this.treeBytes <= this.cfg.treeBytesMax, 'I6: tree bytes bounded')
    assert(this.orphanBytes <= this.cfg.orphanBytesMax, 'I6: orphan bytes bounded')
    assert(this.votes.size <= this.cfg.voteViewsAheadMax + 2, 'I6: vote pool bounded')
    assert(
      this.commitSigs.size <= this.cfg.committedWindowBlocks + this.cfg.commitSigHeightsAheadMax,
      'I6: commit signature pool bounded'
    )
    assert(this.view >= 1 && this.view > this.highQc.view, 'view above highQc view')
    // I1/I2 ordering: every message signed during this event leaves only after a synced safety record
    // covering its view was emitted earlier in the same action list.
    let persistedSafetyView = -1
    for (const a of this.actions) {
      if (a.kind === 'persist' && a.batch.sync) {
        for (const op of a.batch.ops)
          if (op.kind === 'putSafety') persistedSafetyView = op.record.lastVotedView
      }
      if (a.kind === 'send' && this.freshSigned.has(a.msg)) {
        const v =
          a.msg.kind === 'proposal' ? a.msg.block.header.view : (a.msg as VoteMsg | TimeoutMsg).view
        assert(
          persistedSafetyView >= v,
          `I1: safety record persisted before ${a.msg.kind} of view ${v} leaves`
        )
      }
    }
    this.freshSigned.clear()
  }
}
