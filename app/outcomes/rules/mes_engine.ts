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
 * costs and payments stay integers and every comparison is an integer comparison.
 *
 * Grouping. Voters with identical ballots form one ballot group. Voters with the same money form one
 * class (voters who supported the same selected projects always do; equal amounts are merged). A
 * project's supporters are counted per class by walking its ballot groups, so a round costs
 * O(Σ ballot-group lengths) integer steps plus O(classes) BigInt steps per project that changed; a
 * selection only moves its supporters' groups to their new classes.
 *
 * Laziness. Money only shrinks during a run, so a project's ρ only grows: a ρ computed in an earlier
 * round is a lower bound. Each round re-evaluates only the apparent best until it is up to date
 * (projects sharing no voter with the last winner stay up to date).
 *
 * Doubles only filter. ρ comparisons and the capped-set search first use doubles; any comparison
 * within a relative 1e-9 is redone in BigInt, and a guessed capped set is confirmed exactly (else
 * the exact fixed-point search runs), so every decision is exact.
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

/** ρ of a project at some round, as the fraction num / den (den > 0). */
export interface RhoValue {
  num: bigint
  den: bigint
}

export interface MesRun {
  /** Project indices in selection order. */
  order: number[]
  selections: MesSelection[]
  /** Projects found unable to be paid for by their supporters. */
  outOfMoney: number[]
  totalCost: Rational
  endowment: Rational
  /** Forced runs only: whether the range certificate holds (see RunOptions.forced). */
  certified?: boolean
}

/**
 * Range certificate for the add-one completion. `order` and `rhos` come from the real run at k0
 * (its selections and their ρ); this run is at k1 > k0 and makes the same selections.
 *
 * With the selection order fixed, every voter's money is non-decreasing in the endowment (the capped
 * keep more, the others face a lower cap q), so at every round each project's ρ is non-increasing in
 * k (+∞ while its supporters cannot pay) and the winner's ρ at k ≥ k0 is at most its ρ at k0. Hence,
 * if at every round every other project's ρ at k1 loses against the winner's ρ at k0 (ties by rank,
 * which does not move), and no project is affordable at k1 once the order is exhausted, every k in
 * [k0, k1] selects exactly `order`. A stale ρ from an earlier round is a lower bound (ρ only grows
 * during a run), so only close competitors are re-evaluated; the run stops at the first failure.
 */
export interface ForcedOrder {
  order: readonly number[]
  rhos: readonly RhoValue[]
}

export interface RunOptions {
  /** Check a range certificate instead of choosing winners (see ForcedOrder). */
  forced?: ForcedOrder
  /** Compute each selection's payments (default true; costly when money is spread thin). */
  payments?: boolean
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
  const forced = options.forced
  const withPayments = options.payments ?? true
  let scale = endowment.unit
  const costs = inst.costs.map((c) => (c.num * scale) / c.den)

  // Classes: money in internal units; class 0 is the zero class.
  // clsF: the same money in currency units as a double (unchanged by rescaling), for filtering.
  const clsV: bigint[] = [0n]
  const clsF: number[] = [0]
  const classByMoney = new Map<bigint, number>([[0n, 0]])
  const classOf = (v: bigint): number => {
    let id = classByMoney.get(v)
    if (id === undefined) {
      id = clsV.length
      clsV.push(v)
      clsF.push(approxRatio(v, scale))
      classByMoney.set(v, id)
    }
    return id
  }
  const costF = inst.costs.map((c) => approxRatio(c.num, c.den))
  const rF = new Float64Array(count)
  if (endowment.money < 0n) throw new Error('negative endowment')
  const startClass = classOf(endowment.money)
  // Number of voters per class, and the classes that still have voters.
  const clsPop: number[] = [0]
  clsPop[startClass] = inst.voters
  const liveClasses = new Set<number>([0, startClass])
  let moveTo = new Int32Array(1024).fill(-1)
  const groupClass = new Int32Array(inst.groupMembers.length).fill(startClass)

  const status = new Uint8Array(count)
  for (let p = 0; p < count; p++) if (inst.approvers[p] === 0) status[p] = NO_SUPPORT
  const dirty = new Uint8Array(count).fill(1)
  // Cache per project: ρ = rN / rD; q = qN / qD; allCapped: supporters hold exactly the cost.
  const rN: bigint[] = new Array(count).fill(0n)
  const rD: bigint[] = new Array(count).fill(1n)
  const qN: bigint[] = new Array(count).fill(0n)
  const qD: bigint[] = new Array(count).fill(1n)
  const allCapped = new Uint8Array(count)

  // Scratch for counting supporters per class.
  let perClass = new Int32Array(1024)
  const touched: number[] = []
  const gatherSupport = (p: number): void => {
    if (perClass.length < clsV.length) {
      const grown = new Int32Array(Math.max(clsV.length, perClass.length * 2))
      perClass = grown
    }
    touched.length = 0
    const groups = inst.projectGroups[p]
    const weight = inst.groupWeight
    for (const g of groups) {
      const c = groupClass[g]
      if (c === 0) continue
      if (perClass[c] === 0) touched.push(c)
      perClass[c] += weight[g]
    }
  }
  const releaseSupport = (): void => {
    for (const c of touched) perClass[c] = 0
  }

  const evaluate = (p: number): void => {
    dirty[p] = 0
    const cost = costs[p]
    if (cost === 0n) {
      rN[p] = 0n
      rD[p] = 1n
      rF[p] = 0
      qN[p] = 0n
      qD[p] = 1n
      allCapped[p] = 0
      return
    }
    gatherSupport(p)
    let supporters = 0
    for (const c of touched) supporters += perClass[c]
    let rest = cost
    let k = supporters
    // Smallest q with Σ min(money, q) = cost: the classes with money ≤ q are capped (pay all they
    // have), the others share the rest equally. First guess the capped set with doubles, then check
    // it exactly; if the check fails, run the exact fixed-point iteration.
    let guessed = false
    {
      let restF = costF[p]
      let kF = supporters
      let qF = restF / kF
      for (let pass = 0; pass < 64 && kF > 0; pass++) {
        let r = costF[p]
        let kk = supporters
        for (const c of touched) {
          if (clsF[c] <= qF) {
            r -= perClass[c] * clsF[c]
            kk -= perClass[c]
          }
        }
        if (kk === kF) break
        kF = kk
        restF = r
        qF = kF > 0 ? restF / kF : Infinity
      }
      // Exact check of the guess {money ≤ qF}.
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
    // Exact fixed-point iteration from below: q only grows, so the capped set only grows.
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
    if (k === 0 && rest > 0n) {
      // Supporters hold less than the cost.
      releaseSupport()
      status[p] = OUT
      return
    }
    if (k === 0) {
      // Supporters hold exactly the cost: everybody pays everything, q = the largest holding.
      let top = 0n
      for (const c of touched) if (clsV[c] > top) top = clsV[c]
      allCapped[p] = 1
      qN[p] = top
      qD[p] = 1n
      rN[p] = top
      rD[p] = cost
      rF[p] = approxRatio(top, cost)
    } else {
      allCapped[p] = 0
      qN[p] = rest
      qD[p] = BigInt(k)
      rN[p] = rest
      rD[p] = BigInt(k) * cost
      rF[p] = approxRatio(rest, rD[p])
    }
    releaseSupport()
  }

  const order: number[] = []
  const selections: MesSelection[] = []
  let spent = 0n
  // Does p (at its current, possibly stale, ρ) lose against ρ = num/den of a winner of rank `rank`?
  const loses = (p: number, num: bigint, den: bigint, rank: number, approx: number): boolean => {
    const x = rF[p]
    if (x > approx * (1 + FILTER_MARGIN)) return true
    if (x < approx * (1 - FILTER_MARGIN)) return false
    const l = rN[p] * den
    const r = num * rD[p]
    return l > r || (l === r && inst.rank[p] > rank)
  }
  const fail = (): MesRun => ({
    order,
    selections,
    outOfMoney: [],
    totalCost: Rational.ZERO,
    endowment: Rational.of(endowment.money, endowment.unit),
    certified: false,
  })
  for (let round = 0; ; round++) {
    let w = -1
    if (forced) {
      if (round === forced.order.length) {
        // Nothing may stay affordable once the order is exhausted.
        for (let p = 0; p < count; p++) {
          if (status[p] === CANDIDATE && dirty[p]) evaluate(p)
          if (status[p] === CANDIDATE) return fail()
        }
        break
      }
      w = forced.order[round]
      if (dirty[w] && status[w] === CANDIDATE) evaluate(w)
      if (status[w] !== CANDIDATE) return fail()
      const bound = forced.rhos[round]
      const boundF = approxRatio(bound.num, bound.den)
      for (let o = 0; o < count; o++) {
        if (
          o === w ||
          status[o] !== CANDIDATE ||
          loses(o, bound.num, bound.den, inst.rank[w], boundF)
        )
          continue
        if (!dirty[o]) return fail()
        evaluate(o)
        if (status[o] === CANDIDATE && !loses(o, bound.num, bound.den, inst.rank[w], boundF))
          return fail()
      }
    } else {
      // Lazy choice: a stale ρ is a lower bound (money only shrinks during a run), so re-evaluate the
      // apparent best until it is fresh; then it beats every other (stale or fresh) key.
      for (;;) {
        let best = -1
        for (let p = 0; p < count; p++) {
          if (status[p] !== CANDIDATE) continue
          if (best < 0 || !loses(p, rN[best], rD[best], inst.rank[best], rF[best])) best = p
        }
        if (best < 0 || !dirty[best]) {
          w = best
          break
        }
        evaluate(best)
      }
      if (w < 0) break
    }

    // Make q integral by refining the unit (live classes only; emptied classes are forgotten).
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
        classByMoney.clear()
        for (const c of liveClasses) {
          clsV[c] *= f
          classByMoney.set(clsV[c], c)
        }
      }
      q = (q * f) / den
    }

    // Pay: capped classes give everything (→ zero class), the others give q.
    gatherSupport(w)
    if (moveTo.length < clsV.length)
      moveTo = new Int32Array(Math.max(clsV.length, moveTo.length * 2)).fill(-1)
    const paidBy = new Map<bigint, number>()
    let paid = 0n
    for (const c of touched) {
      const n = perClass[c]
      const capped = allCapped[w] === 1 || clsV[c] <= q
      const amount = capped ? clsV[c] : q
      moveTo[c] = capped ? 0 : classOf(clsV[c] - q)
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
      const n = inst.groupWeight[g]
      clsPop[from] -= n
      clsPop[to] = (clsPop[to] ?? 0) + n
      liveClasses.add(to)
    }
    for (const c of touched) {
      moveTo[c] = -1
      if (clsPop[c] === 0 && c !== 0) {
        liveClasses.delete(c)
        classByMoney.delete(clsV[c])
      }
    }
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
    certified: forced ? true : undefined,
  }
}
