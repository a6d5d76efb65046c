import { Rational, gcd } from '../rational.js'
import type { MesPayment, MesSelection } from '../types.js'
import { Evaluations, OUT, SELECTED } from './mes_evaluation.js'
import type { Endowment, MesInstance } from './mes_instance.js'
import { MoneyClasses } from './mes_money_classes.js'
import { EndowmentSweep } from './mes_sweep.js'

export {
  type Endowment,
  type MesInstance,
  add1Endowment,
  plainEndowment,
  prepareMes,
} from './mes_instance.js'

/*
 * Method of Equal Shares (approval ballots, cost utilities), exact and grouped: the driver of one
 * run. The units:
 * - mes_instance.ts: ballot groups, tie-break ranks, endowments (built once per rule input);
 * - mes_money_classes.ts: voters with equal money as classes, in one integer unit refined lazily;
 * - mes_evaluation.ts: ρ of each candidate, doubles where the margin is wide, exact BigInt
 *   otherwise, and the lazy choice of the winner;
 * - mes_sweep.ts, mes_sweep_caps.ts: the add-one sweep proving ranges of endowments (RunOptions.sweep).
 *
 * Money. `scale` internal units make one currency unit. The scale starts as a multiple of every
 * cost denominator (and of n for the B/n endowment) and is multiplied by K/gcd(R, K) whenever a
 * winner's cap q = R/K is not integral, so money, costs and payments stay integers and every
 * comparison is an integer comparison.
 *
 * A round costs O(Σ ballot-group lengths) integer steps plus O(classes) steps per project that
 * changed; a selection only moves its supporters' groups to their new classes.
 *
 * Invariants: class money ≥ 0; class 0 is the zero class; Σ payments of a selection = its cost;
 * a selected project is never reconsidered; a project whose supporters hold less than its cost is
 * out for good.
 */

export interface MesRun {
  /** Project indices in selection order. */
  order: number[]
  selections: MesSelection[]
  /** Projects found unable to be paid for by their supporters. */
  outOfMoney: number[]
  totalCost: Rational
  endowment: Rational
  /**
   * Sweep runs only: every endowment e + t (t = 0 … stableSteps currency units per voter) makes
   * exactly these selections in this order. See RunOptions.sweep.
   */
  stableSteps?: bigint
}

export interface RunOptions {
  /**
   * Also prove how far, up to `sweep` currency units per voter, the endowment may grow with the
   * same selections in the same order (the add-one completion; how: mes_sweep.ts). The run at
   * t = 0 is exactly a plain run; the unit is refined by SWEEP_UNIT first so that rounding the
   * bounds' slopes outward costs nothing noticeable.
   */
  sweep?: bigint
  /** Compute each selection's payments (default true; costly when money is spread thin). */
  payments?: boolean
}

/** Extra refinement of the internal unit in sweeps, so slope rounding stays far below a cent. */
const SWEEP_UNIT = 1n << 24n

export function runMes(inst: MesInstance, endowment: Endowment, options: RunOptions = {}): MesRun {
  const count = inst.ids.length
  const withPayments = options.payments ?? true
  const sweeping = options.sweep !== undefined
  if (endowment.money < 0n) throw new Error('negative endowment')
  const scale = sweeping ? endowment.unit * SWEEP_UNIT : endowment.unit
  // A sweep's t counts currency units per voter: `scale` internal units.
  const classes = new MoneyClasses(
    inst,
    scale,
    sweeping,
    (endowment.money * scale) / endowment.unit,
    sweeping ? scale : 0n
  )
  const costs = inst.costs.map((c) => (c.num * scale) / c.den)
  const sweep = sweeping ? new EndowmentSweep(inst, classes, costs, options.sweep!) : null
  const evals = new Evaluations(inst, classes, costs, sweep)

  const order: number[] = []
  const selections: MesSelection[] = []
  let spent = 0n
  for (;;) {
    const w = evals.chooseWinner()
    if (w < 0) {
      if (sweep?.active) sweep.ghostsStayUnaffordable()
      break
    }

    // Make q integral by refining the unit (classes catch up when next used).
    let q = evals.qN[w]
    const den = evals.qD[w]
    if (den !== 1n) {
      const f = den / gcd(den, q)
      if (f !== 1n) {
        classes.refine(f)
        evals.refine(f)
        spent *= f
      }
      q = (q * f) / den
    }

    // Sweep bounds of the cap: q + down·t ≤ cap ≤ q + up·t.
    const up = sweep?.active ? sweep.capUp(w, q, evals) : 0n

    // Pay: capped classes give everything (→ zero class), the others give q.
    classes.gather(w, true)
    const down = sweep?.active ? sweep.capDown(w, q, evals) : 0n
    const bounding = sweep !== null && sweep.active
    const allCapped = evals.allCapped[w] === 1
    classes.beginMoves()
    const paidBy = new Map<bigint, number>()
    const merge = new Map<bigint, number>()
    let paid = 0n
    for (const c of classes.touched) {
      const n = classes.perClass[c]
      const v = classes.value[c]
      const capped = allCapped || v <= q
      const amount = capped ? v : q
      classes.moveClass(
        c,
        bounding
          ? sweep.paidClass(c, capped, q, up, down, merge)
          : capped
            ? 0
            : classes.classOf(v - q, 0n, 0n, merge)
      )
      if (withPayments) paidBy.set(amount, (paidBy.get(amount) ?? 0) + n)
      paid += amount * BigInt(n)
    }
    if (paid !== costs[w]) throw new Error('mes: payments do not add up to the cost (bug)')
    spent += paid
    classes.moveGroups(w)
    classes.release()
    classes.paidYet = true
    // Projects sharing a voter with w may have lost money: re-evaluate them (conservatively).
    const touchedProjects = inst.coApproved[w]
    for (let i = 0; i < touchedProjects.length; i++) evals.dirty[touchedProjects[i]] = 1
    evals.status[w] = SELECTED
    order.push(w)
    const payments: MesPayment[] = !withPayments
      ? []
      : [...paidBy]
          .sort((x, y) => (x[0] > y[0] ? -1 : x[0] < y[0] ? 1 : 0))
          .map(([amount, voters]) => ({ voters, amount: Rational.of(amount, classes.scale) }))
    selections.push({
      id: inst.ids[w],
      cost: inst.costs[w],
      rho: Rational.of(evals.rN[w], evals.rD[w]),
      cap: Rational.of(q, classes.scale),
      supporters: inst.approvers[w],
      payments,
      reason: 'equal_shares',
    })
  }

  const totalCost = Rational.of(spent, classes.scale)
  let check = Rational.ZERO
  for (const p of order) check = check.add(inst.costs[p])
  if (!check.eq(totalCost)) throw new Error('mes: spent money differs from the selected cost (bug)')
  const outOfMoney: number[] = []
  for (let p = 0; p < count; p++) if (evals.status[p] === OUT) outOfMoney.push(p)
  return {
    order,
    selections,
    outOfMoney,
    totalCost,
    endowment: Rational.of(endowment.money, endowment.unit),
    stableSteps: sweep?.limit,
  }
}
