import type { MesOutcome, RuleInput } from '../types.js'
import { mesOutcome, noVoterOutcome, withBelowMinScore } from './equal_shares.js'
import { splitByMinScore } from './min_score.js'
import { type MesRun, add1Endowment, plainEndowment, prepareMes, runMes } from './mes_engine.js'

/*
 * `equal-shares-add1` of outcomes.md (completion as Wieliczka 2023, Świecie 2023, Assen 2024):
 * 1. run equal-shares with B;
 * 2. for k = 1, 2, …: run equal-shares with every voter starting with floor(B / n) + k. Keep the outcome
 *    while it costs at most B; at the first k where it costs more, stop and return the last kept one.
 *    Also stop when the kept outcome already holds every project with at least one supporter.
 * No greedy filling afterwards. Projects below the pot's minimum support are left out of every run
 * (min_score.ts), so "every project with at least one supporter" means every eligible one.
 *
 * Speed without changing the definition: the run at k is a sweep (RunOptions.sweep; mes_sweep.ts)
 * that also proves, exactly, up to which k' every run selects the same projects in the same order —
 * so the same cost and the same stopping test for all of k … k'. The loop then goes on at k' + 1.
 * The returned outcome (ρ, payments, endowment) comes from a final plain run at the kept k, so it is
 * exactly the one of the step-by-step loop.
 */

export interface Add1Options {
  /** Evaluate every k one by one (reference behaviour, slow); default false. */
  stepByStep?: boolean
  /** Upper limit on equal-shares runs; exceeded → error. */
  runsMax?: number
  /** Observer of every range of k found to select `order` (project indices), kept or not. */
  onRange?: (from: bigint, to: bigint, order: readonly number[]) => void
}

const RUNS_MAX_DEFAULT = 1_000_000
const SPAN_MIN = 16n

export default function equalSharesAdd1(input: RuleInput, options: Add1Options = {}): MesOutcome {
  const split = splitByMinScore(input)
  if (split.below.length > 0) {
    return withBelowMinScore(equalSharesAdd1(split.eligible, options), split)
  }
  const inst = prepareMes(input)
  if (inst.voters === 0) return noVoterOutcome(input, 'equal-shares-add1')
  const runsMax = options.runsMax ?? RUNS_MAX_DEFAULT
  const supported = inst.approvers.filter((a) => a > 0).length
  const holdsAllSupported = (run: MesRun) => run.order.length === supported
  const sweep = !options.stepByStep

  let runs = 1
  let kept: MesRun = runMes(inst, plainEndowment(inst))
  if (kept.totalCost.gt(inst.budget)) throw new Error('equal-shares overspent (bug)')
  let keptK = 0n
  let span = SPAN_MIN
  for (let k = 1n; !holdsAllSupported(kept);) {
    if (++runs > runsMax) throw new Error(`equal-shares-add1: more than ${runsMax} runs`)
    const run = runMes(inst, add1Endowment(inst, k), {
      payments: false,
      sweep: sweep ? span : undefined,
    })
    const steps = run.stableSteps ?? 0n
    options.onRange?.(k, k + steps, run.order)
    if (run.totalCost.gt(inst.budget)) break
    kept = run
    keptK = k
    if (holdsAllSupported(run)) break
    if (!sweep) {
      k += 1n
      continue
    }
    keptK = k + steps
    k = keptK + 1n
    // Bounds loosen with the range's length: after a whole range held, try a much longer one;
    // after a shorter proof the selection is about to change (or the bounds were loose), so try
    // about half as far.
    span = steps === span ? span * 8n : steps / 2n + SPAN_MIN
  }
  if (keptK > 0n) {
    // The loop ran without payments (and, sweeping, may keep a later k than it ran); evaluate the
    // returned step once more with them.
    const exact = runMes(inst, add1Endowment(inst, keptK))
    runs++
    if (exact.order.join(',') !== kept.order.join(','))
      throw new Error('equal-shares-add1: rerun differs (bug)')
    kept = exact
  }
  const outcome = mesOutcome(inst, kept, 'equal-shares-add1')
  if (outcome.totalCost.gt(inst.budget)) throw new Error('equal-shares-add1 overspent (bug)')
  outcome.completionStep = Number(keptK)
  outcome.runsEvaluated = runs
  return outcome
}
