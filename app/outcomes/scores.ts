import { Rational } from './rational.js'
import type { Ballot, OutcomeProject, VoteType } from './types.js'

/*
 * Project scores of outcomes.md:
 * - approval and choose-1: number of distinct voters who chose the project (duplicates on a ballot count once);
 * - cumulative and scoring: sum of the points received;
 * - ordinal: a ballot of length k gives k, k-1, …, 1 points to its projects in order.
 */

export function indexProjects(projects: readonly OutcomeProject[]): Map<string, number> {
  const index = new Map<string, number>()
  projects.forEach((p, i) => {
    if (index.has(p.id)) throw new Error(`duplicate project id "${p.id}"`)
    if (p.cost.isNegative()) throw new Error(`project "${p.id}" has a negative cost`)
    index.set(p.id, i)
  })
  return index
}

function unknownProject(id: string, ballotIndex: number): Error {
  return new Error(`ballot ${ballotIndex + 1} names unknown project "${id}"`)
}

/** Scores in project order. Throws on a ballot that names an unknown project or lacks points. */
export function computeScores(
  projects: readonly OutcomeProject[],
  ballots: readonly Ballot[],
  voteType: VoteType
): Rational[] {
  const index = indexProjects(projects)
  const count = projects.length
  if (voteType === 'approval' || voteType === 'choose-1' || voteType === 'ordinal') {
    const totals = new Array<number>(count).fill(0)
    const seenAt = new Int32Array(count).fill(-1)
    ballots.forEach((ballot, b) => {
      const k = ballot.projects.length
      ballot.projects.forEach((id, position) => {
        const i = index.get(id)
        if (i === undefined) throw unknownProject(id, b)
        if (voteType === 'ordinal') {
          totals[i] += k - position
        } else if (seenAt[i] !== b) {
          seenAt[i] = b
          totals[i] += 1
        }
      })
    })
    for (const t of totals) {
      if (!Number.isSafeInteger(t)) throw new RangeError('score overflow')
    }
    return totals.map((t) => Rational.fromInteger(t))
  }
  // cumulative / scoring: integer points summed as BigInt, fractional points as Rational.
  const intTotals = new Array<bigint>(count).fill(0n)
  const fracTotals = new Array<Rational>(count).fill(Rational.ZERO)
  ballots.forEach((ballot, b) => {
    const points = ballot.points
    if (!points || points.length !== ballot.projects.length) {
      throw new Error(`ballot ${b + 1} needs one point value per project for ${voteType} voting`)
    }
    ballot.projects.forEach((id, position) => {
      const i = index.get(id)
      if (i === undefined) throw unknownProject(id, b)
      const p = points[position]
      if (p.den === 1n) intTotals[i] += p.num
      else fracTotals[i] = fracTotals[i].add(p)
    })
  })
  return intTotals.map((t, i) => Rational.fromInteger(t).add(fracTotals[i]))
}
