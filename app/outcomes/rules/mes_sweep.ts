import { floorDiv } from '../rational.js'
import { FILTER_MARGIN, approxRatio } from './mes_approx.js'
import { CANDIDATE, type Evaluations, OUT, type SweepWatch } from './mes_evaluation.js'
import type { MesInstance } from './mes_instance.js'
import type { MoneyClasses } from './mes_money_classes.js'
import {
  type Cap,
  type CapBound,
  capOver,
  ceilDiv,
  gatheredMoneyAt,
  lastTrue,
} from './mes_sweep_caps.js'

/*
 * The add-one sweep (RunOptions.sweep of mes_engine.ts): while the run at t = 0 goes on exactly as
 * a plain run, prove up to which endowment increase t (whole currency units per voter) it makes
 * the same selections in the same order.
 *
 * With the order fixed, money moves monotonically with t: everybody's money is non-decreasing and
 * every cap q non-increasing. Every class carries linear bounds lo(t) ≤ money ≤ hi(t) on
 * [0, limit], exact at t = 0 (mes_money_classes.ts):
 * - the winner's true cap lies between the tangent at t = 0 of the cap computed from hi money (any
 *   split of supporters into capped C and uncapped U gives q ≥ (cost − Σ_C money) / |U|, because
 *   Σ min(money, q) ≤ Σ_C money + |U|·q) and the chord over the range of the cap computed from lo
 *   money (that cap is a convex function of t when money is linear in t);
 * - after paying, uncapped supporters hold [lo − chord, hi − tangent]; capped ones [0, chord of
 *   max(0, hi − tangent)] (convex, so under its chord);
 * - every other candidate keeps losing against the winner: its ρ's lower bound from its last
 *   evaluation (the tangent, with hi money) against the winner's ρ upper bound chord / cost; where
 *   that fails, the rival's tangent and the winner's chord are taken again from there, a few times;
 * - a project found unaffordable stays so with hi money (Σ hi < cost), or becomes a ghost: where
 *   its supporters could afford it, it must keep losing like a candidate, and still be unaffordable
 *   when the run ends.
 * Each check is a linear inequality in t; `limit` shrinks to the last integer t where all of them
 * hold. Slopes are rounded outward to whole internal units (bounds stay bounds).
 */

/** Upper bound q0 + up·t of a winner's cap on [0, end], and its lo-money cap at `end`. */
export interface CapChord {
  up: bigint
  end: bigint
  capAtEnd: Cap | null
}

/** Tangents taken per rival and round where its last bound fails. */
const TANGENTS_MAX = 4

export class EndowmentSweep implements SweepWatch {
  /** The last t (≥ 0) for which everything decided so far holds. */
  limit: bigint
  /** A ghost: found unaffordable at t = 0, but hi money could afford it after t = ghostFrom. */
  private readonly ghost: Uint8Array
  private readonly ghostFrom: bigint[]
  /** A ghost's ρ is bounded from below by (gN + gS·t) / gD wherever it is affordable. */
  private readonly gN: bigint[]
  private readonly gS: bigint[]
  private readonly gD: bigint[]

  /** `costs` in internal units, shared with the evaluations (rescaled in place). */
  constructor(
    private readonly inst: MesInstance,
    private readonly classes: MoneyClasses,
    private readonly costs: bigint[],
    limit: bigint
  ) {
    if (limit < 0n) throw new RangeError('sweep must not be negative')
    this.limit = limit
    const count = inst.ids.length
    this.ghost = new Uint8Array(count)
    this.ghostFrom = new Array(count).fill(0n)
    this.gN = new Array(count).fill(0n)
    this.gS = new Array(count).fill(0n)
    this.gD = new Array(count).fill(1n)
  }

  /** Are there bounds left to keep (limit > 0)? */
  get active(): boolean {
    return this.limit > 0n
  }

  isGhost(p: number): boolean {
    return this.ghost[p] === 1
  }

  /** Keeps only the t where alpha + beta·t ≥ 0 (> 0 if strict); it must hold at t = 0. */
  holdsUpTo(alpha: bigint, beta: bigint, strict: boolean): void {
    const t = lastTrue(alpha, beta, strict)
    if (t !== null && t < this.limit) this.limit = t
    if (this.limit < 0n) throw new Error('mes sweep: a condition fails at t = 0 (bug)')
  }

  /** Gathered p's supporters hold `short` less than its cost at t = 0 (see SweepWatch). */
  watchUnaffordable(p: number, short: bigint): void {
    const { touched, perClass, hiSlope } = this.classes
    let totalHi = 0n
    for (const c of touched) totalHi += BigInt(perClass[c]) * hiSlope[c]
    // Unaffordable up to `from` (money only shrinks during a run); later it may be affordable.
    const from = lastTrue(short, -totalHi, true)
    if (from !== null && from < this.limit) this.haunt(p, from)
  }

  /**
   * Gathered p is unaffordable up to `from` < limit: a ghost, its cap where affordable bounded from
   * below by the split of supporters that hi money gives at t = limit (or, if hi money still
   * cannot pay then, the range ends at `from`).
   */
  private haunt(p: number, from: bigint): void {
    const { cap, held, slope } = this.hiSplitAt(p, this.limit)
    if (cap.k === 0) {
      this.limit = from
      return
    }
    this.ghost[p] = 1
    this.ghostFrom[p] = from
    this.gN[p] = this.costs[p] - held
    this.gS[p] = -slope
    this.gD[p] = BigInt(cap.k) * this.costs[p]
  }

  /** End of the run: a ghost must stay unaffordable with what its supporters have left. */
  ghostsStayUnaffordable(): void {
    const classes = this.classes
    for (let p = 0; p < this.ghost.length && this.active; p++) {
      if (!this.ghost[p]) continue
      classes.gather(p, true)
      let held = 0n
      let slope = 0n
      for (const c of classes.touched) {
        held += BigInt(classes.perClass[c]) * classes.value[c]
        slope += BigInt(classes.perClass[c]) * classes.hiSlope[c]
      }
      classes.release()
      this.holdsUpTo(this.costs[p] - held, -slope, true)
    }
  }

  /**
   * The bounds q0 + down·t ≤ q ≤ q0 + up·t of winner w's cap q0 (integral in the current unit),
   * after checking that every rival keeps losing: `up` here (the chord), `down` from `capDown` once
   * w's supporters are gathered for the payment.
   */
  capUp(w: number, q0: bigint, evals: Evaluations): bigint {
    const flat = evals.allCapped[w] === 1
    const chord = flat ? { up: 0n, end: this.limit, capAtEnd: null } : this.capChord(w, q0)
    this.rivalsKeepLosing(w, q0, chord, evals)
    // A shorter range than the chord's gives a tighter chord for the money bounds.
    return !flat && this.active && this.limit < chord.end ? this.capChord(w, q0).up : chord.up
  }

  /**
   * With w's supporters gathered (values caught up) for paying q0: the slope `down` of the
   * tangent lower bound of its cap (its capped supporters' hi slopes shared by the others).
   */
  capDown(w: number, q0: bigint, evals: Evaluations): bigint {
    const { touched, perClass, value, hiSlope } = this.classes
    const allCapped = evals.allCapped[w] === 1
    let cappedHi = 0n
    for (const c of touched)
      if (allCapped || value[c] <= q0) cappedHi += BigInt(perClass[c]) * hiSlope[c]
    // Supporters holding exactly the cost at t = 0 may hold more later: give up the range.
    if (allCapped && cappedHi > 0n) this.limit = 0n
    return allCapped ? 0n : floorDiv(-cappedHi, evals.qD[w])
  }

  /** The class a gathered class c moves to when it pays q0 (all it has when capped). */
  paidClass(
    c: number,
    capped: boolean,
    q0: bigint,
    up: bigint,
    down: bigint,
    merge: Map<bigint, number>
  ): number {
    const { value, loSlope, hiSlope } = this.classes
    const v = value[c]
    if (!capped) return this.classes.classOf(v - q0, loSlope[c] - up, hiSlope[c] - down)
    // max(0, hi − (q0 + down·t)) is 0 at t = 0 and convex: under its chord.
    const limit = this.limit
    const end = v + hiSlope[c] * limit - (q0 + down * limit)
    return end > 0n ? this.classes.classOf(0n, 0n, ceilDiv(end, limit), merge) : 0
  }

  /**
   * The split of gathered p's supporters that hi money gives at t: p's cap there, and what the
   * capped hold at t = 0 with their hi slope.
   */
  private hiSplitAt(p: number, t: bigint): { cap: Cap; held: bigint; slope: bigint } {
    const classes = this.classes
    const money = gatheredMoneyAt(classes, 'hi', t)
    const cap = capOver(classes, money, this.costs[p], this.inst.costsApprox[p])
    const kb = BigInt(cap.k)
    let held = 0n
    let slope = 0n
    classes.touched.forEach((c, i) => {
      if (cap.k === 0 || money.exact[i] * kb <= cap.rest) {
        held += BigInt(classes.perClass[c]) * classes.value[c]
        slope += BigInt(classes.perClass[c]) * classes.hiSlope[c]
      }
    })
    return { cap, held, slope }
  }

  /**
   * The tangent at t of p's cap computed from hi money, a lower bound of its cap wherever its
   * supporters can pay; or, if hi money cannot pay for p at t, up to when it cannot.
   */
  capTangentAt(p: number, t: bigint): CapBound | { unaffordableUpTo: bigint | null } | null {
    this.classes.gather(p, true)
    const { cap, held, slope } = this.hiSplitAt(p, t)
    this.classes.release()
    const cost = this.costs[p]
    if (cap.k > 0) return { num: cost - held, slope: -slope, den: BigInt(cap.k) * cost }
    return cap.rest > 0n ? { unaffordableUpTo: lastTrue(cost - held, -slope, true) } : null
  }

  /**
   * w's cap computed from lo money at t (null in the degenerate case where lo money holds exactly
   * the cost: it never does for t > 0 unless it is flat).
   */
  loCap(w: number, t: bigint): Cap | null {
    const classes = this.classes
    classes.gather(w, true)
    const cap = capOver(
      classes,
      gatheredMoneyAt(classes, 'lo', t),
      this.costs[w],
      this.inst.costsApprox[w]
    )
    classes.release()
    return cap.k > 0 ? cap : null
  }

  /** w's cap is at most q0 + up·t on [0, limit] (the chord of the lo-money cap, rounded up). */
  capChord(w: number, q0: bigint): CapChord {
    const end = this.limit
    const capAtEnd = this.loCap(w, end)
    // Lo money only grows and held at least the cost at t = 0: without a cap at the end it holds
    // exactly the cost and is flat, so the cap stays q0.
    if (capAtEnd === null) return { up: 0n, end, capAtEnd }
    const k = BigInt(capAtEnd.k)
    return { up: ceilDiv(capAtEnd.rest - q0 * k, k * end), end, capAtEnd }
  }

  /**
   * Every other candidate's (and ghost's) ρ lower bound must stay above the winner's ρ upper bound
   * (ties by rank): first the chord (q0 + up·t) / cost over [0, end]; where that fails, the chord
   * from there to `end` of w's cap computed from lo money (convex, so under its chords).
   */
  rivalsKeepLosing(w: number, q0: bigint, chord: CapChord, evals: Evaluations): void {
    const { up, end } = chord
    const { rank } = this.inst
    const { rF, sF, rN, rS, rD, allCapped, status, exact, dirty } = evals
    const wD = this.costs[w]
    const capsOfW = new Map<bigint, Cap | null>([[end, chord.capAtEnd]])
    const capOfW = (t: bigint): Cap | null => {
      if (!capsOfW.has(t)) capsOfW.set(t, this.loCap(w, t))
      return capsOfW.get(t)!
    }
    const w0 = approxRatio(q0, wD)
    const wS = approxRatio(up, wD)
    // Doubles first: o clearly loses at both ends of [0, limit], so everywhere.
    const clearlyLoses = (o: number): boolean => {
      const gap = (t: number) => {
        const size = Math.abs(rF[o]) + Math.abs(sF[o] * t) + Math.abs(w0) + Math.abs(wS * t)
        return rF[o] + sF[o] * t - (w0 + wS * t) > size * FILTER_MARGIN
      }
      return !allCapped[o] && gap(0) && gap(Number(this.limit))
    }
    // The last t where o's bound beats w's chord (q0 + up·t) / cost (−1 if none, null if all).
    const versus = (o: number, bound: CapBound): bigint | null =>
      lastTrue(
        bound.num * wD - q0 * bound.den,
        bound.slope * wD - up * bound.den,
        rank[o] < rank[w]
      )
    const losesUpTo = (o: number): bigint | null =>
      allCapped[o] ? -1n : versus(o, { num: rN[o], slope: rS[o], den: rD[o] })
    // The last t ≥ a where o's bound beats w's chord from a to `end` (−1 if none).
    const versusFrom = (o: number, bound: CapBound, a: bigint): bigint | null => {
      const capA = capOfW(a)
      const capE = chord.capAtEnd
      if (capA === null || capE === null) return -1n
      // chord(a + τ) = (ra·kE·L + (rE·ka − ra·kE)·τ) / (ka·kE·L), L = end − a.
      const span = end - a
      const ka = BigInt(capA.k)
      const kE = BigInt(capE.k)
      const den = span === 0n ? ka : ka * kE * span
      const at0 = span === 0n ? capA.rest : capA.rest * kE * span
      const rise = span === 0n ? 0n : capE.rest * ka - capA.rest * kE
      const t = lastTrue(
        (bound.num + bound.slope * a) * den * wD - at0 * bound.den,
        bound.slope * den * wD - rise * bound.den,
        rank[o] < rank[w]
      )
      return t === null ? null : t < 0n ? -1n : a + t
    }
    // o loses up to `covered`; where that fails, take o's tangent there (with the money of this
    // round, a valid bound from here on) against w's chord from there, a few times.
    const extendCover = (o: number, covered: bigint): bigint => {
      for (let i = 0; i < TANGENTS_MAX && covered < this.limit; i++) {
        const at = covered + 1n
        const tangent = this.capTangentAt(o, at)
        if (tangent === null) break
        const t =
          'unaffordableUpTo' in tangent ? tangent.unaffordableUpTo : versusFrom(o, tangent, at)
        if (t === null) return this.limit
        if (t < at) break
        covered = t
      }
      return covered
    }
    const candidateKeepsLosing = (o: number): void => {
      if (clearlyLoses(o)) return
      if (!exact[o]) {
        evals.evaluate(o, true)
        if (status[o] !== CANDIDATE) return
      }
      let t = losesUpTo(o)
      if (t !== null && t < this.limit && dirty[o]) {
        evals.evaluate(o, true)
        if (status[o] !== CANDIDATE) return
        t = losesUpTo(o)
      }
      if (t !== null && t < this.limit) {
        const covered = allCapped[o] ? 0n : extendCover(o, t)
        if (covered < this.limit) this.limit = covered
      }
    }
    // A ghost only competes where it is affordable, after ghostFrom.
    const ghostKeepsLosing = (o: number): void => {
      const t = versus(o, { num: this.gN[o], slope: this.gS[o], den: this.gD[o] })
      if (t === null || t >= this.limit) return
      const covered = extendCover(o, t > this.ghostFrom[o] ? t : this.ghostFrom[o])
      if (covered < this.limit) this.limit = covered
    }
    for (let o = 0; o < status.length && this.active; o++) {
      if (o === w) continue
      if (status[o] === CANDIDATE) candidateKeepsLosing(o)
      if (status[o] === OUT && this.ghost[o] && this.active) ghostKeepsLosing(o)
    }
  }
}
