import type { Rational } from './rational.js'

/** Ballot formats of outcomes.md / Pabulib. */
export type VoteType = 'approval' | 'choose-1' | 'cumulative' | 'scoring' | 'ordinal'

export const VOTE_TYPES: readonly VoteType[] = [
  'approval',
  'choose-1',
  'cumulative',
  'scoring',
  'ordinal',
]

export type RuleName = 'greedy' | 'equal-shares' | 'equal-shares-add1'

export const RULE_NAMES: readonly RuleName[] = ['greedy', 'equal-shares', 'equal-shares-add1']

export interface OutcomeProject {
  id: string
  cost: Rational
}

/**
 * One voter's ballot. `projects` lists project ids (for ordinal ballots: most preferred first);
 * `points` (cumulative and scoring ballots) is parallel to `projects`.
 */
export interface Ballot {
  projects: readonly string[]
  points?: readonly Rational[]
}

export interface RuleInput {
  projects: readonly OutcomeProject[]
  budget: Rational
  ballots: readonly Ballot[]
  /** Defaults to 'approval'. */
  voteType?: VoteType
  /**
   * The pot's minimum support: a project whose score is below it is never selected, by any rule
   * (rules/min_score.ts). Absent or 0 = none.
   */
  minScore?: Rational
}

export type GreedySkipReason = 'over_budget' | 'below_min_score' | 'after_stop'
export type MesSkipReason = 'not_affordable' | 'no_supporters' | 'below_min_score'

export interface GreedySelection {
  id: string
  cost: Rational
  score: Rational
  reason: 'fits_budget'
}

/** What the supporters of one selected project paid: `voters` voters paid `amount` each. */
export interface MesPayment {
  voters: number
  amount: Rational
}

export interface MesSelection {
  id: string
  cost: Rational
  /** Price per unit of utility, q / cost (0 for a project that costs nothing). */
  rho: Rational
  /** Per-supporter cap q that pays for the project (ρ · cost). */
  cap: Rational
  /** Number of voters who approve the project (the "more supporters" tie-break). */
  supporters: number
  /** Payments grouped by amount, largest amount first. */
  payments: MesPayment[]
  reason: 'equal_shares'
}

export interface GreedyOutcome {
  rule: 'greedy'
  selected: GreedySelection[]
  skipped: { id: string; score: Rational; reason: GreedySkipReason }[]
  totalCost: Rational
}

export interface MesOutcome {
  rule: 'equal-shares' | 'equal-shares-add1'
  selected: MesSelection[]
  skipped: { id: string; reason: MesSkipReason; score?: Rational }[]
  totalCost: Rational
  /** Per-voter starting money of the returned run (B / n, or floor(B / n) + k for add1). */
  endowment: Rational
  /** add1 only: the k of the returned run (0 = the plain equal-shares run with B / n). */
  completionStep?: number
  /** add1 only: how many equal-shares runs were evaluated to decide (each stands for a range of k). */
  runsEvaluated?: number
}
