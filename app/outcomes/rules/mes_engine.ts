import { compareNaturalIds } from '../natural_id_order.js'
import { Rational, floorDiv, gcd, lcm } from '../rational.js'
import { indexProjects } from '../scores.js'
import type { MesPayment, MesSelection, RuleInput } from '../types.js'

/*
 * Method of Equal Shares (approval ballots, cost utilities), exact and grouped.
 *
 * Money. Every amount is a BigInt in one internal unit: `scale` internal units make one currency
 * unit. The scale starts as a multiple of every cost denominator (and of n for the B/n endowment)
 * and is multiplied by K/gcd(R, K) whenever a per-supporter cap q = R/K is not integral, so money,
 * costs and payments stay integers and every comparison is an integer comparison. A class's values
 * catch up with such refinements when they are next used.
 *
 * Grouping. Voters with identical ballots form one ballot group. Voters with the same money form one
 * class (voters who supported the same selected projects always do; a payment merges the classes it
 * makes with equal money). A project's supporters are counted per class by walking its ballot
 * groups, so a round costs O(Σ ballot-group lengths) integer steps plus O(classes) steps per project
 * that changed; a selection only moves its supporters' groups to their new classes.
 *
 * Laziness. Money only shrinks during a run, so a project's ρ only grows: a ρ computed in an earlier
 * round is a lower bound. Each round re-evaluates only the apparent best until it is up to date
 * (projects sharing no voter with the last winner stay up to date).
 *
 * Doubles decide only with a wide margin. A project's ρ and affordability are computed in doubles
 * when their margin is wide (relative 1e-9, against errors of ~1e-15); otherwise, and for every
 * winner and every near-tie, the exact BigInt values are computed (a guessed capped set is confirmed
 * exactly, else the exact fixed-point search runs), so every decision is exact.
 *
 * Sweeps (RunOptions.sweep) also prove up to which larger endowment the same selections follow.
 *
 * Invariants: class money ≥ 0; class 0 is the zero class; Σ payments of a selection = its cost;
 * a selected project is never reconsidered; a project whose supporters hold less than its cost is
 * out for good.
 */

export interface MesInstance {
  ids: string[]
  costs: Rational[]
  budget: Rational
  voters: number
  /** Number of voters approving each project (the "more supporters" tie-break). */
  approvers: number[]
  /** Tie-break rank: lower cost, then more supporters, then natural id order; 0 is best. */
  rank: Int32Array
  /** lcm of all cost denominators and the budget denominator. */
  denominators: bigint
  groupMembers: Int32Array[]
  groupWeight: Int32Array
  projectGroups: Int32Array[]
  /** Projects sharing at least one voter with each project (including itself). */
  coApproved: Int32Array[]
}

/** Builds the grouped instance once; every run (plain or completion step) reuses it. */
export function prepareMes(input: RuleInput): MesInstance {
  const voteType = input.voteType ?? 'approval'
  if (voteType !== 'approval' && voteType !== 'choose-1') {
    throw new Error(
      `equal-shares is defined for approval ballots only, not for ${voteType} ballots`
    )
  }
  if (input.budget.isNegative()) throw new RangeError('budget must not be negative')
  const index = indexProjects(input.projects)
  const count = input.projects.length
  const groupByKey = new Map<string, number>()
  const groupMembers: Int32Array[] = []
  const weights: number[] = []
  const approvers = new Array<number>(count).fill(0)
  input.ballots.forEach((ballot, b) => {
    const members: number[] = []
    for (const id of ballot.projects) {
      const i = index.get(id)
      if (i === undefined) throw new Error(`ballot ${b + 1} names unknown project "${id}"`)
      members.push(i)
    }
    members.sort((x, y) => x - y)
    const unique = members.filter((x, j) => j === 0 || members[j - 1] !== x)
    const key = unique.join(',')
    let g = groupByKey.get(key)
    if (g === undefined) {
      g = groupMembers.length
      groupByKey.set(key, g)
      groupMembers.push(Int32Array.from(unique))
      weights.push(0)
    }
    weights[g]++
    for (const i of unique) approvers[i]++
  })
  const projectGroupLists: number[][] = Array.from({ length: count }, () => [])
  groupMembers.forEach((members, g) => {
    for (const i of members) projectGroupLists[i].push(g)
  })
  const coApproved = projectGroupLists.map((groups, p) => {
    const seen = new Uint8Array(count)
    seen[p] = 1
    for (const g of groups) for (const q of groupMembers[g]) seen[q] = 1
    const list: number[] = []
    seen.forEach((v, q) => v && list.push(q))
    return Int32Array.from(list)
  })
  const order = input.projects.map((_, i) => i)
  order.sort(
    (x, y) =>
      input.projects[x].cost.cmp(input.projects[y].cost) ||
      approvers[y] - approvers[x] ||
      compareNaturalIds(input.projects[x].id, input.projects[y].id)
  )
  const rank = new Int32Array(count)
  order.forEach((p, r) => (rank[p] = r))
  let denominators = input.budget.den
  for (const p of input.projects) denominators = lcm(denominators, p.cost.den)
  return {
    ids: input.projects.map((p) => p.id),
    costs: input.projects.map((p) => p.cost),
    budget: input.budget,
    voters: input.ballots.length,
    approvers,
    rank,
    denominators,
    groupMembers,
    groupWeight: Int32Array.from(weights),
    projectGroups: projectGroupLists.map((l) => Int32Array.from(l)),
    coApproved,
  }
}

/** Per-voter starting money: `money` / `unit` currency units (`unit` a multiple of `denominators`). */
export interface Endowment {
  money: bigint
  unit: bigint
}

/** Endowment B / n of plain equal-shares. */
export function plainEndowment(inst: MesInstance): Endowment {
  // (B / n) · (denominators · n) = B · denominators, an integer.
  return {
    money: inst.budget.num * (inst.denominators / inst.budget.den),
    unit: inst.denominators * BigInt(inst.voters),
  }
}

/** Endowment floor(B / n) + k of the add-one completion. */
export function add1Endowment(inst: MesInstance, k: bigint): Endowment {
  const base = floorDiv(inst.budget.num, inst.budget.den * BigInt(inst.voters))
  return { money: (base + k) * inst.denominators, unit: inst.denominators }
}

export interface MesRun {
  /** Project indices in selection order. */
  order: number[]
  selections: MesSelection[]
  /** Projects found unable to be paid for by their supporters. */
  outOfMoney: number[]
  totalCost: Rational
  endowment: Rational
  /**
   * Sweep runs only: every endowment e + t (t = 0 … stableSteps currency units per voter) makes
   * exactly these selections in this order. See RunOptions.sweep.
   */
  stableSteps?: bigint
}

export interface RunOptions {
  /**
   * Also prove how far, up to `sweep` currency units per voter, the endowment may grow with the
   * same selections in the same order (the add-one completion).
   *
   * With the order fixed, money moves monotonically with the endowment increase t: everybody's
   * money is non-decreasing and every cap q non-increasing (more money → lower caps). A sweep runs
   * at t = 0 exactly as a plain run and carries, for every class, linear bounds lo(t) ≤ money ≤ hi(t)
   * on [0, T] that are exact at t = 0 (a class is one (value, lo slope, hi slope) triple):
   * - the winner's true cap lies between qL, the tangent at t = 0 of the cap computed from hi money
   *   (any split of supporters into capped C and uncapped U gives q ≥ (cost − Σ_C money) / |U|,
   *   because Σ min(money, q) ≤ Σ_C money + |U|·q), and qU, the chord over [0, T] of the cap
   *   computed from lo money (that cap is a convex function of t when money is linear in t);
   * - after paying, uncapped supporters hold [lo − qU, hi − qL]; capped ones [0, chord of
   *   max(0, hi − qL)] (convex, so under its chord);
   * - every other candidate keeps losing against the winner: its ρ's lower bound from its last
   *   evaluation (the tangent, with hi money) against the winner's ρ upper bound qU / cost;
   * - a project found unaffordable stays so with hi money (Σ hi < cost).
   * Each check is a linear inequality in t; T shrinks to the last integer t where all of them hold.
   * Slopes are rounded outward to whole internal units (bounds stay bounds); the unit is refined
   * by SWEEP_UNIT first so that this costs nothing noticeable.
   */
  sweep?: bigint
  /** Compute each selection's payments (default true; costly when money is spread thin). */
  payments?: boolean
}

/** Extra refinement of the internal unit in sweeps, so slope rounding stays far below a cent. */
const SWEEP_UNIT = 1n << 24n

/** Largest integer t ≥ 0 with alpha + beta·t ≥ 0 (> 0 if strict); −1 if none, null if all. */
function lastTrue(alpha: bigint, beta: bigint, strict: boolean): bigint | null {
  // Over the integers, alpha + beta·t > 0 ⇔ alpha − 1 + beta·t ≥ 0.
  const a = strict ? alpha - 1n : alpha
  if (a < 0n) return -1n
  if (beta >= 0n) return null
  return a / -beta
}

/** A lower bound (num + slope·t) / den of a project's ρ (den > 0). */
interface CapBound {
  num: bigint
  slope: bigint
  den: bigint
}

/** A cap rest / k in internal units (k > 0). */
interface Cap {
  rest: bigint
  k: number
}

/** Money of gathered supporters, exactly (internal units) and as doubles (currency units). */
interface Money {
  exact: bigint[]
  approx: number[]
}

/** Upper bound q0 + up·t of a winner's cap on [0, end], and its lo-money cap at `end`. */
interface CapChord {
  up: bigint
  end: bigint
  capAtEnd: Cap | null
}

/** Tangents taken per rival and round where its last bound fails. */
const TANGENTS_MAX = 4

/** ceil(a / b) for b > 0. */
function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b)
}

/** num / den as a double (for filtering only; exact BigInt comparisons decide near-ties). */
function approxRatio(num: bigint, den: bigint): number {
  const a = Number(num)
  const b = Number(den)
  if (Number.isFinite(a) && Number.isFinite(b)) return a / b
  const shift = BigInt(Math.max(num.toString(16).length, den.toString(16).length) * 4 - 960)
  return Number(num >> shift) / Number(den >> shift)
}

/** Relative margin under which double comparisons are not trusted (errors are ~1e-15). */
const FILTER_MARGIN = 1e-9

const CANDIDATE = 0
const SELECTED = 1
const OUT = 2
const NO_SUPPORT = 3

export function runMes(inst: MesInstance, endowment: Endowment, options: RunOptions = {}): MesRun {
  const count = inst.ids.length
  const sweep = options.sweep !== undefined
  const withPayments = options.payments ?? true
  let scale = sweep ? endowment.unit * SWEEP_UNIT : endowment.unit
  const costs = inst.costs.map((c) => (c.num * scale) / c.den)

  // Sweep: the last t (≥ 0) for which everything decided so far holds.
  let limit = options.sweep ?? 0n
  if (limit < 0n) throw new RangeError('sweep must not be negative')
  const bounding = () => limit > 0n
  const holdsUpTo = (alpha: bigint, beta: bigint, strict: boolean): void => {
    const t = lastTrue(alpha, beta, strict)
    if (t !== null && t < limit) limit = t
    if (limit < 0n) throw new Error('mes sweep: a condition fails at t = 0 (bug)')
  }

  // Classes: money v at t = 0 in internal units, and in sweeps the slopes of its bounds
  // lo(t) = v + lo·t ≤ money ≤ v + hi·t = hi(t) (both 0 otherwise); class 0 is the zero class.
  // clsF: v in currency units as a double (unchanged by rescaling), for filtering.
  const clsV: bigint[] = [0n]
  const clsLo: bigint[] = [0n]
  const clsHi: bigint[] = [0n]
  const clsF: number[] = [0]
  const clsLoF: number[] = [0]
  const clsHiF: number[] = [0]
  // A payment merges the classes it creates with equal money (in plain runs), or, in sweeps, the
  // capped ones (nothing at t = 0, at most hi·t later) by hi rounded up to a power of two: a
  // slightly looser bound on small amounts, and far fewer classes to count. Classes from different
  // rounds are not merged: equal money there is a coincidence, and a map kept across rounds would
  // have to be rebuilt at every refinement of the unit.
  const classOf = (v: bigint, lo: bigint, hi: bigint, merge?: Map<bigint, number>): number => {
    if (v === 0n && lo === 0n) {
      if (hi === 0n) return 0
      hi = 1n << BigInt(hi.toString(2).length)
    }
    const key = sweep ? hi : v
    const merged = !sweep || (v === 0n && lo === 0n) ? merge : undefined
    let id = merged?.get(key)
    if (id === undefined) {
      id = clsV.length
      clsV.push(v)
      clsLo.push(lo)
      clsHi.push(hi)
      clsF.push(approxRatio(v, scale))
      clsLoF.push(approxRatio(lo, scale))
      clsHiF.push(approxRatio(hi, scale))
      clsUnit.push(unitHistory.length - 1)
      merged?.set(key, id)
    }
    return id
  }
  // Refinements of the unit reach a class's BigInt values lazily, when they are next used:
  // clsUnit[c] indexes the unit they are in (unitHistory), so one division catches up.
  const unitHistory: bigint[] = [scale]
  const clsUnit: number[] = [0]
  const factors = new Map<number, bigint>()
  const catchUp = (c: number): void => {
    const at = clsUnit[c]
    if (at === unitHistory.length - 1) return
    let f = factors.get(at)
    if (f === undefined) factors.set(at, (f = scale / unitHistory[at]))
    clsV[c] *= f
    clsLo[c] *= f
    clsHi[c] *= f
    clsUnit[c] = unitHistory.length - 1
  }
  const costF = inst.costs.map((c) => approxRatio(c.num, c.den))
  const rF = new Float64Array(count)
  if (endowment.money < 0n) throw new Error('negative endowment')
  // A sweep's t counts currency units per voter: `scale` internal units.
  const startSlope = sweep ? scale : 0n
  const startClass = classOf((endowment.money * scale) / endowment.unit, startSlope, startSlope)
  let moveTo = new Int32Array(1024).fill(-1)
  const groupClass = new Int32Array(inst.groupMembers.length).fill(startClass)

  const status = new Uint8Array(count)
  for (let p = 0; p < count; p++) if (inst.approvers[p] === 0) status[p] = NO_SUPPORT
  const dirty = new Uint8Array(count).fill(1)
  // Cache per project, from its last evaluation: ρ = rN / rD at t = 0 (a lower bound while stale);
  // in sweeps (rN + rS·t) / rD bounds ρ from below for every t; the cap at t = 0 is q = qN / qD in
  // internal units (rescaled with the unit); allCapped: supporters hold exactly the cost.
  const rN: bigint[] = new Array(count).fill(0n)
  const rS: bigint[] = new Array(count).fill(0n)
  const rD: bigint[] = new Array(count).fill(1n)
  const sF = new Float64Array(count)
  const exact = new Uint8Array(count)
  // Sweep: a project found unaffordable at t = 0 that hi money could afford after t = ghostFrom is
  // a ghost rival, its ρ bounded from below by (gN + gS·t) / gD wherever it is affordable.
  const ghost = new Uint8Array(count)
  const ghostFrom: bigint[] = new Array(count).fill(0n)
  const gN: bigint[] = new Array(count).fill(0n)
  const gS: bigint[] = new Array(count).fill(0n)
  const gD: bigint[] = new Array(count).fill(1n)
  const qN: bigint[] = new Array(count).fill(0n)
  const qD: bigint[] = new Array(count).fill(1n)
  const allCapped = new Uint8Array(count)

  const order: number[] = []
  const selections: MesSelection[] = []
  let spent = 0n

  // Scratch for counting supporters per class.
  let perClass = new Int32Array(1024)
  const touched: number[] = []
  const gatherSupport = (p: number, exactValues = false): void => {
    if (perClass.length < clsV.length) {
      const grown = new Int32Array(Math.max(clsV.length, perClass.length * 2))
      perClass = grown
    }
    touched.length = 0
    if (order.length === 0) {
      // Nobody has paid yet: every supporter is in the starting class.
      touched.push(startClass)
      perClass[startClass] = inst.approvers[p]
      if (exactValues) catchUp(startClass)
      return
    }
    const groups = inst.projectGroups[p]
    const weight = inst.groupWeight
    for (const g of groups) {
      const c = groupClass[g]
      if (c === 0) continue
      if (perClass[c] === 0) touched.push(c)
      perClass[c] += weight[g]
    }
    if (exactValues) for (const c of touched) catchUp(c)
  }
  const releaseSupport = (): void => {
    for (const c of touched) perClass[c] = 0
  }

  // Evaluates p with the money of this round. Doubles first: its ρ as rF (in sweeps also sF, the
  // slope of its lower bound), or OUT, whenever they decide with a wide margin. The exact values
  // (rN / rD, the cap qN / qD, allCapped, rS) are computed with `exact` or when doubles cannot
  // decide; `exact[p]` says whether they are current.
  let evaluations = 0
  const evaluate = (p: number, wantExact = false): void => {
    evaluations++
    dirty[p] = 0
    const cost = costs[p]
    if (cost === 0n) {
      rN[p] = 0n
      rS[p] = 0n
      rD[p] = 1n
      rF[p] = 0
      sF[p] = 0
      qN[p] = 0n
      qD[p] = 1n
      allCapped[p] = 0
      exact[p] = 1
      return
    }
    gatherSupport(p)
    let supporters = 0
    for (const c of touched) supporters += perClass[c]
    // Smallest q with Σ min(money, q) = cost: the classes with money ≤ q are capped (pay all they
    // have), the others share the rest equally. Guess the capped set with doubles.
    let restF = costF[p]
    let kF = supporters
    let qF = restF / kF
    let converged = false
    for (let pass = 0; pass < 64 && kF > 0; pass++) {
      let r = costF[p]
      let kk = supporters
      for (const c of touched) {
        if (clsF[c] <= qF) {
          r -= perClass[c] * clsF[c]
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
      let held = 0
      let heldHi = 0
      let cappedHi = 0
      for (const c of touched) {
        held += perClass[c] * clsF[c]
        if (bounding()) {
          heldHi += perClass[c] * clsHiF[c]
          if (clsF[c] <= qF) cappedHi += perClass[c] * clsHiF[c]
        }
      }
      const short = costF[p] - held
      const margin = costF[p] * FILTER_MARGIN
      if (short > margin) {
        // Unaffordable; a sweep also needs it to stay so over the whole range, or to haunt it.
        const lasts = heldHi === 0 || (short / heldHi) * (1 - FILTER_MARGIN) - 1 >= Number(limit)
        if (!bounding() || lasts) {
          releaseSupport()
          status[p] = OUT
          return
        }
      } else if (short < -margin && kF > 0) {
        releaseSupport()
        rF[p] = restF / kF / costF[p]
        sF[p] = -cappedHi / kF / costF[p]
        allCapped[p] = 0
        exact[p] = 0
        return
      }
    }
    evaluateExactly(p, qF)
  }

  // The exact part of evaluate (supporters gathered; qF: the doubles' guess of the cap).
  const evaluateExactly = (p: number, qF: number): void => {
    for (const c of touched) catchUp(c)
    const cost = costs[p]
    let supporters = 0
    for (const c of touched) supporters += perClass[c]
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
        const v = clsV[c]
        if (clsF[c] <= qF) {
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
        if (k === 0 || clsV[c] * kb <= rest) {
          restNext -= BigInt(perClass[c]) * clsV[c]
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
    const isCapped = (c: number) => (guessed ? clsF[c] <= qF : k === 0 || clsV[c] * kb <= rest)
    let cappedHi = 0n
    if (bounding()) {
      for (const c of touched) if (isCapped(c)) cappedHi += BigInt(perClass[c]) * clsHi[c]
      if (k === 0 && rest > 0n) {
        // Supporters hold less than the cost up to `from` (money only shrinks during a run);
        // later they may afford it: then it must keep losing (a ghost rival).
        let totalHi = 0n
        for (const c of touched) totalHi += BigInt(perClass[c]) * clsHi[c]
        const from = lastTrue(rest, -totalHi, true)
        if (from !== null && from < limit) haunt(p, from)
      }
    }
    let top = 0n
    for (const c of touched) if (clsV[c] > top) top = clsV[c]
    releaseSupport()
    if (k === 0 && rest > 0n) {
      status[p] = OUT
      return
    }
    exact[p] = 1
    if (k === 0) {
      // Supporters hold exactly the cost: everybody pays everything, q = the largest holding.
      allCapped[p] = 1
      qN[p] = top
      qD[p] = 1n
      rN[p] = top
      rS[p] = 0n
      rD[p] = cost
      rF[p] = approxRatio(top, cost)
      sF[p] = 0
    } else {
      allCapped[p] = 0
      qN[p] = rest
      qD[p] = kb
      rN[p] = rest
      rS[p] = -cappedHi
      rD[p] = kb * cost
      rF[p] = approxRatio(rest, rD[p])
      sF[p] = cappedHi === 0n ? 0 : -approxRatio(cappedHi, rD[p])
    }
  }
  const ensureExact = (p: number): void => {
    if (!exact[p]) evaluate(p, true)
  }

  // Does p (at its current, possibly stale, ρ) lose against b? Near-ties are decided exactly.
  const loses = (p: number, b: number): boolean => {
    const x = rF[p]
    const y = rF[b]
    if (x > y * (1 + FILTER_MARGIN)) return true
    if (x < y * (1 - FILTER_MARGIN)) return false
    ensureExact(p)
    ensureExact(b)
    if (status[p] !== CANDIDATE) return true
    if (status[b] !== CANDIDATE) return false
    const l = rN[p] * rD[b]
    const r = rN[b] * rD[p]
    return l > r || (l === r && inst.rank[p] > inst.rank[b])
  }

  // Sweep: every other candidate's ρ lower bound must stay above the winner's ρ upper bound (ties
  // by rank): first the chord (q0 + up·t) / cost over [0, end]; where that fails, the chord from
  // there to `end` of w's cap computed from lo money (convex, so under its chords).
  const rivalsKeepLosing = (w: number, q0: bigint, chord: CapChord): void => {
    const { up, end } = chord
    const wD = costs[w]
    const capsOfW = new Map<bigint, Cap | null>([[end, chord.capAtEnd]])
    const capOfW = (t: bigint): Cap | null => {
      if (!capsOfW.has(t)) capsOfW.set(t, loCap(w, t))
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
      return !allCapped[o] && gap(0) && gap(Number(limit))
    }
    // The last t where o's bound beats w's chord (q0 + up·t) / cost (−1 if none, null if all).
    const versus = (o: number, bound: CapBound): bigint | null =>
      lastTrue(
        bound.num * wD - q0 * bound.den,
        bound.slope * wD - up * bound.den,
        inst.rank[o] < inst.rank[w]
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
        inst.rank[o] < inst.rank[w]
      )
      return t === null ? null : t < 0n ? -1n : a + t
    }
    // o loses up to `covered`; where that fails, take o's tangent there (with the money of this
    // round, a valid bound from here on) against w's chord from there, a few times.
    const extendCover = (o: number, covered: bigint): bigint => {
      for (let i = 0; i < TANGENTS_MAX && covered < limit; i++) {
        const at = covered + 1n
        const tangent = capTangentAt(o, at)
        if (tangent === null) break
        const t =
          'unaffordableUpTo' in tangent ? tangent.unaffordableUpTo : versusFrom(o, tangent, at)
        if (t === null) return limit
        if (t < at) break
        covered = t
      }
      return covered
    }
    const candidateKeepsLosing = (o: number): void => {
      if (clearlyLoses(o)) return
      if (!exact[o]) {
        evaluate(o, true)
        if (status[o] !== CANDIDATE) return
      }
      let t = losesUpTo(o)
      if (t !== null && t < limit && dirty[o]) {
        evaluate(o, true)
        if (status[o] !== CANDIDATE) return
        t = losesUpTo(o)
      }
      if (t !== null && t < limit) {
        const covered = allCapped[o] ? 0n : extendCover(o, t)
        if (covered < limit) limit = covered
      }
    }
    // A ghost only competes where it is affordable, after ghostFrom.
    const ghostKeepsLosing = (o: number): void => {
      const t = versus(o, { num: gN[o], slope: gS[o], den: gD[o] })
      if (t === null || t >= limit) return
      const covered = extendCover(o, t > ghostFrom[o] ? t : ghostFrom[o])
      if (covered < limit) limit = covered
    }
    for (let o = 0; o < count && bounding(); o++) {
      if (o === w) continue
      if (status[o] === CANDIDATE) candidateKeepsLosing(o)
      if (status[o] === OUT && ghost[o] && bounding()) ghostKeepsLosing(o)
    }
  }

  // The gathered supporters' money at t by their lo or hi bound: exact, and as doubles.
  const moneyAt = (bound: 'lo' | 'hi', t: bigint): Money => {
    const slopes = bound === 'lo' ? clsLo : clsHi
    const slopesF = bound === 'lo' ? clsLoF : clsHiF
    const tF = Number(t)
    return {
      exact: touched.map((c) => clsV[c] + slopes[c] * t),
      approx: touched.map((c) => clsF[c] + slopesF[c] * tF),
    }
  }

  // Smallest cap q = rest / k (k > 0) with Σ min(money, q) = cost of p over its gathered
  // supporters; k = 0 when all of them are capped. Doubles guess the capped set, exactly checked.
  const capOver = (money: Money, p: number): Cap => {
    const cost = costs[p]
    let supporters = 0
    for (const c of touched) supporters += perClass[c]
    let kF = supporters
    let qF = costF[p] / kF
    for (let pass = 0; pass < 64 && kF > 0; pass++) {
      let r = costF[p]
      let kk = supporters
      touched.forEach((c, i) => {
        if (money.approx[i] <= qF) {
          r -= perClass[c] * money.approx[i]
          kk -= perClass[c]
        }
      })
      if (kk === kF) break
      kF = kk
      qF = kF > 0 ? r / kF : Infinity
    }
    let rest = cost
    let k = supporters
    let maxCapped = -1n
    let minFree = -1n
    touched.forEach((c, i) => {
      const v = money.exact[i]
      if (money.approx[i] <= qF) {
        rest -= BigInt(perClass[c]) * v
        k -= perClass[c]
        if (v > maxCapped) maxCapped = v
      } else if (minFree < 0n || v < minFree) {
        minFree = v
      }
    })
    const kb = BigInt(k)
    if (k === 0 ? rest >= 0n : (maxCapped < 0n || maxCapped * kb <= rest) && minFree * kb > rest)
      return { rest, k }
    // The guess was wrong: exact fixed-point iteration from below (the capped set only grows).
    rest = cost
    k = supporters
    for (let capped = -1; ;) {
      let restNext = cost
      let kNext = supporters
      let cappedNext = 0
      const kNow = BigInt(k)
      touched.forEach((c, i) => {
        if (money.exact[i] * kNow <= rest) {
          restNext -= BigInt(perClass[c]) * money.exact[i]
          kNext -= perClass[c]
          cappedNext++
        }
      })
      rest = restNext
      k = kNext
      if (cappedNext === capped || k === 0) return { rest, k }
      capped = cappedNext
    }
  }

  // Sweep: the split of gathered p's supporters that hi money gives at t: p's cap there, and what
  // the capped hold at t = 0 with their hi slope.
  const hiSplitAt = (p: number, t: bigint): { cap: Cap; held: bigint; slope: bigint } => {
    const money = moneyAt('hi', t)
    const cap = capOver(money, p)
    const kb = BigInt(cap.k)
    let held = 0n
    let slope = 0n
    touched.forEach((c, i) => {
      if (cap.k === 0 || money.exact[i] * kb <= cap.rest) {
        held += BigInt(perClass[c]) * clsV[c]
        slope += BigInt(perClass[c]) * clsHi[c]
      }
    })
    return { cap, held, slope }
  }

  // Sweep: the tangent at t of p's cap computed from hi money, a lower bound of its cap wherever
  // its supporters can pay; or, if hi money cannot pay for p at t, up to when it cannot.
  const capTangentAt = (
    p: number,
    t: bigint
  ): CapBound | { unaffordableUpTo: bigint | null } | null => {
    gatherSupport(p, true)
    const { cap, held, slope } = hiSplitAt(p, t)
    releaseSupport()
    if (cap.k > 0) return { num: costs[p] - held, slope: -slope, den: BigInt(cap.k) * costs[p] }
    return cap.rest > 0n ? { unaffordableUpTo: lastTrue(costs[p] - held, -slope, true) } : null
  }

  // Sweep: w's cap computed from lo money at t (null in the degenerate case where lo money holds
  // exactly the cost: it never does for t > 0 unless it is flat).
  const loCap = (w: number, t: bigint): Cap | null => {
    gatherSupport(w, true)
    const cap = capOver(moneyAt('lo', t), w)
    releaseSupport()
    return cap.k > 0 ? cap : null
  }

  // Sweep: w's cap is at most q0 + up·t on [0, end] (the chord of the lo-money cap, rounded up).
  const capChord = (w: number, q0: bigint): CapChord => {
    const end = limit
    const capAtEnd = loCap(w, end)
    // Lo money only grows and held at least the cost at t = 0: without a cap at the end it holds
    // exactly the cost and is flat, so the cap stays q0.
    if (capAtEnd === null) return { up: 0n, end, capAtEnd }
    const k = BigInt(capAtEnd.k)
    return { up: ceilDiv(capAtEnd.rest - q0 * k, k * end), end, capAtEnd }
  }

  // Sweep: p (gathered) is unaffordable up to `from` < limit. Its cap where affordable is bounded
  // from below by the split of supporters that hi money gives at t = limit.
  const haunt = (p: number, from: bigint): void => {
    const { cap, held, slope } = hiSplitAt(p, limit)
    if (cap.k === 0) {
      limit = from
      return
    }
    ghost[p] = 1
    ghostFrom[p] = from
    gN[p] = costs[p] - held
    gS[p] = -slope
    gD[p] = BigInt(cap.k) * costs[p]
  }

  // Sweep, end of the run: a ghost must stay unaffordable with what its supporters have left.
  const ghostsStayUnaffordable = (): void => {
    for (let p = 0; p < count && bounding(); p++) {
      if (!ghost[p]) continue
      gatherSupport(p, true)
      let held = 0n
      let slope = 0n
      for (const c of touched) {
        held += BigInt(perClass[c]) * clsV[c]
        slope += BigInt(perClass[c]) * clsHi[c]
      }
      releaseSupport()
      holdsUpTo(costs[p] - held, -slope, true)
    }
  }

  for (;;) {
    // Lazy choice: a stale ρ is a lower bound (money only shrinks during a run), so re-evaluate the
    // apparent best until it is fresh; then it beats every other (stale or fresh) key.
    let w = -1
    for (;;) {
      let best = -1
      const evaluated = evaluations
      for (let p = 0; p < count; p++) {
        if (status[p] !== CANDIDATE) continue
        if (best < 0 || !loses(p, best)) best = p
      }
      // An exact look at a near-tie changed keys during the scan: choose again.
      if (evaluations !== evaluated) continue
      if (best < 0 || !dirty[best]) {
        w = best
        break
      }
      evaluate(best)
    }
    if (w < 0) {
      if (bounding()) ghostsStayUnaffordable()
      break
    }
    // Fresh, so its exact values are those of its double ρ (same money, same capped set).
    ensureExact(w)

    // Make q integral by refining the unit (classes catch up when next used).
    let q = qN[w]
    const den = qD[w]
    if (den !== 1n) {
      const f = den / gcd(den, q)
      if (f !== 1n) {
        scale *= f
        spent *= f
        for (let p = 0; p < count; p++) {
          costs[p] *= f
          qN[p] *= f
        }
        unitHistory.push(scale)
        factors.clear()
      }
      q = (q * f) / den
    }

    // Sweep bounds of the cap: q0 + down·t ≤ q ≤ q0 + up·t.
    let up = 0n
    if (bounding()) {
      const flat = allCapped[w] === 1
      const chord = flat ? { up: 0n, end: limit, capAtEnd: null } : capChord(w, q)
      rivalsKeepLosing(w, q, chord)
      // A shorter range than the chord's gives a tighter chord for the money bounds.
      up = !flat && bounding() && limit < chord.end ? capChord(w, q).up : chord.up
    }

    // Pay: capped classes give everything (→ zero class), the others give q.
    gatherSupport(w, true)
    let down = 0n
    if (bounding()) {
      let cappedHi = 0n
      for (const c of touched)
        if (allCapped[w] === 1 || clsV[c] <= q) cappedHi += BigInt(perClass[c]) * clsHi[c]
      // Supporters holding exactly the cost at t = 0 may hold more later: give up the range.
      if (allCapped[w] === 1 && cappedHi > 0n) limit = 0n
      else if (allCapped[w] === 0) down = floorDiv(-cappedHi, qD[w])
    }
    if (moveTo.length < clsV.length)
      moveTo = new Int32Array(Math.max(clsV.length, moveTo.length * 2)).fill(-1)
    const paidBy = new Map<bigint, number>()
    const merge = new Map<bigint, number>()
    let paid = 0n
    for (const c of touched) {
      const n = perClass[c]
      const v = clsV[c]
      const capped = allCapped[w] === 1 || v <= q
      const amount = capped ? v : q
      if (!bounding()) {
        moveTo[c] = capped ? 0 : classOf(v - q, 0n, 0n, merge)
      } else if (capped) {
        // max(0, hi − (q0 + down·t)) is 0 at t = 0 and convex: under its chord.
        const end = v + clsHi[c] * limit - (q + down * limit)
        moveTo[c] = end > 0n ? classOf(0n, 0n, ceilDiv(end, limit), merge) : 0
      } else {
        moveTo[c] = classOf(v - q, clsLo[c] - up, clsHi[c] - down)
      }
      if (withPayments) paidBy.set(amount, (paidBy.get(amount) ?? 0) + n)
      paid += amount * BigInt(n)
    }
    if (paid !== costs[w]) throw new Error('mes: payments do not add up to the cost (bug)')
    spent += paid
    const supporterGroups = inst.projectGroups[w]
    for (const g of supporterGroups) {
      const from = groupClass[g]
      const to = moveTo[from]
      if (to < 0 || to === from) continue
      groupClass[g] = to
    }
    for (const c of touched) moveTo[c] = -1
    releaseSupport()
    // Projects sharing a voter with w may have lost money: re-evaluate them (conservatively).
    const touchedProjects = inst.coApproved[w]
    for (let i = 0; i < touchedProjects.length; i++) dirty[touchedProjects[i]] = 1
    status[w] = SELECTED
    order.push(w)
    const payments: MesPayment[] = !withPayments
      ? []
      : [...paidBy]
          .sort((x, y) => (x[0] > y[0] ? -1 : x[0] < y[0] ? 1 : 0))
          .map(([amount, voters]) => ({ voters, amount: Rational.of(amount, scale) }))
    selections.push({
      id: inst.ids[w],
      cost: inst.costs[w],
      rho: Rational.of(rN[w], rD[w]),
      cap: Rational.of(q, scale),
      supporters: inst.approvers[w],
      payments,
      reason: 'equal_shares',
    })
  }

  const totalCost = Rational.of(spent, scale)
  let check = Rational.ZERO
  for (const p of order) check = check.add(inst.costs[p])
  if (!check.eq(totalCost)) throw new Error('mes: spent money differs from the selected cost (bug)')
  const outOfMoney: number[] = []
  for (let p = 0; p < count; p++) if (status[p] === OUT) outOfMoney.push(p)
  return {
    order,
    selections,
    outOfMoney,
    totalCost,
    endowment: Rational.of(endowment.money, endowment.unit),
    stableSteps: sweep ? limit : undefined,
  }
}
