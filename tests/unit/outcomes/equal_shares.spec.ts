import { test } from '@japa/runner'
import { Rational } from '#outcomes/rational'
import equalShares from '#outcomes/rules/equal_shares'
import equalSharesAdd1 from '#outcomes/rules/equal_shares_add1'
import { add1Endowment, prepareMes, runMes } from '#outcomes/rules/mes_engine'
import type { Ballot, MesOutcome, RuleInput } from '#outcomes/types'
import { referenceAdd1, referenceEqualShares } from './helpers/reference_mes.js'

const R = (s: string | number) =>
  typeof s === 'number' ? Rational.fromInteger(s) : Rational.parse(s)
const projects = (spec: Record<string, number | string>) =>
  Object.entries(spec).map(([id, cost]) => ({ id, cost: R(cost) }))
const approvals = (...lists: string[][]): Ballot[] => lists.map((chosen) => ({ projects: chosen }))
const ids = (o: MesOutcome) => o.selected.map((s) => s.id)
const frac = (r: Rational) => (r.den === 1n ? `${r.num}` : `${r.num}/${r.den}`)
const rhos = (o: MesOutcome) => o.selected.map((s) => frac(s.rho))

/*
 * Hand-computed instance (4 voters, B = 100, 25 each):
 *   A cost 60 ← v1 v2 v3;  B cost 40 ← v3 v4;  C cost 30 ← v4;  W cost 5 ← nobody.
 * Round 1: A q = 20, ρ = 1/3; B q = 20, ρ = 1/2; C: 25 < 30, out. A wins; v1–v3 keep 5, v4 25.
 * Round 2: B: 5 + 25 < 40, out. → [A], cost 60.
 * add1 (floor(B/n) + k = 25 + k = e): after A, v3 holds e − 20 and v4 e.
 *   B fits in round 2 when (e − 20) + e ≥ 40 → e ≥ 30 (k = 5);
 *   C (ρ = 1, always last) fits after B when v4 keeps ≥ 30: for e ≥ 40 v4 pays 20 → e ≥ 50 (k = 25).
 *   k = 1…4 → {A} (60); k = 5…24 → {A, B} (100); k = 25 → {A, B, C} (130 > 100) → return k = 24.
 */
const abc: RuleInput = {
  projects: projects({ A: 60, B: 40, C: 30, W: 5 }),
  budget: R(100),
  ballots: approvals(['A'], ['A'], ['A', 'B'], ['B', 'C']),
}

test.group('Outcomes / equal shares (hand-computed)', () => {
  test('basic run: ρ, payments, out-of-money and unsupported projects', ({ assert }) => {
    const out = equalShares(abc)
    assert.deepEqual(ids(out), ['A'])
    assert.deepEqual(rhos(out), ['1/3'])
    assert.isTrue(out.totalCost.eq(R(60)))
    assert.isTrue(out.endowment.eq(R(25)))
    assert.deepEqual(
      out.selected[0].payments.map((p) => [p.voters, p.amount.toString()]),
      [[3, '20']]
    )
    assert.isTrue(out.selected[0].cap.eq(R(20)))
    assert.deepEqual(
      out.skipped.map((s) => [s.id, s.reason]),
      [
        ['B', 'not_affordable'],
        ['C', 'not_affordable'],
        ['W', 'no_supporters'],
      ]
    )
  })

  test('minimum support: projects below it never run; n and B / n stay', ({ assert }) => {
    // A has 3 supporters, B 2, C 1, W 0; with a minimum of 2, C and W are out from the start.
    const out = equalShares({ ...abc, minScore: R(2) })
    assert.deepEqual(ids(out), ['A'])
    assert.isTrue(out.endowment.eq(R(25)))
    assert.deepEqual(
      out.skipped.map((s) => [s.id, s.reason]),
      [
        ['B', 'not_affordable'],
        ['C', 'below_min_score'],
        ['W', 'below_min_score'],
      ]
    )
    assert.equal(out.skipped.find((s) => s.id === 'C')!.score!.toString(), '1')
    // add1: without C, the completion holds every eligible project at k = 5 ({A, B}, cost 100)
    // instead of going on to k = 24
    const add1 = equalSharesAdd1({ ...abc, minScore: R(2) })
    assert.deepEqual(ids(add1), ['A', 'B'])
    assert.equal(add1.completionStep, 5)
    assert.equal(equalSharesAdd1(abc).completionStep, 24)
    // a minimum nobody reaches leaves nothing to fund
    const none = equalSharesAdd1({ ...abc, minScore: R(4) })
    assert.deepEqual(ids(none), [])
    assert.sameMembers(
      none.skipped.map((s) => s.reason),
      ['below_min_score', 'below_min_score', 'below_min_score', 'below_min_score']
    )
  })

  test('capped supporters pay what they have, the others share the rest exactly', ({ assert }) => {
    /*
     * 6 voters, B = 60 (10 each). P cost 15 ← v1 v2 v3; Q cost 24 ← v3 v4 v5 v6.
     * Round 1: P ρ = 5/15 = 1/3; Q ρ = 6/24 = 1/4 → Q; v3–v6 keep 4.
     * Round 2: P: v3 has 4, 4·3 ≤ 15 → v3 pays 4; the rest 11 is split by v1, v2: q = 11/2, ρ = 11/30.
     */
    const out = equalShares({
      projects: projects({ P: 15, Q: 24 }),
      budget: R(60),
      ballots: approvals(['P'], ['P'], ['P', 'Q'], ['Q'], ['Q'], ['Q']),
    })
    assert.deepEqual(ids(out), ['Q', 'P'])
    assert.deepEqual(rhos(out), ['1/4', '11/30'])
    assert.deepEqual(
      out.selected[1].payments.map((p) => [p.voters, p.amount.toString()]),
      [
        [2, '5.5'],
        [1, '4'],
      ]
    )
    assert.isTrue(out.totalCost.eq(R(39)))
  })

  test('ties: equal ρ → lower cost first', ({ assert }) => {
    // 2 voters with 30 each; b (10) ← v1 and a (20) ← v2 both have ρ = 1. Natural id would pick a.
    const out = equalShares({
      projects: projects({ a: 20, b: 10 }),
      budget: R(60),
      ballots: approvals(['b'], ['a']),
    })
    assert.deepEqual(ids(out), ['b', 'a'])
    assert.deepEqual(rhos(out), ['1', '1'])
  })

  test('ties: equal ρ and cost → more supporters first', ({ assert }) => {
    /*
     * 5 voters, 10 each. Z (30) ← v2 v4 v5: ρ = 1/3; y (10) ← v1 v2: ρ = 1/2; x (10) ← v3: ρ = 1.
     * Round 1: Z; v2, v4, v5 are left with 0. Round 2: y: v1 pays all 10 (v2 has nothing): ρ = 1;
     * x: ρ = 1. Same ρ, same cost, y has 2 supporters, x 1 → y, then x.
     */
    const out = equalShares({
      projects: projects({ x: 10, y: 10, Z: 30 }),
      budget: R(50),
      ballots: approvals(['y'], ['Z', 'y'], ['x'], ['Z'], ['Z']),
    })
    assert.deepEqual(ids(out), ['Z', 'y', 'x'])
    assert.deepEqual(rhos(out), ['1/3', '1', '1'])
    assert.isTrue(out.totalCost.eq(R(50)))
  })

  test('ties: equal ρ, cost and supporters → natural id order (c2 before c10)', ({ assert }) => {
    const out = equalShares({
      projects: projects({ c10: 10, c2: 10 }),
      budget: R(20),
      ballots: approvals(['c10'], ['c2']),
    })
    assert.deepEqual(ids(out), ['c2', 'c10'])
  })

  test('decimal costs and a budget not divisible by n stay exact', ({ assert }) => {
    // 3 voters with 100/3 each; p (33.33) ← all: q = 11.11; r (66.67) ← v1 v2: v1, v2 hold 22.2233… each.
    const out = equalShares({
      projects: projects({ p: '33.33', r: '66.67' }),
      budget: R(100),
      ballots: approvals(['p', 'r'], ['p', 'r'], ['p']),
    })
    assert.deepEqual(ids(out), ['p'])
    assert.deepEqual(rhos(out), ['1/3'])
    assert.isTrue(out.endowment.eq(Rational.of(100, 3)))
  })

  test('rejects non-approval ballots', ({ assert }) => {
    assert.throws(() => equalShares({ ...abc, voteType: 'cumulative' }), /approval/)
    assert.throws(() => equalSharesAdd1({ ...abc, voteType: 'ordinal' }), /approval/)
  })
})

test.group('Outcomes / equal shares add1 (hand-computed)', () => {
  test('stops at the first overspending k and returns the last kept outcome', ({ assert }) => {
    const out = equalSharesAdd1(abc)
    assert.deepEqual(ids(out), ['A', 'B'])
    assert.isTrue(out.totalCost.eq(R(100)))
    assert.isTrue(out.endowment.eq(R(49)))
    assert.equal(out.completionStep, 24)
    // At e = 49: A q = 20 (ρ 1/3); then B: v3 holds 29, v4 49 → q = 20, ρ = 1/2.
    assert.deepEqual(rhos(out), ['1/3', '1/2'])
    const slow = equalSharesAdd1(abc, { stepByStep: true })
    assert.deepEqual(ids(slow), ids(out))
    assert.equal(slow.completionStep, 24)
    assert.equal(slow.runsEvaluated, 27) // plain run, k = 1…25, and one re-run of k = 24 with payments
  })

  test('stops when every supported project is in (unsupported ones do not count)', ({ assert }) => {
    // 2 voters, B = 100. Z (90) ← v1 v2, X (10) ← v1, W ← nobody. Plain: Z (45 each), X out (5 < 10).
    // X fits after Z once v1 keeps ≥ 10: e − 45 ≥ 10 → e = 55, k = 5; Z + X = 100 ≤ B, all in → stop.
    const input: RuleInput = {
      projects: projects({ Z: 90, X: 10, W: 1 }),
      budget: R(100),
      ballots: approvals(['Z', 'X'], ['Z']),
    }
    assert.deepEqual(ids(equalShares(input)), ['Z'])
    const out = equalSharesAdd1(input)
    assert.deepEqual(ids(out), ['Z', 'X'])
    assert.equal(out.completionStep, 5)
    assert.isTrue(out.endowment.eq(R(55)))
    assert.deepEqual(
      out.skipped.map((s) => [s.id, s.reason]),
      [['W', 'no_supporters']]
    )
  })

  test('returns the plain run when k = 1 already overspends', ({ assert }) => {
    // 2 voters with 50; P (100) ← both, Q (1) ← v1. Plain: P takes everything. k = 1: P then Q = 101.
    const input: RuleInput = {
      projects: projects({ P: 100, Q: 1 }),
      budget: R(100),
      ballots: approvals(['P', 'Q'], ['P']),
    }
    const out = equalSharesAdd1(input)
    assert.deepEqual(ids(out), ['P'])
    assert.equal(out.completionStep, 0)
    assert.isTrue(out.endowment.eq(R(50)))
  })

  test('no greedy filling after the completion', ({ assert }) => {
    // Same as the A/B/C instance: 0 is left over at k = 24 but C (30) is never added greedily.
    const out = equalSharesAdd1({ ...abc, budget: R(101) })
    // With B = 101: floor(101/4) = 25, same steps; {A,B} costs 100 ≤ 101, {A,B,C} 130 > 101.
    assert.deepEqual(ids(out), ['A', 'B'])
  })
})

/** Deterministic pseudo-random numbers (LCG), so failures can be replayed from the seed. */
function lcg(seed: number) {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

function randomInstance(seed: number): RuleInput {
  const rnd = lcg(seed)
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1))
  const count = int(1, 7)
  const list = Array.from({ length: count }, (_, i) => ({
    id: `p${i + 1}`,
    cost:
      int(0, 4) === 0
        ? Rational.of(int(1, 6000), 100)
        : Rational.fromInteger(
            int(0, 3) === 0 ? int(1, 4) * 10 : int(1, 60) * (int(0, 1) ? 1 : 50)
          ),
  }))
  const ballots = Array.from({ length: int(1, 25) }, () => ({
    projects: list.filter(() => rnd() < 0.4).map((p) => p.id),
  }))
  const budget =
    int(0, 2) === 0
      ? Rational.of(int(100, 20000), int(1, 3) === 1 ? 1 : 100)
      : Rational.fromInteger(int(10, 150))
  return { projects: list, ballots, budget }
}

test.group('Outcomes / equal shares vs a plain per-voter implementation', () => {
  test('random small instances: equal-shares agrees exactly (order and ρ)', ({ assert }) => {
    for (let seed = 1; seed <= 400; seed++) {
      const input = randomInstance(seed)
      const fast = equalShares(input)
      const slow = referenceEqualShares(input)
      assert.deepEqual(ids(fast), slow.selected, `seed ${seed}`)
      assert.deepEqual(rhos(fast), slow.rhos.map(frac), `seed ${seed}`)
      assert.isTrue(fast.totalCost.lte(input.budget), `seed ${seed}`)
    }
  })

  test('random small instances: add1 agrees with the step-by-step definition', ({ assert }) => {
    for (let seed = 1; seed <= 400; seed++) {
      const input = randomInstance(seed)
      const fast = equalSharesAdd1(input)
      const stepwise = equalSharesAdd1(input, { stepByStep: true })
      const slow = referenceAdd1(input)
      assert.deepEqual(ids(fast), slow.selected, `seed ${seed}`)
      assert.deepEqual(ids(stepwise), slow.selected, `seed ${seed}`)
      assert.deepEqual(rhos(fast), slow.rhos.map(frac), `seed ${seed}`)
      assert.isTrue(fast.endowment.eq(slow.endowment), `seed ${seed}`)
      assert.isTrue(stepwise.endowment.eq(slow.endowment), `seed ${seed}`)
      assert.isTrue(fast.totalCost.lte(input.budget), `seed ${seed}`)
    }
  })
})

/*
 * Larger instances for the add-one sweep: costs drawn from a few values (many equal ρ, so ties by
 * cost, supporters and id decide), popular and unpopular projects, budgets whose completion walks
 * k over hundreds or thousands of steps.
 */
function completionInstance(seed: number): RuleInput {
  const rnd = lcg(seed)
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1))
  const costs = [60, 120, 120, 300, 450, 900, 1200].slice(0, int(2, 7))
  const list = Array.from({ length: int(4, 12) }, (_, i) => ({
    id: `p${i + 1}`,
    cost: Rational.fromInteger(costs[int(0, costs.length - 1)] * int(1, 3)),
    popularity: rnd(),
  }))
  const ballots = Array.from({ length: int(20, 160) }, () => ({
    projects: list.filter((p) => rnd() < p.popularity * 0.7).map((p) => p.id),
  }))
  const total = list.reduce((sum, p) => sum + Number(p.cost.num), 0)
  return {
    projects: list.map(({ id, cost }) => ({ id, cost })),
    ballots,
    budget: Rational.fromInteger(Math.max(10, Math.floor(total * (0.15 + rnd() * 0.5)))),
  }
}

test.group('Outcomes / equal shares add1: proven ranges of k', () => {
  test('every k of every proven range makes the same selections as a plain run', ({ assert }) => {
    let ranges = 0
    let longest = 0n
    for (let seed = 1; seed <= 150; seed++) {
      const input = completionInstance(seed)
      const inst = prepareMes(input)
      let next = 1n
      const out = equalSharesAdd1(input, {
        onRange: (from, to, order) => {
          assert.equal(from, next, `seed ${seed}: ranges follow each other`)
          next = to + 1n
          ranges++
          if (to - from > longest) longest = to - from
          for (let k = from; k <= to; k++) {
            const run = runMes(inst, add1Endowment(inst, k), { payments: false })
            assert.deepEqual(run.order, [...order], `seed ${seed}, k = ${k}`)
          }
        },
      })
      const stepwise = equalSharesAdd1(input, { stepByStep: true })
      assert.deepEqual(ids(out), ids(stepwise), `seed ${seed}`)
      assert.equal(out.completionStep, stepwise.completionStep, `seed ${seed}`)
      assert.deepEqual(rhos(out), rhos(stepwise), `seed ${seed}`)
      assert.deepEqual(
        out.selected.map((s) => s.payments.map((p) => `${p.voters}×${p.amount}`)),
        stepwise.selected.map((s) => s.payments.map((p) => `${p.voters}×${p.amount}`)),
        `seed ${seed}`
      )
      assert.isTrue(out.endowment.eq(stepwise.endowment), `seed ${seed}`)
    }
    // The instances do exercise long ranges, not only single steps.
    assert.isAbove(Number(longest), 50)
    assert.isAbove(ranges, 150)
  }).timeout(300_000)
})
