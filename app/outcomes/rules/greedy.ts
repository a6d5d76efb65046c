import { compareNaturalIds } from '../natural_id_order.js'
import { Rational } from '../rational.js'
import { computeScores } from '../scores.js'
import type { GreedyOutcome, RuleInput } from '../types.js'

/*
 * `greedy` of outcomes.md: order projects by score (high first), ties by lower cost, then natural id
 * order; walk the list once and select a project when its cost fits in what is left of the budget,
 * otherwise skip it and go on. A project below the pot's minimum support (`input.minScore`, e.g.
 * 1 vote) is skipped too; without one, score-0 projects are treated like the others.
 *
 * Invariants: totalCost = Σ selected costs ≤ budget; selected ∪ skipped = all projects, disjoint;
 * selected and skipped are both in walk order.
 */

export interface GreedyOptions {
  /** Campaign option: stop at the first project that does not fit instead of skipping it. Off by default. */
  stopAtFirstMisfit?: boolean
}

export default function greedy(input: RuleInput, options: GreedyOptions = {}): GreedyOutcome {
  const voteType = input.voteType ?? 'approval'
  if (input.budget.isNegative()) throw new RangeError('budget must not be negative')
  const scores = computeScores(input.projects, input.ballots, voteType)
  const order = input.projects.map((project, i) => ({ project, score: scores[i] }))
  order.sort(
    (a, b) =>
      b.score.cmp(a.score) ||
      a.project.cost.cmp(b.project.cost) ||
      compareNaturalIds(a.project.id, b.project.id)
  )

  const outcome: GreedyOutcome = {
    rule: 'greedy',
    selected: [],
    skipped: [],
    totalCost: Rational.ZERO,
  }
  let left = input.budget
  let stopped = false
  for (const { project, score } of order) {
    if (stopped) {
      outcome.skipped.push({ id: project.id, score, reason: 'after_stop' })
    } else if (input.minScore !== undefined && score.lt(input.minScore)) {
      outcome.skipped.push({ id: project.id, score, reason: 'below_min_score' })
    } else if (project.cost.lte(left)) {
      left = left.sub(project.cost)
      outcome.selected.push({ id: project.id, cost: project.cost, score, reason: 'fits_budget' })
    } else {
      outcome.skipped.push({ id: project.id, score, reason: 'over_budget' })
      if (options.stopAtFirstMisfit) stopped = true
    }
  }
  outcome.totalCost = input.budget.sub(left)
  if (outcome.totalCost.gt(input.budget) || left.isNegative())
    throw new Error('greedy: overspent (bug)')
  if (outcome.selected.length + outcome.skipped.length !== input.projects.length) {
    throw new Error('greedy: lost a project (bug)')
  }
  return outcome
}
