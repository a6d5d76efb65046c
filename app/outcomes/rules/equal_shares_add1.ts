import type { MesOutcome, RuleInput } from '../types.js'
import { mesOutcome, noVoterOutcome } from './equal_shares.js'
import { type MesRun, add1Endowment, plainEndowment, prepareMes, runMes } from './mes_engine.js'

/*
 * `equal-shares-add1` of outcomes.md (completion as Wieliczka 2023, Świecie 2023, Assen 2024):
 * 1. run equal-shares with B;
 * 2. for k = 1, 2, …: run equal-shares with every voter starting with floor(B / n) + k. Keep the outcome
 *    while it costs at most B; at the first k where it costs more, stop and return the last kept one.
 *    Also stop when the kept outcome already holds every project with at least one supporter.
 * No greedy filling afterwards.
 *
 * Speed without changing the definition: a run at k is parametric (see mes_engine.ts) and reports
 * kMax, the last k for which every decision of the run is unchanged. All k in [k, kMax] therefore
 * give the same selection, so the loop jumps to kMax + 1. The returned run is re-evaluated at the
 * exact k that the step-by-step loop would have returned, so ρ, payments and endowment are exact.
 */

export interface Add1Options {
  /** Evaluate every k one by one (reference behaviour, slow); default false. */
  stepByStep?: boolean
  /** Upper limit on equal-shares runs; exceeded → error. */
  runsMax?: number
}

const RUNS_MAX_DEFAULT = 1_000_000

export default function equalSharesAdd1(input: RuleInput, options: Add1Options = {}): MesOutcome {
  const inst = prepareMes(input)
  if (inst.voters === 0) return noVoterOutcome(input, 'equal-shares-add1')
  const runsMax = options.runsMax ?? RUNS_MAX_DEFAULT
  const supported = inst.approvers.filter((a) => a > 0).length
  const holdsAllSupported = (run: MesRun) => run.order.length === supported

  let runs = 1
  const plain = runMes(inst, plainEndowment(inst), false)
  if (plain.totalCost.gt(inst.budget)) throw new Error('equal-shares overspent (bug)')
  let kept: MesRun = plain
  let keptK = 0n // the step the kept outcome stands for (0 = plain run)
  let keptRunK = 0n // the step `kept` was actually evaluated at
  if (!holdsAllSupported(plain)) {
    let k = 1n
    for (;;) {
      if (runs >= runsMax) throw new Error(`equal-shares-add1: more than ${runsMax} runs`)
      const run = runMes(inst, add1Endowment(inst, k), !options.stepByStep)
      runs++
      if (run.totalCost.gt(inst.budget)) break
      kept = run
      keptRunK = k
      if (holdsAllSupported(run)) {
        keptK = k
        break
      }
      if (options.stepByStep) {
        keptK = k
        k += 1n
        continue
      }
      if (run.kMax === null) {
        throw new Error('equal-shares-add1: outcome constant for all larger k without holding every project (bug)')
      }
      if (run.kMax < k) throw new Error('equal-shares-add1: kMax below k (bug)')
      keptK = run.kMax
      k = run.kMax + 1n
    }
    if (keptK !== keptRunK) {
      const exact = runMes(inst, add1Endowment(inst, keptK), false)
      runs++
      if (exact.order.join(',') !== kept.order.join(',')) {
        throw new Error('equal-shares-add1: outcome changed inside a constant range (bug)')
      }
      kept = exact
    }
  }
  const outcome = mesOutcome(inst, kept, 'equal-shares-add1')
  if (outcome.totalCost.gt(inst.budget)) throw new Error('equal-shares-add1 overspent (bug)')
  outcome.completionStep = Number(keptK)
  outcome.runsEvaluated = runs
  return outcome
}
