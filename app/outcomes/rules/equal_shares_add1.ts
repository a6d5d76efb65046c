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
 * Speed without changing the definition: after the real run at k, a run at k + step is forced to make
 * the same selections and checks a range certificate (ForcedOrder in mes_engine.ts): when it holds,
 * every k in between selects the same projects in the same order — same cost, same stopping test — so
 * the loop jumps to k + step (doubling the step, except right after a failed jump); otherwise the
 * step is halved, down to the plain k + 1. A certified forced run is the real run at its k, so the returned outcome (ρ, payments,
 * endowment) is exactly the one of the step-by-step loop.
 */

export interface Add1Options {
  /** Evaluate every k one by one (reference behaviour, slow); default false. */
  stepByStep?: boolean
  /** Upper limit on equal-shares runs; exceeded → error. */
  runsMax?: number
  /** Observer called after every run (k, whether it was a forced certificate run, its outcome). */
  onRun?: (k: bigint, certificate: boolean, run: MesRun, certified?: boolean) => void
}

const RUNS_MAX_DEFAULT = 1_000_000

export default function equalSharesAdd1(input: RuleInput, options: Add1Options = {}): MesOutcome {
  const inst = prepareMes(input)
  if (inst.voters === 0) return noVoterOutcome(input, 'equal-shares-add1')
  const runsMax = options.runsMax ?? RUNS_MAX_DEFAULT
  const supported = inst.approvers.filter((a) => a > 0).length
  const holdsAllSupported = (run: MesRun) => run.order.length === supported
  const jump = !options.stepByStep

  let runs = 1
  const countRun = () => {
    if (++runs > runsMax) throw new Error(`equal-shares-add1: more than ${runsMax} runs`)
  }
  let kept: MesRun = runMes(inst, plainEndowment(inst))
  if (kept.totalCost.gt(inst.budget)) throw new Error('equal-shares overspent (bug)')
  let keptK = 0n
  if (!holdsAllSupported(kept)) {
    let k = 1n
    let step = 2n
    let justFailed = false // after a failed jump, grow the step again only after a success
    let run = runMes(inst, add1Endowment(inst, k), { payments: false })
    countRun()
    options.onRun?.(k, false, run)
    while (run.totalCost.lte(inst.budget)) {
      kept = run
      keptK = k
      if (holdsAllSupported(run)) break
      let jumped = false
      while (jump && step >= 2n) {
        const forced = {
          order: run.order,
          rhos: run.selections.map((s) => ({ num: s.rho.num, den: s.rho.den })),
        }
        const high = runMes(inst, add1Endowment(inst, k + step), { forced, payments: false })
        countRun()
        options.onRun?.(k + step, true, high, high.certified)
        if (high.certified) {
          k += step
          run = high
          if (!justFailed) step *= 2n
          justFailed = false
          jumped = true
          break
        }
        step /= 2n
        justFailed = true
      }
      if (!jumped) {
        k += 1n
        step = 2n
        run = runMes(inst, add1Endowment(inst, k), { payments: false })
        countRun()
        options.onRun?.(k, false, run)
      }
    }
  }
  if (keptK > 0n) {
    // The loop ran without payments; evaluate the returned step once more with them.
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
