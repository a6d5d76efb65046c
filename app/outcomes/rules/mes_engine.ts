import { compareNaturalIds } from '../natural_id_order.js'
import { Rational, gcd, lcm, floorDiv } from '../rational.js'
import { indexProjects } from '../scores.js'
import type { MesPayment, MesSelection, RuleInput } from '../types.js'

/*
 * Method of Equal Shares (approval ballots, cost utilities), exact and grouped.
 *
 * Money. Every amount lives in one integer unit: `scale` internal units make one currency unit. The
 * scale starts as a multiple of every cost denominator (and of n for the B/n endowment) and is
 * multiplied by K/gcd(...) whenever a per-supporter cap q = R/K is not integral, so money, costs and
 * payments are always BigInt integers and comparisons are integer comparisons.
 *
 * Parameter. For the add-one completion the endowment is E0 + k with k an integer parameter, so
 * every amount is kept as an affine function a + b·k of k, evaluated at the run's k0 (v = a + b·k0).
 * For a plain run b = 0 everywhere. In parametric mode the run records every decision it takes as an
 * affine inequality in k and returns kMax, the largest k ≥ k0 for which all of them still hold: every
 * run with k in [k0, kMax] takes exactly the same decisions (same capped voters, same winner, same
 * projects running out of money), hence selects the same projects in the same order.
 *
 * Grouping. Voters with identical ballots form one ballot group. Voters whose money is the same affine
 * function form one class (voters who supported the same selected projects always do). For each
 * project we keep the number of its supporters in each class, so a round costs O(projects × classes)
 * and a selection moves only its supporters' groups to their new classes.
 *
 * Invariants: class money is ≥ 0 at k0 and a class with money identically 0 is the single zero class;
 * Σ payments of a selection = its cost; a selected project is never reconsidered; a project whose
 * supporters hold less than its cost is out for good.
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
  groupWeight: number[]
  projectGroups: Int32Array[]
}

/** Builds the grouped instance once; every run (plain or completion step) reuses it. */
export function prepareMes(input: RuleInput): MesInstance {
  const voteType = input.voteType ?? 'approval'
  if (voteType !== 'approval' && voteType !== 'choose-1') {
    throw new Error(`equal-shares is defined for approval ballots only, not for ${voteType} ballots`)
  }
  if (input.budget.isNegative()) throw new RangeError('budget must not be negative')
  const index = indexProjects(input.projects)
  const count = input.projects.length
  const groupByKey = new Map<string, number>()
  const groupMembers: Int32Array[] = []
  const groupWeight: number[] = []
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
      groupWeight.push(0)
    }
    groupWeight[g]++
    for (const i of unique) approvers[i]++
  })
  const projectGroupLists: number[][] = Array.from({ length: count }, () => [])
  groupMembers.forEach((members, g) => {
    for (const i of members) projectGroupLists[i].push(g)
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
    groupWeight,
    projectGroups: projectGroupLists.map((l) => Int32Array.from(l)),
  }
}

/** Per-voter starting money (a + b·k) / unit currency units, evaluated at k = k0. */
export interface Endowment {
  a: bigint
  b: bigint
  unit: bigint
  k0: bigint
}

/** Endowment B / n of plain equal-shares. */
export function plainEndowment(inst: MesInstance): Endowment {
  const unit = inst.denominators * BigInt(inst.voters)
  // (B / n) · unit = B · denominators, an integer.
  return { a: inst.budget.num * (inst.denominators / inst.budget.den), b: 0n, unit, k0: 0n }
}

/** Endowment floor(B / n) + k of the add-one completion, as an affine function of k. */
export function add1Endowment(inst: MesInstance, k: bigint): Endowment {
  const base = floorDiv(inst.budget.num, inst.budget.den * BigInt(inst.voters))
  return { a: base * inst.denominators, b: inst.denominators, unit: inst.denominators, k0: k }
}

export interface MesRun {
  /** Project indices in selection order with their records. */
  order: number[]
  selections: MesSelection[]
  outOfMoney: number[]
  totalCost: Rational
  endowment: Rational
  /** Parametric runs only: largest k with identical decisions; null = no upper limit. */
  kMax: bigint | null
}

const enum Status {
  Candidate = 0,
  Selected = 1,
  Out = 2,
  NoSupport = 3,
}

export function runMes(inst: MesInstance, endowment: Endowment, parametric: boolean): MesRun {
  const count = inst.ids.length
  const k0 = endowment.k0
  let scale = endowment.unit
  const costs = inst.costs.map((c) => (c.num * scale) / c.den)

  // Classes: money a + b·k (internal units), value at k0, and whether it is the zero class.
  const clsA: bigint[] = []
  const clsB: bigint[] = []
  const clsV: bigint[] = []
  const classByKey = new Map<string, number>()
  const addClass = (a: bigint, b: bigint): number => {
    const key = `${a}:${b}`
    const found = classByKey.get(key)
    if (found !== undefined) return found
    const id = clsA.length
    clsA.push(a)
    clsB.push(b)
    clsV.push(a + b * k0)
    classByKey.set(key, id)
    return id
  }
  const ZERO_CLASS = addClass(0n, 0n)
  const startClass = addClass(endowment.a, endowment.b)
  if (clsV[startClass] < 0n) throw new Error('negative endowment')

  const groupClass = new Int32Array(inst.groupMembers.length).fill(startClass)
  const counts: Map<number, number>[] = []
  const status = new Uint8Array(count)
  for (let p = 0; p < count; p++) {
    const m = new Map<number, number>()
    if (inst.approvers[p] > 0) m.set(startClass, inst.approvers[p])
    else status[p] = Status.NoSupport
    counts.push(m)
  }

  // Decision bounds (parametric mode): g0 + g1·k ≥ 0 (or > 0, or = 0) must keep holding.
  let kMax: bigint | null = null
  const limit = (g0: bigint, g1: bigint, kind: 'ge' | 'gt' | 'eq'): void => {
    const atK0 = g0 + g1 * k0
    if (kind === 'eq') {
      if (atK0 !== 0n) throw new Error('mes: equality constraint violated at k0 (bug)')
      if (g1 !== 0n) kMax = kMax === null || k0 < kMax ? k0 : kMax
      return
    }
    if (kind === 'ge' ? atK0 < 0n : atK0 <= 0n) throw new Error('mes: constraint violated at k0 (bug)')
    if (g1 >= 0n) return
    const bound = kind === 'ge' ? floorDiv(g0, -g1) : floorDiv(g0 - 1n, -g1)
    if (kMax === null || bound < kMax) kMax = bound
  }

  // Cached evaluation per project: ρ = N / D with N affine in k; q = (qA + qB·k) / qDen.
  const dirty = new Uint8Array(count).fill(1)
  const nA: bigint[] = new Array(count).fill(0n)
  const nB: bigint[] = new Array(count).fill(0n)
  const nV: bigint[] = new Array(count).fill(0n)
  const dD: bigint[] = new Array(count).fill(1n)
  const qA: bigint[] = new Array(count).fill(0n)
  const qB: bigint[] = new Array(count).fill(0n)
  const qV: bigint[] = new Array(count).fill(0n)
  const qDen: bigint[] = new Array(count).fill(1n)
  const allCapped = new Uint8Array(count)

  // Evaluates q and ρ of p at k0. With `constrain`, also records that p's capped/uncapped split of
  // classes (hence the formula of q and ρ) stays the same.
  const evaluate = (p: number, constrain: boolean): void => {
    const cost = costs[p]
    const entries: [number, number][] = []
    for (const e of counts[p]) if (e[0] !== ZERO_CLASS) entries.push(e)
    if (cost === 0n) {
      nA[p] = nB[p] = nV[p] = 0n
      dD[p] = 1n
      qA[p] = qB[p] = qV[p] = 0n
      qDen[p] = 1n
      allCapped[p] = 0
      return
    }
    let tA = 0n
    let tB = 0n
    let tV = 0n
    for (const [c, n] of entries) {
      const w = BigInt(n)
      tA += w * clsA[c]
      tB += w * clsB[c]
      tV += w * clsV[c]
    }
    if (tV < cost) {
      status[p] = Status.Out
      if (parametric) limit(cost - tA, -tB, 'gt')
      return
    }
    entries.sort((x, y) => (clsV[x[0]] < clsV[y[0]] ? -1 : clsV[x[0]] > clsV[y[0]] ? 1 : 0))
    let rA = cost
    let rB = 0n
    let rV = cost
    let k = 0
    for (const [, n] of entries) k += n
    let capped = 0
    while (capped < entries.length) {
      const [c, n] = entries[capped]
      if (clsV[c] * BigInt(k) > rV) break
      const w = BigInt(n)
      rA -= w * clsA[c]
      rB -= w * clsB[c]
      rV -= w * clsV[c]
      k -= n
      capped++
    }
    if (k === 0) {
      // Supporters hold exactly the cost: everybody pays everything, q = the largest money.
      const [last] = entries[entries.length - 1]
      allCapped[p] = 1
      qA[p] = clsA[last]
      qB[p] = clsB[last]
      qV[p] = clsV[last]
      qDen[p] = 1n
      nA[p] = clsA[last]
      nB[p] = clsB[last]
      nV[p] = clsV[last]
      dD[p] = cost
      if (constrain) {
        limit(tA - cost, tB, 'eq')
        for (const [c] of entries) limit(clsA[last] - clsA[c], clsB[last] - clsB[c], 'ge')
      }
      return
    }
    const kb = BigInt(k)
    allCapped[p] = 0
    qA[p] = rA
    qB[p] = rB
    qV[p] = rV
    qDen[p] = kb
    nA[p] = rA
    nB[p] = rB
    nV[p] = rV
    dD[p] = kb * cost
    if (constrain) {
      for (let j = 0; j < entries.length; j++) {
        const c = entries[j][0]
        if (j < capped) limit(rA - clsA[c] * kb, rB - clsB[c] * kb, 'ge')
        else limit(clsA[c] * kb - rA, clsB[c] * kb - rB, 'gt')
      }
    }
  }

  const order: number[] = []
  const selections: MesSelection[] = []
  let spent = 0n // in internal units, rescaled with everything else
  for (;;) {
    let best = -1
    for (let p = 0; p < count; p++) {
      if (status[p] !== Status.Candidate) continue
      if (dirty[p]) {
        evaluate(p, false)
        dirty[p] = 0
        if (status[p] !== Status.Candidate) continue
      }
      if (best < 0) {
        best = p
        continue
      }
      const l = nV[p] * dD[best]
      const r = nV[best] * dD[p]
      if (l < r || (l === r && inst.rank[p] < inst.rank[best])) best = p
    }
    if (best < 0) break
    const w = best
    if (parametric) {
      // The winner's payment formula must stay the same …
      evaluate(w, true)
      for (let o = 0; o < count; o++) {
        if (o === w || status[o] !== Status.Candidate) continue
        const cost = costs[o]
        const winsTie = inst.rank[w] < inst.rank[o]
        if (cost === 0n || dD[w] === 0n) {
          limit(nA[o] * dD[w] - nA[w] * dD[o], nB[o] * dD[w] - nB[w] * dD[o], winsTie ? 'ge' : 'gt')
          continue
        }
        // … every other candidate stays a candidate (its supporters keep holding its cost) …
        // … and stays behind the winner: at the winner's price the cap would be q* = ρ_w · cost(o);
        // o loses while its supporters paying min(money, q*) hold less than cost(o). Splitting the
        // classes at q* as at k0 gives an affine upper bound U(k) of that sum (min ≤ either term), so
        // U(k) < cost(o) is a sufficient condition.
        const qsA = nA[w] * cost
        const qsB = nB[w] * cost
        const qsV = nV[w] * cost
        const den = dD[w]
        let tA = 0n
        let tB = 0n
        let sA = 0n
        let sB = 0n
        let sV = 0n
        let kb = 0n
        for (const [c, n] of counts[o]) {
          if (c === ZERO_CLASS) continue
          const wt = BigInt(n)
          tA += wt * clsA[c]
          tB += wt * clsB[c]
          if (clsV[c] * den <= qsV) {
            sA += wt * clsA[c]
            sB += wt * clsB[c]
            sV += wt * clsV[c]
          } else {
            kb += wt
          }
        }
        limit(tA - cost, tB, 'ge')
        if (sV * den + kb * qsV < cost * den) {
          limit(cost * den - sA * den - kb * qsA, -(sB * den + kb * qsB), 'gt')
        } else {
          // Tied with the winner at k0: keep o's own formula and compare exactly.
          evaluate(o, true)
          limit(nA[o] * dD[w] - nA[w] * dD[o], nB[o] * dD[w] - nB[w] * dD[o], winsTie ? 'ge' : 'gt')
        }
      }
    }

    // Make q integral by refining the unit.
    let a = qA[w]
    let b = qB[w]
    let v = qV[w]
    const den = qDen[w]
    if (den !== 1n) {
      const g = gcd(den, gcd(a, b))
      const f = den / g
      if (f !== 1n) {
        scale *= f
        spent *= f
        for (let p = 0; p < count; p++) {
          costs[p] *= f
          qA[p] *= f
          qB[p] *= f
          qV[p] *= f
        }
        classByKey.clear()
        for (let c = 0; c < clsA.length; c++) {
          clsA[c] *= f
          clsB[c] *= f
          clsV[c] *= f
          classByKey.set(`${clsA[c]}:${clsB[c]}`, c)
        }
      }
      a = (a * f) / den
      b = (b * f) / den
      v = (v * f) / den
    }

    // Pay: capped classes give everything (→ zero class), the others give q.
    const moveTo = new Map<number, number>()
    const paidBy = new Map<bigint, number>()
    let paid = 0n
    for (const [c, n] of counts[w]) {
      if (c === ZERO_CLASS) continue
      const capped = allCapped[w] === 1 || clsV[c] <= v
      const amount = capped ? clsV[c] : v
      moveTo.set(c, capped ? ZERO_CLASS : addClass(clsA[c] - a, clsB[c] - b))
      paidBy.set(amount, (paidBy.get(amount) ?? 0) + n)
      paid += amount * BigInt(n)
    }
    if (paid !== costs[w]) throw new Error('mes: payments do not add up to the cost (bug)')
    spent += paid
    for (const g of inst.projectGroups[w]) {
      const from = groupClass[g]
      const to = moveTo.get(from)
      if (to === undefined || to === from) continue
      groupClass[g] = to
      const n = inst.groupWeight[g]
      for (const p of inst.groupMembers[g]) {
        const m = counts[p]
        const left = m.get(from)! - n
        if (left === 0) m.delete(from)
        else m.set(from, left)
        m.set(to, (m.get(to) ?? 0) + n)
        dirty[p] = 1
      }
    }
    status[w] = Status.Selected
    order.push(w)
    const payments: MesPayment[] = [...paidBy]
      .sort((x, y) => (x[0] > y[0] ? -1 : x[0] < y[0] ? 1 : 0))
      .map(([amount, voters]) => ({ voters, amount: Rational.of(amount, scale) }))
    selections.push({
      id: inst.ids[w],
      cost: inst.costs[w],
      rho: Rational.of(nV[w], dD[w]),
      cap: Rational.of(v, scale),
      supporters: inst.approvers[w],
      payments,
      reason: 'equal_shares',
    })
  }

  const outOfMoney: number[] = []
  for (let p = 0; p < count; p++) if (status[p] === Status.Out) outOfMoney.push(p)
  const totalCost = Rational.of(spent, scale)
  let check = Rational.ZERO
  for (const p of order) check = check.add(inst.costs[p])
  if (!check.eq(totalCost)) throw new Error('mes: spent money differs from the selected cost (bug)')
  return {
    order,
    selections,
    outOfMoney,
    totalCost,
    endowment: Rational.of(endowment.a + endowment.b * k0, endowment.unit),
    kMax: parametric ? kMax : null,
  }
}
