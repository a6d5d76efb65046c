import { computeScores } from '../scores.js'
import type { Rational } from '../rational.js'
import type { RuleInput } from '../types.js'

/*
 * The pot's minimum support (outcomes.md "Minimum support"), the same for every rule: a project
 * whose score (votes on approval ballots, points or Borda points otherwise) is below
 * `input.minScore` is never selected. Greedy skips such projects in its walk (its order keeps the
 * scores of the whole ballots); equal shares runs on the others with `splitByMinScore`: ballots
 * keep only their choices among those, and every ballot still counts as a voter (n and B / n do
 * not change; a voter whose projects all fell below keeps an unused share).
 */

export interface MinScoreSplit {
  /** The rule's input without the projects below the minimum (the same object when none is). */
  eligible: RuleInput
  /** Projects below the minimum, in input order, with their score. */
  below: { id: string; score: Rational }[]
}

export function splitByMinScore(input: RuleInput): MinScoreSplit {
  const minScore = input.minScore
  if (minScore === undefined || minScore.isZero() || minScore.isNegative()) {
    return { eligible: input, below: [] }
  }
  const scores = computeScores(input.projects, input.ballots, input.voteType ?? 'approval')
  const below = input.projects
    .map((p, i) => ({ id: p.id, score: scores[i] }))
    .filter((p) => p.score.lt(minScore))
  if (below.length === 0) return { eligible: input, below }
  const out = new Set(below.map((p) => p.id))
  const ballots = input.ballots.map((ballot) => {
    const keep = ballot.projects.map((id) => !out.has(id))
    const projects = ballot.projects.filter((_, j) => keep[j])
    return ballot.points
      ? { projects, points: ballot.points.filter((_, j) => keep[j]) }
      : { projects }
  })
  return {
    eligible: {
      ...input,
      projects: input.projects.filter((p) => !out.has(p.id)),
      ballots,
      minScore: undefined,
    },
    below,
  }
}
