import { compareNaturalIds } from '../natural_id_order.js'
import { type Rational, floorDiv, lcm } from '../rational.js'
import { indexProjects } from '../scores.js'
import { approxRatio } from './mes_approx.js'
import type { RuleInput } from '../types.js'

/*
 * The instance of an equal-shares run, built once from a `RuleInput` and shared by every run (the
 * plain one and each completion step): voters with identical ballots form one ballot group, projects
 * know their groups and the projects they share a voter with, and the tie-break rank is fixed here.
 */

export interface MesInstance {
  ids: string[]
  costs: Rational[]
  /** The costs as doubles, for filtering. */
  costsApprox: number[]
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
    costsApprox: input.projects.map((p) => approxRatio(p.cost.num, p.cost.den)),
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
