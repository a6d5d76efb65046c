import { FILTER_MARGIN, approxRatio } from './mes_approx.js'
import type { MesInstance } from './mes_instance.js'
import type { MoneyClasses } from './mes_money_classes.js'

/*
 * ρ-evaluation of the candidates of one equal-shares run, exact where it decides.
 *
 * A project's ρ is q / cost, q the smallest per-supporter cap with Σ min(money, q) = cost: the
 * classes with money ≤ q are capped (pay all they have), the others share the rest equally.
 * Doubles guess the capped set and decide ρ and affordability when their margin is wide (relative
 * FILTER_MARGIN against errors of ~1e-15); otherwise, and for every winner and every near-tie, the
 * exact BigInt values are computed (the guessed capped set is confirmed exactly, else the exact
 * fixed-point search runs), so every decision is exact.
 *
 * Laziness: money only shrinks during a run, so a project's ρ only grows and a ρ computed in an
 * earlier round is a lower bound. `chooseWinner` re-evaluates only the apparent best until it is up
 * to date; the driver marks `dirty` the projects sharing a voter with the last winner.
 */

export const CANDIDATE = 0
export const SELECTED = 1
/** Its supporters hold less than its cost: out for good. */
export const OUT = 2
export const NO_SUPPORT = 3

/** What evaluation needs of a sweep (mes_sweep.ts). */
export interface SweepWatch {
  /** The last endowment increase t still proven (0: no bounds to keep). */
  readonly limit: bigint
  /**
   * p's gathered supporters (values caught up) hold `short` less than its cost at t = 0: the sweep
   * bounds when hi money could afford it.
   */
  watchUnaffordable(p: number, short: bigint): void
}

export class Evaluations {
  readonly status: Uint8Array
  /** Must be re-evaluated before it can win (its supporters may have paid since). */
  readonly dirty: Uint8Array
  /** rN, rD, rS, qN, qD, allCapped are current (else only the doubles rF, sF are). */
  readonly exact: Uint8Array
  /** ρ = rN / rD at t = 0 (a lower bound while dirty). */
  readonly rN: bigint[]
  readonly rD: bigint[]
  /** Sweeps: (rN + rS·t) / rD bounds ρ from below for every t of the range. */
  readonly rS: bigint[]
  readonly rF: Float64Array
  readonly sF: Float64Array
  /** The cap at t = 0, qN / qD in internal units (rescaled by `refine`). */
  readonly qN: bigint[]
  readonly qD: bigint[]
  /** Its supporters hold exactly its cost: all pay all they have. */
  readonly allCapped: Uint8Array
  /** Number of evaluations so far (a scan that caused one must be redone). */
  evaluations = 0

  /**
   * `costs`: per project in internal units, shared with the driver and the sweep (`refine` rescales
   * it in place); `sweep`: null in plain runs.
   */
  constructor(
    private readonly inst: MesInstance,
    private readonly classes: MoneyClasses,
    readonly costs: bigint[],
    private readonly sweep: SweepWatch | null
  ) {
    const count = inst.ids.length
    this.status = new Uint8Array(count)
    for (let p = 0; p < count; p++) if (inst.approvers[p] === 0) this.status[p] = NO_SUPPORT
    this.dirty = new Uint8Array(count).fill(1)
    this.exact = new Uint8Array(count)
    this.rN = new Array(count).fill(0n)
    this.rS = new Array(count).fill(0n)
    this.rD = new Array(count).fill(1n)
    this.rF = new Float64Array(count)
    this.sF = new Float64Array(count)
    this.qN = new Array(count).fill(0n)
    this.qD = new Array(count).fill(1n)
    this.allCapped = new Uint8Array(count)
  }

  private bounding(): boolean {
    return this.sweep !== null && this.sweep.limit > 0n
  }

  /** Multiplies the internal unit by f (the classes are refined by the driver). */
  refine(f: bigint): void {
    const { costs, qN } = this
    for (let p = 0; p < costs.length; p++) {
      costs[p] *= f
      qN[p] *= f
    }
  }

  /**
   * Evaluates p with the money of this round: its ρ as rF (in sweeps also sF, the slope of its
   * lower bound), or OUT, by doubles whenever they decide with a wide margin; the exact values with
   * `wantExact` or when doubles cannot decide.
   */
  evaluate(p: number, wantExact = false): void {
    this.evaluations++
    this.dirty[p] = 0
    const costF = this.inst.costsApprox[p]
    if (this.costs[p] === 0n) {
      this.rN[p] = 0n
      this.rS[p] = 0n
      this.rD[p] = 1n
      this.rF[p] = 0
      this.sF[p] = 0
      this.qN[p] = 0n
      this.qD[p] = 1n
      this.allCapped[p] = 0
      this.exact[p] = 1
      return
    }
    const classes = this.classes
    classes.gather(p)
    const { touched, perClass, approx, hiApprox } = classes
    const supporters = classes.supporters()
    // Guess the capped set with doubles.
    let restF = costF
    let kF = supporters
    let qF = restF / kF
    let converged = false
    for (let pass = 0; pass < 64 && kF > 0; pass++) {
      let r = costF
      let kk = supporters
      for (const c of touched) {
        if (approx[c] <= qF) {
          r -= perClass[c] * approx[c]
          kk -= perClass[c]
        }
      }
      if (kk === kF) {
        converged = true
        break
      }
      kF = kk
      restF = r
      qF = kF > 0 ? restF / kF : Infinity
    }
    if (!wantExact && (converged || kF === 0)) {
      const bounding = this.bounding()
      let held = 0
      let heldHi = 0
      let cappedHi = 0
      for (const c of touched) {
        held += perClass[c] * approx[c]
        if (bounding) {
          heldHi += perClass[c] * hiApprox[c]
          if (approx[c] <= qF) cappedHi += perClass[c] * hiApprox[c]
        }
      }
      const short = costF - held
      const margin = costF * FILTER_MARGIN
      if (short > margin) {
        // Unaffordable; a sweep also needs it to stay so over the whole range, or to watch it.
        const lasts =
          heldHi === 0 || (short / heldHi) * (1 - FILTER_MARGIN) - 1 >= Number(this.sweep!.limit)
        if (!bounding || lasts) {
          classes.release()
          this.status[p] = OUT
          return
        }
      } else if (short < -margin && kF > 0) {
        classes.release()
        this.rF[p] = restF / kF / costF
        this.sF[p] = -cappedHi / kF / costF
        this.allCapped[p] = 0
        this.exact[p] = 0
        return
      }
    }
    this.evaluateExactly(p, qF)
  }

  /** The exact part of `evaluate` (supporters gathered; qF: the doubles' guess of the cap). */
  private evaluateExactly(p: number, qF: number): void {
    const classes = this.classes
    const { touched, perClass, value, approx, hiSlope } = classes
    for (const c of touched) classes.catchUp(c)
    const cost = this.costs[p]
    const supporters = classes.supporters()
    let rest = cost
    let k = supporters
    // Exact check of the guess {money ≤ qF}; if it fails, the exact fixed-point iteration.
    let guessed = false
    {
      let restX = cost
      let kX = supporters
      let maxCapped = -1n
      let minFree = -1n
      for (const c of touched) {
        const v = value[c]
        if (approx[c] <= qF) {
          restX -= BigInt(perClass[c]) * v
          kX -= perClass[c]
          if (v > maxCapped) maxCapped = v
        } else if (minFree < 0n || v < minFree) {
          minFree = v
        }
      }
      if (kX === 0) {
        guessed = restX >= 0n
      } else {
        const kb = BigInt(kX)
        guessed = (maxCapped < 0n || maxCapped * kb <= restX) && minFree * kb > restX
      }
      if (guessed) {
        rest = restX
        k = kX
      }
    }
    // From below: q only grows, so the capped set only grows.
    let cappedCount = -1
    while (!guessed) {
      let restNext = cost
      let kNext = supporters
      let capped = 0
      const kb = BigInt(k)
      for (const c of touched) {
        if (k === 0 || value[c] * kb <= rest) {
          restNext -= BigInt(perClass[c]) * value[c]
          kNext -= perClass[c]
          capped++
        }
      }
      rest = restNext
      k = kNext
      if (capped === cappedCount || kNext === 0) break
      cappedCount = capped
    }
    // The capped set is now {money · k ≤ rest} (all supporters when k = 0); a confirmed guess
    // {money ≤ qF} is the same set. Sweeps bound ρ from below with that split and hi money.
    const kb = BigInt(k)
    const isCapped = (c: number) => (guessed ? approx[c] <= qF : k === 0 || value[c] * kb <= rest)
    let cappedHi = 0n
    if (this.bounding()) {
      for (const c of touched) if (isCapped(c)) cappedHi += BigInt(perClass[c]) * hiSlope[c]
      // Supporters hold less than the cost now; later they may afford it.
      if (k === 0 && rest > 0n) this.sweep!.watchUnaffordable(p, rest)
    }
    let top = 0n
    for (const c of touched) if (value[c] > top) top = value[c]
    classes.release()
    if (k === 0 && rest > 0n) {
      this.status[p] = OUT
      return
    }
    this.exact[p] = 1
    if (k === 0) {
      // Supporters hold exactly the cost: everybody pays everything, q = the largest holding.
      this.allCapped[p] = 1
      this.qN[p] = top
      this.qD[p] = 1n
      this.rN[p] = top
      this.rS[p] = 0n
      this.rD[p] = cost
      this.rF[p] = approxRatio(top, cost)
      this.sF[p] = 0
    } else {
      const rD = kb * cost
      this.allCapped[p] = 0
      this.qN[p] = rest
      this.qD[p] = kb
      this.rN[p] = rest
      this.rS[p] = -cappedHi
      this.rD[p] = rD
      this.rF[p] = approxRatio(rest, rD)
      this.sF[p] = cappedHi === 0n ? 0 : -approxRatio(cappedHi, rD)
    }
  }

  ensureExact(p: number): void {
    if (!this.exact[p]) this.evaluate(p, true)
  }

  /** Does p (at its current, possibly stale, ρ) lose against b? Near-ties are decided exactly. */
  loses(p: number, b: number): boolean {
    const x = this.rF[p]
    const y = this.rF[b]
    if (x > y * (1 + FILTER_MARGIN)) return true
    if (x < y * (1 - FILTER_MARGIN)) return false
    this.ensureExact(p)
    this.ensureExact(b)
    if (this.status[p] !== CANDIDATE) return true
    if (this.status[b] !== CANDIDATE) return false
    const l = this.rN[p] * this.rD[b]
    const r = this.rN[b] * this.rD[p]
    return l > r || (l === r && this.inst.rank[p] > this.inst.rank[b])
  }

  /**
   * The candidate with the smallest ρ (ties by rank), its values exact and current; −1 if none.
   * A stale ρ is a lower bound, so the apparent best is re-evaluated until it is fresh: then it
   * beats every other (stale or fresh) key.
   */
  chooseWinner(): number {
    const count = this.status.length
    for (;;) {
      let best = -1
      const evaluated = this.evaluations
      for (let p = 0; p < count; p++) {
        if (this.status[p] !== CANDIDATE) continue
        if (best < 0 || !this.loses(p, best)) best = p
      }
      // An exact look at a near-tie changed keys during the scan: choose again.
      if (this.evaluations !== evaluated) continue
      if (best < 0) return -1
      if (!this.dirty[best]) {
        // Fresh, so its exact values are those of its double ρ (same money, same capped set).
        this.ensureExact(best)
        return best
      }
      this.evaluate(best)
    }
  }
}
