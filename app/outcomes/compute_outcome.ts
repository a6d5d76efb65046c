import type { PabulibFile } from './pabulib/pabulib_file.js'
import { Rational } from './rational.js'
import equalShares from './rules/equal_shares.js'
import equalSharesAdd1 from './rules/equal_shares_add1.js'
import greedy from './rules/greedy.js'
import {
  RULE_NAMES,
  type GreedyOutcome,
  type MesOutcome,
  type RuleInput,
  type RuleName,
} from './types.js'

/*
 * Entry of `outcome:compute`: a parsed Pabulib file and a rule name → the selected ids (in the file's
 * own spelling, in selection order), their total cost and the budget as JSON numbers.
 */

export interface ComputedOutcome {
  selected: string[]
  cost: number
  budget: number
}

/** An expected input error (unknown rule, rule not offered for the ballot type). */
export class OutcomeInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OutcomeInputError'
  }
}

export function isRuleName(name: string): name is RuleName {
  return (RULE_NAMES as readonly string[]).includes(name)
}

export interface ComputeOptions {
  /** The minimum support (score) a project needs to be selected; absent or 0 = none (Pabulib's rules). */
  minSupport?: number
}

export function ruleInputFromPabulib(file: PabulibFile, options: ComputeOptions = {}): RuleInput {
  return {
    projects: file.projects.map((p) => ({ id: p.id, cost: p.cost })),
    budget: file.budget,
    ballots: file.votes.map((v) =>
      v.points ? { projects: v.projects, points: v.points } : { projects: v.projects }
    ),
    voteType: file.voteType,
    minScore: options.minSupport ? Rational.fromInteger(options.minSupport) : undefined,
  }
}

/** Runs the rule and returns its full outcome (ρ, payments, skipped projects, …). */
export function runRule(
  file: PabulibFile,
  rule: string,
  options: ComputeOptions = {}
): GreedyOutcome | MesOutcome {
  if (!isRuleName(rule)) {
    throw new OutcomeInputError(`unknown rule "${rule}" (expected one of ${RULE_NAMES.join(', ')})`)
  }
  const input = ruleInputFromPabulib(file, options)
  if (rule === 'greedy') return greedy(input)
  if (file.voteType !== 'approval' && file.voteType !== 'choose-1') {
    throw new OutcomeInputError(
      `rule ${rule} is defined for approval ballots only; this file has ${file.voteType} ballots (use greedy)`
    )
  }
  return rule === 'equal-shares' ? equalShares(input) : equalSharesAdd1(input)
}

function jsonNumber(r: Rational): number {
  const n = r.toJsonNumber()
  if (!Number.isFinite(n)) throw new RangeError(`${r.toString()} does not fit a JSON number`)
  return n
}

export function computeOutcome(
  file: PabulibFile,
  rule: string,
  options: ComputeOptions = {}
): ComputedOutcome {
  const outcome = runRule(file, rule, options)
  return {
    selected: outcome.selected.map((s) => s.id),
    cost: jsonNumber(outcome.totalCost),
    budget: jsonNumber(file.budget),
  }
}
