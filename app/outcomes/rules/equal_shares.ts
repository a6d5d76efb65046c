import { Rational } from '../rational.js'
import type { MesOutcome, RuleInput } from '../types.js'
import { splitByMinScore, type MinScoreSplit } from './min_score.js'
import { type MesInstance, type MesRun, plainEndowment, prepareMes, runMes } from './mes_engine.js'

/*
 * `equal-shares` of outcomes.md: Method of Equal Shares with cost utilities on approval (and
 * choose-1) ballots. Every voter starts with B / n; repeatedly select the project with the smallest
 * ρ = q / cost, where q is the smallest per-supporter cap such that supporters paying min(money, q)
 * cover the cost; ties by lower cost, then more supporters, then natural id order. Exact rationals
 * throughout (see mes_engine.ts and its units for the grouped integer representation). Projects
 * below the pot's minimum support never run (min_score.ts) and are skipped as `below_min_score`.
 */

/** Adds the projects below the minimum support to an outcome of the eligible ones. */
export function withBelowMinScore(outcome: MesOutcome, split: MinScoreSplit): MesOutcome {
  if (split.below.length === 0) return outcome
  const below = split.below.map((p) => ({
    id: p.id,
    score: p.score,
    reason: 'below_min_score' as const,
  }))
  return { ...outcome, skipped: [...outcome.skipped, ...below] }
}

export function mesOutcome(inst: MesInstance, run: MesRun, rule: MesOutcome['rule']): MesOutcome {
  const skipped: MesOutcome['skipped'] = []
  const selected = new Set(run.order)
  inst.ids.forEach((id, p) => {
    if (selected.has(p)) return
    // Every supported project is either selected or found unaffordable by the end of a run.
    skipped.push({ id, reason: inst.approvers[p] > 0 ? 'not_affordable' : 'no_supporters' })
  })
  if (run.totalCost.gt(inst.budget) && rule === 'equal-shares')
    throw new Error('equal-shares overspent (bug)')
  return {
    rule,
    selected: run.selections,
    skipped,
    totalCost: run.totalCost,
    endowment: run.endowment,
  }
}

export function noVoterOutcome(input: RuleInput, rule: MesOutcome['rule']): MesOutcome {
  return {
    rule,
    selected: [],
    skipped: input.projects.map((p) => ({ id: p.id, reason: 'no_supporters' as const })),
    totalCost: Rational.ZERO,
    endowment: Rational.ZERO,
  }
}

export default function equalShares(input: RuleInput): MesOutcome {
  const split = splitByMinScore(input)
  const inst = prepareMes(split.eligible)
  const outcome =
    inst.voters === 0
      ? noVoterOutcome(split.eligible, 'equal-shares')
      : mesOutcome(inst, runMes(inst, plainEndowment(inst)), 'equal-shares')
  return withBelowMinScore(outcome, split)
}
