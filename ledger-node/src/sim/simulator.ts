/**
 * Seeded deterministic simulator of a ledger-node cluster (VOPR / Twins style).
 *
 * n replicas (plus twin instances) run the real consensus core and kv app in one process over an
 * in-memory network driven by one seeded PRNG and a virtual clock. Faults: message drop, delay,
 * reordering, duplication; partitions and heals; crash (losing unsynced writes) and restart, including
 * crashes exactly at persistence boundaries (before or after a `persist` action, dropping the rest of the
 * action list); twins (two instances sharing one key, placed in different partitions — Bano et al.,
 * OPODIS 2021); long delays and one-way partitions; a frame-size cap (messages above it are dropped, as
 * the transport does) with small blocks; forward clock jumps; storage faults (a torn WAL tail: a crash
 * keeps a random prefix of the unsynced batches; an fsync error: the failing batch may or may not
 * survive, the process exits and restarts; a corrupted committed block: the replica must refuse to
 * start, then starts from the restored value). `adversaries` (sim/adversary.ts) give one faulty key
 * validly signed malicious behaviour. A share of seeds signs with the node's real BLS backend and a
 * share runs three times longer. The same seed always replays the same run.
 *
 * Phases: faults for `faultPhaseMs`, then heal (partitions removed, crashed replicas restarted, no more
 * drops), settle until every honest replica committed the final client txs and agrees on the tip (or
 * `settleMsMax` passes: liveness violation), then every honest replica is killed and restarted to check
 * durability of acknowledged (commit-certified) txs.
 *
 * Invariants (sim/checker.ts) are checked on every action as it is executed.
 */
import { KvApp, encodeKvTx } from '../app/kv.js'
import { CodecError } from '../codec/cbor.js'
import { decodeMsg, encodeMsg } from '../codec/messages.js'
import { txHash } from '../codec/tx.js'
import { defaultConfig, faultsTolerated, type ConsensusConfig } from '../consensus/config.js'
import { AssertionError, Replica } from '../consensus/replica.js'
import { buildSyncResponseSync } from '../consensus/sync.js'
import { timeoutSigningMessage, voteSigningMessage } from '../codec/signing.js'
import type { Action, ConsensusMsg, TimeoutMsg, VoteMsg } from '../consensus/types.js'
import { bytesEqual, toHex } from '../crypto/hash.js'
import { CorruptStorageError, loadPersistedState } from '../storage/load.js'
import { MemoryStorage } from '../storage/memory.js'
import { Adversary, type AdversaryName } from './adversary.js'
import { Checker, type Violation } from './checker.js'
import { mutate } from './byzantine.js'
import { Prng } from './prng.js'
import { RecordingCrypto } from './recording_crypto.js'
import { simCrypto } from './sim_crypto.js'

export type FaultMode = 'none' | 'crash' | 'partition' | 'twins' | 'all'
export const FAULT_MODES: readonly FaultMode[] = ['none', 'crash', 'partition', 'twins', 'all']

export interface SimOptions {
  readonly seed: number
  readonly replicas: number
  readonly faults: FaultMode
  /** Number of keys run by two instances each. Default: 1 for `twins`/`all`, else 0. */
  readonly byzantineTwins?: number
  readonly faultPhaseMs?: number
  readonly settleMsMax?: number
  /** Probability that a delivered message goes through encodeMsg/decodeMsg. */
  readonly codecRoundTripP?: number
  /** Stop at the first violation (faster sweeps). */
  readonly stopOnViolation?: boolean
  /**
   * Systematic crash point: crash the instance executing the `index`-th persist action of the run
   * (counted over all instances), before or after the write. -1 = none.
   */
  readonly crashAtPersist?: { readonly index: number; readonly after: boolean }
  /** Malicious behaviours of one faulty key (the twinned one when there are twins). */
  readonly adversaries?: readonly AdversaryName[]
  /** Seeds divisible by this sign with the real BLS backend (0: never, 1: always). */
  readonly blsEvery?: number
  /** Block-tree bound of every replica (default: the node's); scaled down to reach it in a short run. */
  readonly treeBlocksMax?: number
}

export interface SimResult {
  readonly seed: number
  readonly violations: readonly Violation[]
  /** Highest committed height reached by an honest replica. */
  readonly commits: number
  readonly committedTxs: number
  /** Txs acknowledged by a commit certificate (checked for durability). */
  readonly ackedTxs: number
  /** Views the slowest-to-recover honest replica went through between heal and liveness. */
  readonly viewsToRecover: number
  readonly steps: number
  readonly virtualMs: number
  /** Messages signed by the adversary itself. */
  readonly injected: number
  readonly realBls: boolean
}

interface Instance {
  readonly id: number
  readonly index: number
  readonly twin: boolean
  readonly storage: MemoryStorage
  app: KvApp
  replica: Replica | null
  incarnation: number
  group: number
  restartQueued: boolean
  nextTickAt: number
  /**
   * Vote and timeout signing messages signed while handling the current event, in order. One counts
   * for the checker (with all signed before it) once the replica could have let it out — a safety
   * record holding it is written or it is sent — or when the whole action list ran; they vanish if the
   * replica crashes first: a signature that never left a crashed process binds nobody.
   */
  signedPending: Uint8Array[]
  /**
   * This instance's clock = simulator clock + offset: a bounded skew for honest instances; a faulty
   * key's clock also jumps forward for good (it may run far ahead).
   */
  clockOffsetMs: number
  /**
   * Paused (VM pause, SIGSTOP, a long GC) until this simulator time: events for it wait; when it
   * resumes its clock has jumped forward by the pause and every timer due meanwhile fires at once.
   */
  pausedUntil: number
}

type SimEvent =
  | { kind: 'deliver'; to: number; inc: number; from: number; msg: ConsensusMsg }
  | { kind: 'tick'; to: number; inc: number }
  | { kind: 'clientTxs'; to: number; inc: number; txs: Uint8Array[] }
  | { kind: 'client' }
  | { kind: 'crash'; to: number }
  | { kind: 'restart'; to: number }
  | { kind: 'clockJump'; to: number }
  | { kind: 'partition' }
  | { kind: 'healPartition' }
  | { kind: 'phaseEnd' }
  | { kind: 'check' }

interface Queued {
  t: number
  seq: number
  ev: SimEvent
}

class EventQueue {
  private heap: Queued[] = []
  private seq = 0
  get size(): number {
    return this.heap.length
  }
  push(t: number, ev: SimEvent): void {
    const q: Queued = { t, seq: this.seq++, ev }
    const h = this.heap
    h.push(q)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (this.less(h[p]!, h[i]!)) break
      ;[h[p], h[i]] = [h[i]!, h[p]!]
      i = p
    }
  }
  pop(): Queued | undefined {
    const h = this.heap
    if (h.length === 0) return undefined
    const top = h[0]!
    const last = h.pop()!
    if (h.length > 0) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r
        if (m === i) break
        ;[h[m], h[i]] = [h[i]!, h[m]!]
        i = m
      }
    }
    return top
  }
  private less(a: Queued, b: Queued): boolean {
    return a.t < b.t || (a.t === b.t && a.seq < b.seq)
  }
}

const CHAIN_ID = 'civic-budget-sim'
const STEPS_MAX = 2_000_000
/** Pools and the block tree of honest replicas are checked against their bounds this often. */
const BOUNDS_CHECK_STEPS = 25
/** Bound on views between heal and all honest replicas agreeing on the final txs. */
const VIEWS_TO_RECOVER_MAX = 100

export class Simulation {
  readonly opts: Required<SimOptions> & { faultPhaseMs: number }
  private readonly rng: Prng
  private readonly q = new EventQueue()
  private readonly instances: Instance[] = []
  private readonly checker: Checker
  private nowMs = 0
  private steps = 0
  private phase: 'faults' | 'settle' | 'durability' | 'done' = 'faults'
  private readonly cfgs: ConsensusConfig[] = []
  private readonly twinned: Set<number>
  /** Keys the checker does not treat as honest: twinned ones and the adversary's. */
  private readonly faulty: Set<number>
  private readonly adversary: Adversary | null = null
  private readonly realBls: boolean

  // network fault parameters (drawn from the seed)
  private delayMsMax = 20
  private dropP = 0
  private dupP = 0
  private persistCrashP = 0
  private crashesLeft = 0
  private partitioned = false
  /** Share of faulty keys' messages that are mutated (0 in positive-control runs: pure equivocation). */
  private mutateP = 0
  private persistCount = 0
  private longDelayP = 0
  private oneWay = false
  /** Messages whose encoding exceeds this are dropped (a transport frame cap); Infinity: no cap. */
  private frameBytesMax = Infinity
  private tornTailP = 0
  private fsyncErrorP = 0
  private corruptP = 0
  private txValueBytesMax = 24

  // clients
  private txCounter = 0
  private readonly submitted: Uint8Array[] = []
  private finalTxs: string[] = []
  private settleDeadline = Infinity
  private livenessOk = false
  private healViewMax = 0
  private viewsToRecover = 0

  constructor(opts: SimOptions) {
    const twinsDefault =
      (opts.faults === 'twins' || opts.faults === 'all') && faultsTolerated(opts.replicas) >= 1
        ? 1
        : 0
    this.opts = {
      seed: opts.seed,
      replicas: opts.replicas,
      faults: opts.faults,
      byzantineTwins: opts.byzantineTwins ?? twinsDefault,
      faultPhaseMs: opts.faultPhaseMs ?? 8000,
      settleMsMax: opts.settleMsMax ?? 90_000,
      codecRoundTripP: opts.codecRoundTripP ?? 0.2,
      stopOnViolation: opts.stopOnViolation ?? true,
      crashAtPersist: opts.crashAtPersist ?? { index: -1, after: false },
      adversaries: opts.adversaries ?? [],
      blsEvery: opts.blsEvery ?? 0,
      treeBlocksMax: opts.treeBlocksMax ?? 0,
    }
    const n = this.opts.replicas
    if (!(n >= 1 && n <= 64)) throw new Error('replicas must be in 1..64')
    if (this.opts.byzantineTwins > n) throw new Error('byzantine-twins must be ≤ replicas')
    this.rng = new Prng(this.opts.seed)
    const k = this.opts.byzantineTwins
    const keys = this.rng.shuffle([...Array(n).keys()])
    this.twinned = new Set(keys.slice(0, k))
    this.faulty = new Set(this.twinned)
    const every = this.opts.blsEvery
    this.realBls = every > 0 && this.opts.seed % every === 0
    if (this.opts.adversaries.length > 0 && n > 1) {
      const index = keys[0]!
      this.faulty.add(index)
      const key = simCrypto(index, n, this.realBls)
      this.adversary = new Adversary(this.opts.adversaries, key, n, CHAIN_ID, this.rng)
    }
    const honest = [...Array(n).keys()].filter((i) => !this.faulty.has(i))
    this.checker = new Checker(honest, this.faulty.size <= faultsTolerated(n))
    // Small windows/batches in some seeds exercise catch-up from storage and multi-batch sync. The
    // tree is scaled down with the window: the config requires committedWindowBlocks ≥ treeBlocksMax
    // (one commit adopts at most the tree's uncommitted chain, and all of it must still be in the
    // window when its commit signatures arrive), and treeBlocksMax ≥ syncBatchMax + 8.
    const window0 = this.rng.pick([16, 64])
    const batch = this.rng.pick([3, 8, 32])
    const tree =
      this.opts.treeBlocksMax > 0 ? this.opts.treeBlocksMax : Math.max(window0, batch + 8)
    const window = Math.max(window0, tree)
    // A share of seeds caps frames the way the transport does (twice the block limit plus headroom),
    // with blocks small enough that sync responses must be cut by bytes to fit.
    const framed = this.opts.faults === 'all' && this.rng.chance(0.15)
    if (framed) {
      this.frameBytesMax = 3 * 1024
      this.txValueBytesMax = 200
    }
    if (this.opts.faults === 'all' && this.rng.chance(0.1)) this.opts.faultPhaseMs *= 3 // longer runs
    for (let i = 0; i < n; i++) {
      const cfg = {
        ...defaultConfig(CHAIN_ID, n, i),
        syncBatchMax: batch,
        committedWindowBlocks: window,
        ...(framed ? { blockBytesMax: 1024, syncBytesMax: 1024 } : {}),
        treeBlocksMax: tree,
      }
      this.cfgs.push(cfg)
    }
    let id = 0
    for (let i = 0; i < n; i++) {
      const copies = this.twinned.has(i) ? 2 : 1
      for (let c = 0; c < copies; c++) {
        this.instances.push({
          id: id++,
          index: i,
          twin: copies === 2,
          storage: new MemoryStorage(),
          app: new KvApp(),
          replica: null,
          incarnation: 0,
          group: c,
          restartQueued: false,
          nextTickAt: Infinity,
          signedPending: [],
          clockOffsetMs: this.rng.int(-300, 300),
          pausedUntil: 0,
        })
      }
    }
    this.drawFaultParameters()
  }

  private has(mode: 'crash' | 'partition' | 'twins'): boolean {
    return this.opts.faults === mode || this.opts.faults === 'all'
  }

  private drawFaultParameters(): void {
    const r = this.rng
    this.delayMsMax = r.pick([2, 10, 30, 80])
    if (this.twinned.size > 0 && this.checker.faultsWithinBound)
      this.mutateP = r.pick([0, 0.05, 0.2])
    if (this.has('partition')) {
      this.dropP = r.pick([0, 0.01, 0.05, 0.15])
      this.dupP = r.pick([0, 0.02, 0.1])
    }
    if (this.opts.faults === 'all') {
      this.longDelayP = r.pick([0, 0.005, 0.03])
      this.tornTailP = r.pick([0, 0.5])
      this.fsyncErrorP = r.pick([0, 0.002])
      this.corruptP = r.pick([0, 0.3])
    }
    if (this.has('crash')) {
      this.persistCrashP = r.pick([0, 0.003, 0.01])
      this.crashesLeft = r.int(1, 6)
    }
  }

  async run(): Promise<SimResult> {
    // Boot every instance from empty storage.
    for (const inst of this.instances) await this.boot(inst)
    const T = this.opts.faultPhaseMs
    this.q.push(this.rng.int(10, 200), { kind: 'client' })
    if (this.has('crash')) {
      const crashes = this.rng.int(0, 4)
      for (let c = 0; c < crashes; c++)
        this.q.push(this.rng.int(0, T), {
          kind: 'crash',
          to: this.rng.int(0, this.instances.length - 1),
        })
    }
    const twinsSplit = this.twinned.size > 0
    if (this.has('partition') || twinsSplit) {
      const parts = this.rng.int(1, 3)
      for (let p = 0; p < parts; p++)
        this.q.push(this.rng.int(0, Math.floor(T * 0.7)), { kind: 'partition' })
    }
    if (this.opts.faults === 'all') {
      const jumps = this.rng.int(0, 3)
      for (let j = 0; j < jumps; j++)
        this.q.push(this.rng.int(0, T), {
          kind: 'clockJump',
          to: this.rng.int(0, this.instances.length - 1),
        })
    }
    this.q.push(T, { kind: 'phaseEnd' })

    while (this.q.size > 0 && this.phase !== 'done') {
      if (this.steps++ > STEPS_MAX) {
        this.checker.violate('step-limit', `more than ${STEPS_MAX} steps`, this.nowMs)
        break
      }
      const { t, ev } = this.q.pop()!
      this.nowMs = Math.max(this.nowMs, t)
      if (this.steps % BOUNDS_CHECK_STEPS === 0) this.checkBounds()
      try {
        await this.handle(ev)
      } catch (e) {
        // An assertion is a broken invariant of the core; any other exception out of a replica would
        // make a node exit (attack 2 was one): both are violations, never swallowed.
        const kind = e instanceof AssertionError ? 'assertion' : 'crash'
        this.checker.violate(kind, e instanceof Error ? e.message : String(e), this.nowMs)
        break
      }
      if (this.opts.stopOnViolation && this.checker.violations.length > 0) break
    }
    if (this.phase !== 'done' && this.checker.violations.length === 0) {
      this.checker.violate(
        'liveness',
        `simulation ended in phase ${this.phase} without completing`,
        this.nowMs
      )
    }
    return {
      seed: this.opts.seed,
      violations: this.checker.violations,
      commits: this.checker.maxHonestHeight(),
      committedTxs: this.checker.committedTxCount(),
      ackedTxs: this.checker.ackedCount(),
      viewsToRecover: this.viewsToRecover,
      steps: this.steps,
      virtualMs: this.nowMs,
      injected: this.adversary?.injected ?? 0,
      realBls: this.realBls,
    }
  }

  // ───────────────────────────── event handling ─────────────────────────────

  private async handle(ev: SimEvent): Promise<void> {
    switch (ev.kind) {
      case 'deliver': {
        const inst = this.instances[ev.to]!
        if (inst.replica === null || inst.incarnation !== ev.inc) return
        if (this.deferWhilePaused(inst, ev)) return
        let msg = ev.msg
        if (this.rng.chance(this.opts.codecRoundTripP)) {
          try {
            msg = decodeMsg(encodeMsg(msg))
          } catch (e) {
            if (e instanceof CodecError) return // a node drops malformed frames
            throw e
          }
        }
        this.exec(inst, inst.replica.onMessage(ev.from, msg, this.localNow(inst)))
        if (inst.index === this.adversary?.index && inst.replica !== null)
          for (const o of this.adversary.incoming(msg)) this.send(inst, o.to, o.msg)
        return
      }
      case 'tick': {
        const inst = this.instances[ev.to]!
        if (inst.replica === null || inst.incarnation !== ev.inc) return
        if (this.deferWhilePaused(inst, ev)) return
        if (inst.nextTickAt <= this.localNow(inst)) inst.nextTickAt = Infinity
        this.exec(inst, inst.replica.onTick(this.localNow(inst)))
        return
      }
      case 'clientTxs': {
        const inst = this.instances[ev.to]!
        if (inst.replica === null || inst.incarnation !== ev.inc) return
        if (this.deferWhilePaused(inst, ev)) return
        this.exec(inst, inst.replica.onClientTxs(ev.txs, this.localNow(inst)))
        return
      }
      case 'client':
        this.onClient()
        return
      case 'crash': {
        const inst = this.instances[ev.to]!
        if (inst.replica !== null && this.phase === 'faults') this.crash(inst)
        return
      }
      case 'restart': {
        const inst = this.instances[ev.to]!
        inst.restartQueued = false
        if (inst.replica === null) await this.boot(inst)
        return
      }
      case 'clockJump': {
        // A forward jump: timers far in the past fire at once. An honest instance's clock jumps
        // because the process was paused (VM pause, SIGSTOP): it keeps true time within the bounded
        // skew, so its blocks stay acceptable to the others (clockSkewMsMax). A permanent jump beyond
        // that skew would make the replica faulty (every peer refuses its proposals as "timestamp in
        // the future"), so only the faulty key's clock runs ahead for good.
        const inst = this.instances[ev.to]!
        if (this.phase !== 'faults') return
        const jumpMs = this.rng.int(500, 15_000)
        if (this.faulty.has(inst.index)) {
          inst.clockOffsetMs += jumpMs
          this.q.push(this.nowMs, { kind: 'tick', to: inst.id, inc: inst.incarnation })
        } else {
          inst.pausedUntil = Math.max(inst.pausedUntil, this.nowMs + jumpMs)
          this.q.push(inst.pausedUntil, { kind: 'tick', to: inst.id, inc: inst.incarnation })
        }
        return
      }
      case 'partition':
        if (this.phase === 'faults') this.partition()
        return
      case 'healPartition':
        this.healPartition()
        return
      case 'phaseEnd':
        await this.onPhaseEnd()
        return
      case 'check':
        await this.onCheck()
        return
    }
  }

  /** An event for a paused instance waits until it resumes (in order: same time, FIFO). */
  private deferWhilePaused(inst: Instance, ev: SimEvent): boolean {
    if (this.nowMs >= inst.pausedUntil) return false
    this.q.push(inst.pausedUntil, ev)
    return true
  }

  private localNow(inst: Instance): number {
    return Math.max(0, this.nowMs + inst.clockOffsetMs)
  }

  private async boot(inst: Instance): Promise<void> {
    inst.incarnation++
    inst.app = new KvApp()
    inst.nextTickAt = Infinity
    const cfg = this.cfgs[inst.index]!
    const crypto = new RecordingCrypto(
      simCrypto(inst.index, this.opts.replicas, this.realBls),
      (index, message) => {
        if (!this.faulty.has(index)) inst.signedPending.push(message)
      }
    )
    const replica = new Replica(cfg, crypto, inst.app)
    if (inst.incarnation > 1 && this.phase === 'faults' && this.rng.chance(this.corruptP))
      await this.refusesCorruptTip(inst)
    const persisted = await loadPersistedState(inst.storage, inst.app, CHAIN_ID)
    inst.replica = replica
    const tip = persisted.committedTail.at(-1)!
    this.checker.onRecovered(inst.id, inst.index, tip.header.height, toHex(tip.hash), this.nowMs)
    const actions = replica.onRecovered(persisted, this.localNow(inst))
    this.exec(inst, actions)
  }

  /**
   * Corrupts the durable committed tip block (its stored header no longer matches its height) and
   * checks that start-up refuses it; then restores the value, as an operator restores a backup.
   */
  private async refusesCorruptTip(inst: Instance): Promise<void> {
    const tip = inst.storage.getCommittedTipSync()
    const block = tip && inst.storage.getBlockSync(tip.hash)
    if (block === undefined) return
    const corrupt = { ...block, header: { ...block.header, height: block.header.height + 1 } }
    inst.storage.writeSync({ ops: [{ kind: 'putBlock', block: corrupt }], sync: true })
    try {
      await loadPersistedState(inst.storage, new KvApp(), CHAIN_ID)
      this.checker.violate(
        'storage',
        `instance ${inst.id} started on a corrupted block`,
        this.nowMs
      )
    } catch (e) {
      if (!(e instanceof CorruptStorageError)) throw e
    }
    inst.storage.writeSync({ ops: [{ kind: 'putBlock', block }], sync: true })
  }

  private crash(inst: Instance, keepUnsynced = 0): void {
    if (process.env['SIM_TRACE'] === '1') console.log(`${this.nowMs} crash inst ${inst.id}`)
    inst.replica = null
    inst.incarnation++
    inst.signedPending = []
    inst.pausedUntil = 0
    // A torn WAL tail: some of the writes not yet fsync'd reached the disk (a prefix, in order).
    const torn = keepUnsynced > 0 || this.rng.chance(this.tornTailP)
    inst.storage.crash(torn ? Math.max(keepUnsynced, this.rng.int(0, 8)) : 0)
    if (!inst.restartQueued) {
      inst.restartQueued = true
      this.q.push(this.nowMs + this.rng.int(50, 3000), { kind: 'restart', to: inst.id })
    }
  }

  /** Execute an action list in order, exactly as a node would. */
  private exec(inst: Instance, actions: Action[]): void {
    const honest = !this.faulty.has(inst.index)
    for (const a of actions) {
      if (inst.replica === null) return
      switch (a.kind) {
        case 'persist': {
          const k = this.persistCount++
          if (k === this.opts.crashAtPersist.index) {
            if (this.opts.crashAtPersist.after) inst.storage.writeSync(a.batch)
            this.crash(inst)
            return
          }
          if (a.batch.sync && this.phase === 'faults' && this.rng.chance(this.fsyncErrorP)) {
            // fsync failed: the batch reached the OS but maybe not the disk; the node exits.
            inst.storage.writeSync({ ...a.batch, sync: false })
            this.crash(inst, this.rng.chance(0.5) ? Infinity : 0)
            return
          }
          const crashHere =
            this.phase === 'faults' && this.crashesLeft > 0 && this.rng.chance(this.persistCrashP)
          if (crashHere && this.rng.chance(0.5)) {
            this.crashesLeft--
            this.crash(inst) // before the write: it never happened
            return
          }
          inst.storage.writeSync(a.batch)
          if (crashHere) {
            this.crashesLeft--
            this.crash(inst) // after the write: everything later in the list is lost
            return
          }
          for (const op of a.batch.ops)
            if (op.kind === 'putSafety') {
              const { lastVote, lastTimeout } = op.record
              if (lastVote !== null) this.releaseSigned(inst, lastVote)
              if (lastTimeout !== null) this.releaseSigned(inst, lastTimeout)
            }
          break
        }
        case 'send': {
          if (a.msg.kind === 'vote' || a.msg.kind === 'timeout') this.releaseSigned(inst, a.msg)
          if (honest) this.checker.onSend(inst.index, a.msg, this.nowMs)
          // Faulty keys also lie: a fraction of their messages is mutated (sim/byzantine.ts).
          const msg = !honest && this.rng.chance(this.mutateP) ? mutate(a.msg, this.rng) : a.msg
          if (inst.index === this.adversary?.index)
            for (const o of this.adversary.outgoing(a.to, msg)) this.send(inst, o.to, o.msg)
          else this.send(inst, a.to, msg)
          break
        }
        case 'commit':
          this.checker.onCommit(inst.id, inst.index, a.blocks, this.nowMs)
          break
        case 'certified':
          this.checker.onCertified(a.cert, inst.storage.getBlockSync(a.cert.blockHash), this.nowMs)
          break
        case 'setTimer':
          if (a.atMs < inst.nextTickAt) {
            inst.nextTickAt = a.atMs
            this.q.push(Math.max(a.atMs - inst.clockOffsetMs, this.nowMs), {
              kind: 'tick',
              to: inst.id,
              inc: inst.incarnation,
            })
          }
          break
        case 'serveSyncFromStorage':
          this.send(
            inst,
            a.to,
            buildSyncResponseSync(
              inst.storage,
              a.req,
              this.cfgs[inst.index]!.syncBatchMax,
              this.cfgs[inst.index]!.syncBytesMax
            )
          )
          break
        case 'txAdmission':
          break
        case 'alarm':
          if (honest && this.checker.faultsWithinBound)
            this.checker.violate('alarm', `replica ${inst.id}: ${a.reason}`, this.nowMs)
          break
      }
    }
    this.releaseSigned(inst)
  }

  /** Hands the pending signatures up to the one of `upTo` (default: all) to the checker. */
  /** Every pool within the bound its config sets (issue #12: per-author, windowed pools). */
  private checkBounds(): void {
    for (const inst of this.honestInstances()) {
      if (inst.replica === null) continue
      const s = inst.replica.status()
      const c = this.cfgs[inst.index]!
      const n = this.opts.replicas
      const over = [
        s.treeBlocks > c.treeBlocksMax && `tree ${s.treeBlocks} > ${c.treeBlocksMax}`,
        s.orphans > c.orphanBlocksMax && `orphans ${s.orphans} > ${c.orphanBlocksMax}`,
        s.pooledVotes > n * (c.voteViewsAheadMax + 2) && `votes ${s.pooledVotes}`,
        s.pooledCommitSigs > n * (c.committedWindowBlocks + c.commitSigHeightsAheadMax) &&
          `commit signatures ${s.pooledCommitSigs}`,
      ].filter((x) => x !== false)
      if (over.length > 0)
        this.checker.violate('bounds', `instance ${inst.id}: ${over.join(', ')}`, this.nowMs)
    }
  }

  private releaseSigned(inst: Instance, upTo?: VoteMsg | TimeoutMsg): void {
    if (inst.replica === null) return
    let end = inst.signedPending.length
    if (upTo !== undefined) {
      const m =
        upTo.kind === 'vote'
          ? voteSigningMessage(upTo.height, upTo.view, upTo.blockHash)
          : timeoutSigningMessage(CHAIN_ID, upTo.view, upTo.highQc.view)
      while (end > 0 && !bytesEqual(inst.signedPending[end - 1]!, m)) end--
    }
    for (const m of inst.signedPending.slice(0, end))
      this.checker.onSigned(inst.index, m, this.nowMs)
    inst.signedPending = inst.signedPending.slice(end)
  }

  private send(from: Instance, to: number | 'all', msg: ConsensusMsg): void {
    if (msg.kind === 'proposal') this.checker.onProposalSent(msg)
    if (this.tooBigForFrame(msg)) return
    for (const dst of this.instances) {
      if (dst.id === from.id) continue
      if (to === 'all' ? dst.index === from.index : dst.index !== to) continue
      if (this.cut(from, dst)) continue
      if (this.rng.chance(this.dropP)) continue
      const copies = this.rng.chance(this.dupP) ? 2 : 1
      for (let c = 0; c < copies; c++) {
        const late = this.phase === 'faults' && this.rng.chance(this.longDelayP)
        const t = this.nowMs + (late ? this.rng.int(500, 5000) : this.rng.int(1, this.delayMsMax))
        this.q.push(t, { kind: 'deliver', to: dst.id, inc: dst.incarnation, from: from.index, msg })
      }
    }
  }

  /** Only blocks travel in big messages; everything else is far below any frame cap. */
  private tooBigForFrame(msg: ConsensusMsg): boolean {
    if (this.frameBytesMax === Infinity) return false
    if (msg.kind !== 'proposal' && msg.kind !== 'syncResponse') return false
    return encodeMsg(msg).length > this.frameBytesMax
  }

  /** A partition cuts both ways, or (one-way) only from group 1 to group 0. */
  private cut(from: Instance, dst: Instance): boolean {
    if (!this.partitioned || from.group === dst.group) return false
    return !this.oneWay || (from.group === 1 && dst.group === 0)
  }

  // ───────────────────────────── clients ─────────────────────────────

  private newTx(): Uint8Array {
    const i = this.txCounter++
    return encodeKvTx(
      `k${this.opts.seed}-${i}`,
      this.rng.bytes(this.rng.int(0, this.txValueBytesMax))
    )
  }

  private submit(txs: Uint8Array[]): void {
    for (const inst of this.instances) {
      if (inst.replica === null) continue
      this.q.push(this.nowMs + this.rng.int(0, 5), {
        kind: 'clientTxs',
        to: inst.id,
        inc: inst.incarnation,
        txs,
      })
    }
  }

  private onClient(): void {
    if (this.phase !== 'faults') return
    const txs: Uint8Array[] = []
    const k = this.rng.int(1, 3)
    for (let i = 0; i < k; i++) {
      const tx = this.newTx()
      this.submitted.push(tx)
      this.checker.onSubmitted(tx)
      txs.push(tx)
    }
    if (this.submitted.length > 0 && this.rng.chance(0.05)) txs.push(this.rng.pick(this.submitted)) // retry
    if (this.rng.chance(0.03)) txs.push(encodeKvTx('', new Uint8Array([1]))) // invalid: empty key
    this.submit(txs)
    this.q.push(this.nowMs + this.rng.int(100, 600), { kind: 'client' })
  }

  // ───────────────────────────── faults ─────────────────────────────

  private partition(): void {
    if (this.partitioned) return
    this.partitioned = true
    const n = this.opts.replicas
    const r = this.rng
    this.oneWay = this.opts.faults === 'all' && r.chance(0.3)
    if (this.twinned.size > 0 && (this.opts.faults === 'twins' || r.chance(0.7))) {
      // Twins schedule: each twin pair split across the halves; honest replicas spread evenly at random,
      // so that with more than f twinned keys both halves can hold a quorum of distinct keys.
      const honest = r.shuffle(this.instances.filter((x) => !x.twin))
      honest.forEach((inst, i) => (inst.group = i % 2))
      for (const inst of this.instances) {
        if (inst.twin)
          inst.group = inst.id === this.instances.find((x) => x.index === inst.index)!.id ? 0 : 1
      }
    } else if (r.chance(0.5)) {
      const victim = r.int(0, n - 1)
      for (const inst of this.instances) inst.group = inst.index === victim ? 1 : 0
    } else {
      for (const inst of this.instances) inst.group = r.int(0, 1)
    }
    this.q.push(this.nowMs + r.int(this.twinned.size > 0 ? 1500 : 300, 4000), {
      kind: 'healPartition',
    })
  }

  private healPartition(): void {
    this.partitioned = false
  }

  private async onPhaseEnd(): Promise<void> {
    this.phase = 'settle'
    this.partitioned = false
    this.dropP = 0
    this.dupP = 0
    for (const inst of this.instances) {
      if (inst.replica === null) await this.boot(inst)
    }
    // Final txs: every honest replica must commit them (liveness after heal).
    const txs = [this.newTx(), this.newTx(), this.newTx()]
    for (const tx of txs) this.checker.onSubmitted(tx)
    this.finalTxs = txs.map(txHash)
    this.submit(txs)
    this.settleDeadline = this.nowMs + this.opts.settleMsMax
    this.checker.onHeal(this.nowMs)
    this.healViewMax = Math.max(...this.honestInstances().map((i) => i.replica?.currentView ?? 0))
    this.q.push(this.nowMs + 500, { kind: 'check' })
  }

  private honestInstances(): Instance[] {
    return this.instances.filter((i) => !this.faulty.has(i.index))
  }

  private async onCheck(): Promise<void> {
    if (this.phase === 'settle') {
      const hs = this.honestInstances()
      const allCommitted =
        hs.every((i) => this.finalTxs.every((h) => i.storage.getTxSync(h) !== undefined)) &&
        this.finalTxs.every((h) => this.checker.isAcked(h))
      const tips = new Set(
        hs.map((i) =>
          i.replica ? `${i.replica.committedHeight}:${i.replica.status().committedHash}` : 'down'
        )
      )
      if (allCommitted && tips.size === 1) {
        this.livenessOk = true
        this.checker.onLive(this.nowMs)
        this.viewsToRecover =
          Math.max(...hs.map((i) => i.replica?.currentView ?? 0)) - this.healViewMax
        if (this.viewsToRecover > VIEWS_TO_RECOVER_MAX) {
          this.checker.violate(
            'liveness',
            `${this.viewsToRecover} views to recover after heal (bound ${VIEWS_TO_RECOVER_MAX})`,
            this.nowMs
          )
        }
        // Durability: power-cut every honest replica at once, then restart them all.
        this.phase = 'durability'
        this.checker.onPowerCut()
        for (const inst of hs) this.crash(inst)
        for (const inst of hs) {
          inst.restartQueued = false
          await this.boot(inst)
        }
        this.checker.checkDurability(
          hs.map((i) => ({ id: i.id, storage: i.storage })),
          this.nowMs
        )
        this.q.push(this.nowMs + 2000, { kind: 'check' })
        return
      }
      if (this.nowMs >= this.settleDeadline) {
        const detail = hs
          .map((i) =>
            i.replica
              ? `r${i.id}:h${i.replica.committedHeight}/v${i.replica.currentView}`
              : `r${i.id}:down`
          )
          .join(' ')
        this.checker.violate(
          'liveness',
          `no agreement on final txs ${this.opts.settleMsMax} ms after heal (${detail})`,
          this.nowMs
        )
        this.phase = 'done'
        return
      }
      this.q.push(this.nowMs + 500, { kind: 'check' })
      return
    }
    if (this.phase === 'durability') {
      this.checker.checkDurability(
        this.honestInstances().map((i) => ({ id: i.id, storage: i.storage })),
        this.nowMs
      )
      this.phase = 'done'
    }
  }

  get live(): boolean {
    return this.livenessOk
  }
}

export async function runSeed(opts: SimOptions): Promise<SimResult> {
  return new Simulation(opts).run()
}
