import { approxRatio } from './mes_approx.js'
import type { MesInstance } from './mes_instance.js'

/*
 * Voter money classes of one equal-shares run.
 *
 * Every amount is a BigInt in one internal unit: `scale` internal units make one currency unit.
 * Voters with the same money form one class (voters who supported the same selected projects always
 * do); a ballot group (identical ballots) is in one class at a time, so a project's supporters are
 * counted per class by walking its ballot groups (`gather`).
 *
 * A class holds its money v at t = 0 and, in sweeps, the slopes of its bounds
 * lo(t) = v + lo·t ≤ money ≤ v + hi·t = hi(t) in the endowment increase t (both 0 otherwise); class 0
 * is the zero class. The doubles (currency units) are for filtering and do not change with the unit.
 *
 * Refinements of the unit (`refine`) reach a class's BigInt values lazily, when they are next used
 * (`catchUp`): each class remembers the unit its values are in, so one multiplication catches up.
 */
export class MoneyClasses {
  /** Internal units per currency unit. */
  scale: bigint
  readonly value: bigint[] = [0n]
  readonly loSlope: bigint[] = [0n]
  readonly hiSlope: bigint[] = [0n]
  readonly approx: number[] = [0]
  readonly loApprox: number[] = [0]
  readonly hiApprox: number[] = [0]
  /** The class every voter starts in. */
  readonly start: number
  /** The class of each ballot group. */
  readonly groupClass: Int32Array
  /** Set after the first payment; before it every supporter is in the starting class. */
  paidYet = false
  /** After `gather`: the classes of the gathered supporters and how many are in each. */
  readonly touched: number[] = []
  perClass = new Int32Array(1024)

  private readonly unitOf: number[] = [0]
  private readonly unitHistory: bigint[]
  private readonly factors = new Map<number, bigint>()
  private moveTo = new Int32Array(1024).fill(-1)

  /**
   * `startMoney` and `startSlope` in internal units of `scale`; `sweep` chooses how payments merge
   * the classes they make (see `classOf`).
   */
  constructor(
    private readonly inst: MesInstance,
    scale: bigint,
    private readonly sweep: boolean,
    startMoney: bigint,
    startSlope: bigint
  ) {
    this.scale = scale
    this.unitHistory = [scale]
    this.start = this.classOf(startMoney, startSlope, startSlope)
    this.groupClass = new Int32Array(inst.groupMembers.length).fill(this.start)
  }

  get size(): number {
    return this.value.length
  }

  /**
   * The class of money (v, lo, hi), new unless `merge` (one payment's map) already has it. A plain
   * run merges the classes a payment makes with equal money; a sweep merges only the capped ones
   * (nothing at t = 0, at most hi·t later), by hi rounded up to a power of two: a slightly looser
   * bound on small amounts, and far fewer classes to count. Classes from different payments are not
   * merged: equal money there is a coincidence, and a map kept across payments would have to be
   * rebuilt at every refinement of the unit.
   */
  classOf(v: bigint, lo: bigint, hi: bigint, merge?: Map<bigint, number>): number {
    if (v === 0n && lo === 0n) {
      if (hi === 0n) return 0
      hi = 1n << BigInt(hi.toString(2).length)
    }
    const key = this.sweep ? hi : v
    const merged = !this.sweep || (v === 0n && lo === 0n) ? merge : undefined
    let id = merged?.get(key)
    if (id === undefined) {
      id = this.value.length
      this.value.push(v)
      this.loSlope.push(lo)
      this.hiSlope.push(hi)
      this.approx.push(approxRatio(v, this.scale))
      this.loApprox.push(approxRatio(lo, this.scale))
      this.hiApprox.push(approxRatio(hi, this.scale))
      this.unitOf.push(this.unitHistory.length - 1)
      merged?.set(key, id)
    }
    return id
  }

  /** Multiplies the unit by f (classes catch up when next used). */
  refine(f: bigint): void {
    this.scale *= f
    this.unitHistory.push(this.scale)
    this.factors.clear()
  }

  /** Brings c's BigInt values into the current unit. */
  catchUp(c: number): void {
    const at = this.unitOf[c]
    const now = this.unitHistory.length - 1
    if (at === now) return
    let f = this.factors.get(at)
    if (f === undefined) this.factors.set(at, (f = this.scale / this.unitHistory[at]))
    this.value[c] *= f
    this.loSlope[c] *= f
    this.hiSlope[c] *= f
    this.unitOf[c] = now
  }

  /**
   * Counts p's supporters with money per class into `touched` / `perClass` (the zero class is left
   * out); `exactValues` also brings their classes into the current unit. `release` must follow.
   */
  gather(p: number, exactValues = false): void {
    if (this.perClass.length < this.value.length)
      this.perClass = new Int32Array(Math.max(this.value.length, this.perClass.length * 2))
    const touched = this.touched
    const perClass = this.perClass
    touched.length = 0
    if (!this.paidYet) {
      touched.push(this.start)
      perClass[this.start] = this.inst.approvers[p]
      if (exactValues) this.catchUp(this.start)
      return
    }
    const groupClass = this.groupClass
    const weight = this.inst.groupWeight
    for (const g of this.inst.projectGroups[p]) {
      const c = groupClass[g]
      if (c === 0) continue
      if (perClass[c] === 0) touched.push(c)
      perClass[c] += weight[g]
    }
    if (exactValues) for (const c of touched) this.catchUp(c)
  }

  release(): void {
    for (const c of this.touched) this.perClass[c] = 0
  }

  /** Number of gathered supporters. */
  supporters(): number {
    let n = 0
    for (const c of this.touched) n += this.perClass[c]
    return n
  }

  /** Prepares a payment by gathered p's supporters: each touched class gets a target (`moveClass`). */
  beginMoves(): void {
    if (this.moveTo.length < this.value.length)
      this.moveTo = new Int32Array(Math.max(this.value.length, this.moveTo.length * 2)).fill(-1)
  }

  moveClass(from: number, to: number): void {
    this.moveTo[from] = to
  }

  /** Moves p's ballot groups (p gathered) to the targets given by `moveClass`. */
  moveGroups(p: number): void {
    const moveTo = this.moveTo
    const groupClass = this.groupClass
    for (const g of this.inst.projectGroups[p]) {
      const from = groupClass[g]
      const to = moveTo[from]
      if (to < 0 || to === from) continue
      groupClass[g] = to
    }
    for (const c of this.touched) moveTo[c] = -1
  }
}
