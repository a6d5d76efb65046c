/**
 * Seeded deterministic simulator of a ledger-node cluster (VOPR / Twins style).
 *
 * n replicas (plus twin instances) run the real consensus core and kv app in one process over an
 * in-memory network driven by one seeded PRNG and a virtual clock. Faults: message drop, delay,
 * reordering, duplication; partitions and heals; crash (losing unsynced writes) and restart, including
 * crashes exactly at persistence boundaries (before or after a `persist` action, dropping the rest of the
 * action list); twins (two instances sharing one key, placed in different partitions — Bano et al.,
 * OPODIS 2021). The same seed always replays the same run.
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
import { FakeCrypto } from '../consensus/crypto.js'
import { AssertionError, Replica } from '../consensus/replica.js'
import { buildSyncResponseSync } from '../consensus/sync.js'
import type { Action, ConsensusMsg } from '../consensus/types.js'
import { toHex } from '../crypto/hash.js'
import { loadPersistedState } from '../storage/load.js'
import { MemoryStorage } from '../storage/memory.js'
import { Checker, type Violation } from './checker.js'
import { mutate } from './byzantine.js'
import { Prng } from './prng.js'

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
  /** This instance's clock = simulator clock + offset (bounded skew, constant so it stays monotonic). */
  readonly clockOffsetMs: number
}

type SimEvent =
  | { kind: 'deliver'; to: number; inc: number; from: number; msg: ConsensusMsg }
  | { kind: 'tick'; to: number; inc: number }
  | { kind: 'clientTxs'; to: number; inc: number; txs: Uint8Array[] }
  | { kind: 'client' }
  | { kind: 'crash'; to: number }
  | { kind: 'restart'; to: number }
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
/** Bound on views between heal and all honest replicas agreeing on the final txs. */
const VIEWS_TO_RECOVER_MAX = 100

export class Simulation {
  readonly opts: Required<SimOptions>
  private readonly rng: Prng
  private readonly q = new EventQueue()
  private readonly instances: Instance[] = []
  private readonly checker: Checker
  private nowMs = 0
  private steps = 0
  private phase: 'faults' | 'settle' | 'durability' | 'done' = 'faults'
  private readonly cfgs: ConsensusConfig[] = []
  private readonly twinned: Set<number>

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
    }
    const n = this.opts.replicas
    if (!(n >= 1 && n <= 64)) throw new Error('replicas must be in 1..64')
    if (this.opts.byzantineTwins > n) throw new Error('byzantine-twins must be ≤ replicas')
    this.rng = new Prng(this.opts.seed)
    const k = this.opts.byzantineTwins
    this.twinned = new Set(this.rng.shuffle([...Array(n).keys()]).slice(0, k))
    const honest = [...Array(n).keys()].filter((i) => !this.twinned.has(i))
    this.checker = new Checker(honest, this.twinned.size <= faultsTolerated(n))
    // Small windows/batches in some seeds exercise catch-up from storage and multi-batch sync.
    const window = this.rng.pick([4, 16, 64])
    const batch = this.rng.pick([3, 8, 32])
    for (let i = 0; i < n; i++) {
      const cfg = {
        ...defaultConfig(CHAIN_ID, n, i),
        syncBatchMax: batch,
        committedWindowBlocks: window,
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
          clockOffsetMs: this.rng.int(-300, 300),
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
    this.q.push(T, { kind: 'phaseEnd' })

    while (this.q.size > 0 && this.phase !== 'done') {
      if (this.steps++ > STEPS_MAX) {
        this.checker.violate('step-limit', `more than ${STEPS_MAX} steps`, this.nowMs)
        break
      }
      const { t, ev } = this.q.pop()!
      this.nowMs = Math.max(this.nowMs, t)
      try {
        await this.handle(ev)
      } catch (e) {
        if (e instanceof AssertionError) {
          this.checker.violate('assertion', e.message, this.nowMs)
          break
        }
        throw e
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
    }
  }

  // ───────────────────────────── event handling ─────────────────────────────

  private async handle(ev: SimEvent): Promise<void> {
    switch (ev.kind) {
      case 'deliver': {
        const inst = this.instances[ev.to]!
        if (inst.replica === null || inst.incarnation !== ev.inc) return
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
        return
      }
      case 'tick': {
        const inst = this.instances[ev.to]!
        if (inst.replica === null || inst.incarnation !== ev.inc) return
        if (inst.nextTickAt <= this.localNow(inst)) inst.nextTickAt = Infinity
        this.exec(inst, inst.replica.onTick(this.localNow(inst)))
        return
      }
      case 'clientTxs': {
        const inst = this.instances[ev.to]!
        if (inst.replica === null || inst.incarnation !== ev.inc) return
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

  private localNow(inst: Instance): number {
    return Math.max(0, this.nowMs + inst.clockOffsetMs)
  }

  private async boot(inst: Instance): Promise<void> {
    inst.incarnation++
    inst.app = new KvApp()
    inst.nextTickAt = Infinity
    const cfg = this.cfgs[inst.index]!
    const replica = new Replica(cfg, new FakeCrypto(inst.index, this.opts.replicas), inst.app)
    const persisted = await loadPersistedState(inst.storage, inst.app, CHAIN_ID)
    inst.replica = replica
    const tip = persisted.committedTail.at(-1)!
    this.checker.onRecovered(inst.id, inst.index, tip.header.height, toHex(tip.hash), this.nowMs)
    const actions = replica.onRecovered(persisted, this.localNow(inst))
    this.exec(inst, actions)
  }

  private crash(inst: Instance): void {
    if (process.env['SIM_TRACE'] === '1') console.log(`${this.nowMs} crash inst ${inst.id}`)
    inst.replica = null
    inst.incarnation++
    inst.storage.crash()
    if (!inst.restartQueued) {
      inst.restartQueued = true
      this.q.push(this.nowMs + this.rng.int(50, 3000), { kind: 'restart', to: inst.id })
    }
  }

  /** Execute an action list in order, exactly as a node would. */
  private exec(inst: Instance, actions: Action[]): void {
    const honest = !this.twinned.has(inst.index)
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
          break
        }
        case 'send': {
          if (honest) this.checker.onSend(inst.index, a.msg, this.nowMs)
          // Faulty keys also lie: a fraction of their messages is mutated (sim/byzantine.ts).
          const msg = !honest && this.rng.chance(this.mutateP) ? mutate(a.msg, this.rng) : a.msg
          this.send(inst, a.to, msg)
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
  }

  private send(from: Instance, to: number | 'all', msg: ConsensusMsg): void {
    for (const dst of this.instances) {
      if (dst.id === from.id) continue
      if (to === 'all' ? dst.index === from.index : dst.index !== to) continue
      if (from.group !== dst.group && this.partitioned) continue
      if (this.rng.chance(this.dropP)) continue
      const copies = this.rng.chance(this.dupP) ? 2 : 1
      for (let c = 0; c < copies; c++) {
        const t = this.nowMs + this.rng.int(1, this.delayMsMax)
        this.q.push(t, { kind: 'deliver', to: dst.id, inc: dst.incarnation, from: from.index, msg })
      }
    }
  }

  // ───────────────────────────── clients ─────────────────────────────

  private newTx(): Uint8Array {
    const i = this.txCounter++
    return encodeKvTx(`k${this.opts.seed}-${i}`, this.rng.bytes(this.rng.int(0, 24)))
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
    return this.instances.filter((i) => !this.twinned.has(i.index))
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
