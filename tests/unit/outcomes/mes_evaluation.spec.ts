import { test } from '@japa/runner'
import { Rational } from '#outcomes/rational'
import { CANDIDATE, Evaluations, OUT, SELECTED } from '#outcomes/rules/mes_evaluation'
import { type MesInstance, prepareMes } from '#outcomes/rules/mes_instance'
import { MoneyClasses } from '#outcomes/rules/mes_money_classes'
import type { Ballot } from '#outcomes/types'

/*
 * ρ-evaluation on hand-made money: each test puts ballot groups into classes of chosen money
 * (internal unit = one currency unit) and evaluates projects directly, outside any run.
 */

function instance(costs: Record<string, number>, ballots: string[][]): MesInstance {
  return prepareMes({
    projects: Object.entries(costs).map(([id, cost]) => ({ id, cost: Rational.fromInteger(cost) })),
    budget: Rational.fromInteger(1),
    ballots: ballots.map((projects): Ballot => ({ projects })),
  })
}

/** Classes where ballot group g holds money[g] per voter. */
function moneyClasses(inst: MesInstance, money: bigint[]): MoneyClasses {
  const classes = new MoneyClasses(inst, 1n, false, 0n, 0n)
  money.forEach((m, g) => (classes.groupClass[g] = classes.classOf(m, 0n, 0n)))
  classes.paidYet = true
  return classes
}

/** Plain-run evaluations over those classes. */
function evaluations(inst: MesInstance, classes: MoneyClasses): Evaluations {
  return new Evaluations(
    inst,
    classes,
    inst.costs.map((c) => c.num),
    null
  )
}

const evaluationsWith = (inst: MesInstance, money: bigint[]) =>
  evaluations(inst, moneyClasses(inst, money))

/** num / den in lowest terms, as "a/b" (or "a"). */
function ratio(num: bigint, den: bigint): string {
  const r = Rational.of(num, den)
  return r.den === 1n ? `${r.num}` : `${r.num}/${r.den}`
}

/*
 * P cost 15 ← v1 v2 v3; Q cost 24 ← v3 v4 v5 v6 (the 6-voter case of equal_shares.spec.ts).
 * Groups: {P} × 2 (v1 v2), {P, Q} × 1 (v3), {Q} × 3 (v4–v6).
 */
const pq = instance({ P: 15, Q: 24 }, [['P'], ['P'], ['P', 'Q'], ['Q'], ['Q'], ['Q']])
const [P, Q] = [0, 1]

test.group('Outcomes / equal shares: ρ-evaluation', () => {
  test('everybody uncapped: q = cost / supporters, ρ = q / cost', ({ assert }) => {
    const evals = evaluationsWith(pq, [10n, 10n, 10n])
    evals.evaluate(P, true)
    assert.equal(evals.exact[P], 1)
    assert.equal(ratio(evals.qN[P], evals.qD[P]), '5')
    assert.equal(ratio(evals.rN[P], evals.rD[P]), '1/3')
    assert.equal(evals.allCapped[P], 0)
  })

  test('a supporter holding less than q pays all it has, the others share the rest', ({
    assert,
  }) => {
    // After Q (q = 6): v3 keeps 4. P: v3 pays 4, v1 and v2 share 11 → q = 11/2, ρ = 11/30.
    const evals = evaluationsWith(pq, [10n, 4n, 4n])
    evals.evaluate(P, true)
    assert.equal(ratio(evals.qN[P], evals.qD[P]), '11/2')
    assert.equal(ratio(evals.rN[P], evals.rD[P]), '11/30')
    assert.closeTo(evals.rF[P], 11 / 30, 1e-12)
  })

  test('supporters holding exactly the cost all pay everything (q = the largest holding)', ({
    assert,
  }) => {
    // P: 5 + 5 + 5 = 15.
    const evals = evaluationsWith(pq, [5n, 5n, 0n])
    evals.evaluate(P, true)
    assert.equal(evals.status[P], CANDIDATE)
    assert.equal(evals.allCapped[P], 1)
    assert.equal(ratio(evals.qN[P], evals.qD[P]), '5')
    assert.equal(ratio(evals.rN[P], evals.rD[P]), '1/3')
  })

  test('supporters holding less than the cost: out, by doubles and exactly', ({ assert }) => {
    for (const wantExact of [false, true]) {
      const evals = evaluationsWith(pq, [7n, 0n, 0n])
      evals.evaluate(P, wantExact)
      assert.equal(evals.status[P], OUT, '7 + 7 + 0 < 15')
      evals.evaluate(Q, wantExact)
      assert.equal(evals.status[Q], OUT, 'nobody supporting Q has money')
    }
    // One unit short of 2·10¹²: far inside the doubles' margin, decided exactly.
    const big = instance({ P: 2_000_000_000_000, Z: 1 }, [['P'], ['P', 'Z']])
    const evals = evaluationsWith(big, [1_000_000_000_000n, 999_999_999_999n])
    evals.evaluate(0)
    assert.equal(evals.status[0], OUT)
    const enough = evaluationsWith(big, [1_000_000_000_000n, 1_000_000_000_000n])
    enough.evaluate(0)
    assert.equal(enough.status[0], CANDIDATE)
    assert.equal(enough.allCapped[0], 1)
  })

  test('a wide margin is decided by doubles alone; exact values come on demand', ({ assert }) => {
    const evals = evaluationsWith(pq, [10n, 10n, 10n])
    evals.evaluate(Q)
    assert.equal(evals.exact[Q], 0)
    assert.closeTo(evals.rF[Q], 1 / 4, 1e-12)
    assert.equal(evals.dirty[Q], 0)
    evals.ensureExact(Q)
    assert.equal(evals.exact[Q], 1)
    assert.equal(ratio(evals.rN[Q], evals.rD[Q]), '1/4')
  })

  test('refine rescales costs and caps in place', ({ assert }) => {
    const evals = evaluationsWith(pq, [10n, 4n, 4n])
    evals.evaluate(P, true)
    evals.refine(2n)
    assert.deepEqual(evals.costs, [30n, 48n])
    assert.deepEqual([evals.qN[P], evals.qD[P]], [22n, 2n])
  })
})

/*
 * A near-tie the doubles cannot see: X cost 3·10¹⁷ with supporters holding 10¹⁷ (capped) and
 * 10¹⁸; Y cost 3·10¹⁷ + 3 with 10¹⁷ + 2 (capped) and 10¹⁸.
 *   ρ(X) = 2·10¹⁷ / 3·10¹⁷ = 2/3;  ρ(Y) = (2·10¹⁷ + 1) / (3·10¹⁷ + 3) = 2/3 − 1/(3·10¹⁷ + 3).
 * Y has the smaller ρ (by 5·10⁻¹⁸ relative: the doubles are equal) although X ranks first
 * (lower cost). Z (cost 1) only gives the two capped supporters a ballot of their own.
 */
const E17 = 10n ** 17n
const near = prepareMes({
  projects: [
    { id: 'X', cost: Rational.fromInteger(3n * E17) },
    { id: 'Y', cost: Rational.fromInteger(3n * E17 + 3n) },
    { id: 'Z', cost: Rational.fromInteger(1) },
  ],
  budget: Rational.fromInteger(1),
  ballots: [['X', 'Z'], ['X'], ['Y', 'Z'], ['Y']].map((projects) => ({ projects })),
})
const [X, Y, Z] = [0, 1, 2]

test.group('Outcomes / equal shares: comparing and choosing', () => {
  test('a near-tie below the doubles margin is decided by exact values', ({ assert }) => {
    const evals = evaluationsWith(near, [E17, 10n * E17, E17 + 2n, 10n * E17])
    evals.evaluate(X)
    evals.evaluate(Y)
    assert.equal(evals.rF[X], evals.rF[Y], 'the doubles see a tie')
    assert.isTrue(evals.loses(X, Y))
    assert.isFalse(evals.loses(Y, X))
    assert.deepEqual([evals.exact[X], evals.exact[Y]], [1, 1])
    evals.status[Z] = SELECTED
    assert.equal(evals.chooseWinner(), Y)
  })

  test('an exact tie goes to the better rank (lower cost)', ({ assert }) => {
    // Y's capped supporter holds 10¹⁷ + 1: ρ(Y) = (2·10¹⁷ + 2) / (3·10¹⁷ + 3) = 2/3 = ρ(X).
    const evals = evaluationsWith(near, [E17, 10n * E17, E17 + 1n, 10n * E17])
    evals.evaluate(X)
    evals.evaluate(Y)
    assert.isTrue(evals.loses(Y, X))
    assert.isFalse(evals.loses(X, Y))
    evals.status[Z] = SELECTED
    assert.equal(evals.chooseWinner(), X)
  })

  test('a stale ρ is only a lower bound: the apparent best is re-evaluated before it wins', ({
    assert,
  }) => {
    /*
     * P cost 15 ← v1 v2 v3; Q cost 24 ← v3–v6; R cost 20 ← w1 w2 (10 each), w3 (6; also S).
     * ρ: Q 1/4, P 1/3, R 7/20 (w3 pays 6, w1 w2 pay 7). After Q (v3–v6 keep 4), P's fresh ρ is
     * 11/30 > 7/20: R must win, although P's stale 1/3 looks better.
     */
    const inst = instance({ P: 15, Q: 24, R: 20, S: 1000 }, [
      ...[['P'], ['P'], ['P', 'Q'], ['Q'], ['Q'], ['Q']],
      ...[['R'], ['R'], ['R', 'S']],
    ])
    const [p, q, r] = [0, 1, 2]
    const classes = moneyClasses(inst, [10n, 10n, 10n, 10n, 6n])
    const evals = evaluations(inst, classes)
    assert.equal(evals.chooseWinner(), q)
    assert.equal(ratio(evals.rN[q], evals.rD[q]), '1/4')
    const kept = classes.classOf(4n, 0n, 0n)
    classes.groupClass[1] = kept
    classes.groupClass[2] = kept
    evals.status[q] = SELECTED
    evals.dirty[p] = 1
    assert.equal(evals.chooseWinner(), r)
    assert.closeTo(evals.rF[p], 11 / 30, 1e-12, 'P was re-evaluated')
    assert.equal(ratio(evals.rN[r], evals.rD[r]), '7/20')
    evals.status[r] = SELECTED
    assert.equal(evals.chooseWinner(), p)
    assert.equal(ratio(evals.rN[p], evals.rD[p]), '11/30')
    evals.status[p] = SELECTED
    assert.equal(evals.chooseWinner(), -1, 'S is out: 6 < 1000')
    assert.equal(evals.status[3], OUT)
  })
})
