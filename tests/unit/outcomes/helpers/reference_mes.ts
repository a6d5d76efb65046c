import { compareNaturalIds } from '#outcomes/natural_id_order'
import { Rational } from '#outcomes/rational'
import type { RuleInput } from '#outcomes/types'

/*
 * Deliberately plain Method of Equal Shares, used only to cross-check the grouped engine: one Rational
 * per voter, no grouping, no caching, no parametric tricks — straight from outcomes.md.
 */

export interface ReferenceRun {
  selected: string[]
  rhos: Rational[]
  cost: Rational
  endowment: Rational
}

export function referenceMes(input: RuleInput, endowment: Rational): ReferenceRun {
  const ids = input.projects.map((p) => p.id)
  const supporters: number[][] = ids.map(() => [])
  input.ballots.forEach((ballot, v) => {
    for (const id of new Set(ballot.projects)) supporters[ids.indexOf(id)].push(v)
  })
  const money = input.ballots.map(() => endowment)
  const candidate = ids.map((_, p) => supporters[p].length > 0)
  const selected: string[] = []
  const rhos: Rational[] = []
  let cost = Rational.ZERO
  for (;;) {
    let best = -1
    let bestQ = Rational.ZERO
    let bestRho = Rational.ZERO
    for (let p = 0; p < ids.length; p++) {
      if (!candidate[p]) continue
      const c = input.projects[p].cost
      const holdings = supporters[p].map((v) => money[v]).sort((x, y) => x.cmp(y))
      if (Rational.sum(holdings).lt(c)) {
        candidate[p] = false
        continue
      }
      // smallest q with Σ min(money, q) = cost
      let rest = c
      let q = Rational.ZERO
      let found = false
      for (let i = 0; i < holdings.length; i++) {
        const share = rest.div(Rational.fromInteger(holdings.length - i))
        if (holdings[i].gte(share)) {
          q = share
          found = true
          break
        }
        rest = rest.sub(holdings[i])
      }
      if (!found) q = holdings[holdings.length - 1]
      const rho = c.isZero() ? Rational.ZERO : q.div(c)
      const better =
        best < 0 ||
        rho.lt(bestRho) ||
        (rho.eq(bestRho) &&
          (c.lt(input.projects[best].cost) ||
            (c.eq(input.projects[best].cost) &&
              (supporters[p].length > supporters[best].length ||
                (supporters[p].length === supporters[best].length &&
                  compareNaturalIds(ids[p], ids[best]) < 0)))))
      if (better) {
        best = p
        bestQ = q
        bestRho = rho
      }
    }
    if (best < 0) break
    for (const v of supporters[best]) money[v] = money[v].sub(Rational.min(money[v], bestQ))
    candidate[best] = false
    selected.push(ids[best])
    rhos.push(bestRho)
    cost = cost.add(input.projects[best].cost)
  }
  return { selected, rhos, cost, endowment }
}

export function referenceEqualShares(input: RuleInput): ReferenceRun {
  return referenceMes(input, input.budget.div(Rational.fromInteger(input.ballots.length)))
}

/** add1 exactly as written: k = 1, 2, … one run each. */
export function referenceAdd1(input: RuleInput, runsMax = 100_000): ReferenceRun {
  const n = Rational.fromInteger(input.ballots.length)
  const supported = new Set(input.ballots.flatMap((b) => b.projects)).size
  let kept = referenceEqualShares(input)
  const base = input.budget.div(n).floor()
  for (let k = 1n; kept.selected.length < supported; k++) {
    if (k > BigInt(runsMax)) throw new Error('referenceAdd1: too many runs')
    const run = referenceMes(input, Rational.fromInteger(base + k))
    if (run.cost.gt(input.budget)) break
    kept = run
  }
  return kept
}
