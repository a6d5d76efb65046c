import type { OutcomeRule } from '#campaigns/models/campaign'
import { computeScores } from '../scores.js'
import equalShares from '../rules/equal_shares.js'
import equalSharesAdd1 from '../rules/equal_shares_add1.js'
import greedy from '../rules/greedy.js'
import { Rational } from '../rational.js'
import type { GreedyOutcome, MesOutcome } from '../types.js'
import type { PotBallots } from './campaign_ballots.js'

/*
 * One pot's outcome under a campaign rule, in the JSON shape stored in `campaign_outcomes.pots`
 * and shown on the staff and public screens. Exact values (ρ, caps, endowment) are kept as
 * fraction strings ("3/7"); amounts are in the currency's smallest unit like everywhere in the app.
 * The Method of Equal Shares is defined for approval ballots only (outcomes.md): a cumulative or
 * ranked pot of an equal-shares campaign is decided by greedy, and says so (`rule`, `fallback`).
 * Every rule applies the pot's minimum support (`pot.input.minScore`): a project below it is
 * skipped as `below_min_score`.
 */

export interface SelectedProject {
  projectId: number
  cost: number
  votes: number
  /** greedy: the score the order used (votes, points or Borda points). */
  score?: string
  /** equal shares: price per unit of utility, the cap each supporter paid up to, supporters. */
  rho?: string
  cap?: string
  supporters?: number
}

export interface PotOutcome {
  potId: number
  rule: OutcomeRule
  fallback: boolean
  budget: number
  totalCost: number
  voters: number
  /** The pot's minimum support the rule applied (0 = none). */
  minSupport: number
  selected: SelectedProject[]
  skipped: { projectId: number; reason: string }[]
  /** equal shares: the per-voter money of the returned run (currency units, fraction string). */
  endowment?: string
  completionStep?: number
}

function minor(units: Rational, minorPerUnit: bigint): number {
  const value = units.mul(Rational.fromInteger(minorPerUnit)).toJsonNumber()
  if (!Number.isSafeInteger(value)) throw new RangeError('amount is not a whole minor unit')
  return value
}

export function supportsEqualShares(pot: PotBallots): boolean {
  return pot.voteType === 'approval' || pot.voteType === 'choose-1'
}

export function runPotRule(pot: PotBallots, rule: OutcomeRule): PotOutcome {
  const byRuleId = new Map(pot.projects.map((p) => [p.ruleId, p]))
  const votes = approvalVotes(pot)
  const project = (ruleId: string) => byRuleId.get(ruleId)!
  const fallback = rule !== 'greedy' && !supportsEqualShares(pot)
  const effective: OutcomeRule = fallback ? 'greedy' : rule
  const base = {
    potId: pot.potId,
    rule: effective,
    fallback,
    budget: pot.budget,
    voters: pot.input.ballots.length,
    minSupport: pot.minSupport,
  }
  const toMinor = (units: Rational) => minor(units, pot.minorPerUnit)
  if (effective === 'greedy') {
    const outcome: GreedyOutcome = greedy(pot.input)
    return {
      ...base,
      totalCost: toMinor(outcome.totalCost),
      selected: outcome.selected.map((s) => ({
        projectId: project(s.id).id,
        cost: project(s.id).cost,
        votes: votes.get(s.id) ?? 0,
        score: s.score.toString(),
      })),
      skipped: outcome.skipped.map((s) => ({ projectId: project(s.id).id, reason: s.reason })),
    }
  }
  const outcome: MesOutcome =
    effective === 'equal_shares' ? equalShares(pot.input) : equalSharesAdd1(pot.input)
  return {
    ...base,
    totalCost: toMinor(outcome.totalCost),
    endowment: outcome.endowment.toString(),
    completionStep: outcome.completionStep,
    selected: outcome.selected.map((s) => ({
      projectId: project(s.id).id,
      cost: project(s.id).cost,
      votes: votes.get(s.id) ?? 0,
      rho: s.rho.toString(),
      cap: s.cap.toString(),
      supporters: s.supporters,
    })),
    skipped: outcome.skipped.map((s) => ({ projectId: project(s.id).id, reason: s.reason })),
  }
}

/** Distinct voters per project (rule id) in this pot. */
function approvalVotes(pot: PotBallots): Map<string, number> {
  const scores = computeScores(pot.input.projects, pot.input.ballots, 'approval')
  return new Map(pot.input.projects.map((p, i) => [p.id, Number(scores[i].floor())]))
}
