import { test } from '@japa/runner'
import { Rational } from '#outcomes/rational'
import { add1Endowment, runMes } from '#outcomes/rules/mes_engine'
import { CANDIDATE, Evaluations, OUT } from '#outcomes/rules/mes_evaluation'
import { type MesInstance, prepareMes } from '#outcomes/rules/mes_instance'
import { MoneyClasses } from '#outcomes/rules/mes_money_classes'
import { EndowmentSweep } from '#outcomes/rules/mes_sweep'
import { capOver, ceilDiv, gatheredMoneyAt, lastTrue } from '#outcomes/rules/mes_sweep_caps'

/*
 * The add-one sweep on hand-made money. Every ballot group is put into a class with money v at
 * t = 0 and bounds v + lo·t ≤ money ≤ v + hi·t; `scale` internal units make one currency unit, so
 * a slope of `scale` is one currency unit per step of t, as in a real sweep.
 */

function instance(costs: Record<string, number>, ballots: string[][], budget = 1): MesInstance {
  return prepareMes({
    projects: Object.entries(costs).map(([id, cost]) => ({ id, cost: Rational.fromInteger(cost) })),
    budget: Rational.fromInteger(budget),
    ballots: ballots.map((projects) => ({ projects })),
  })
}

/** Sweep state where ballot group g is in a class (v, lo, hi) = groups[g] (internal units). */
function sweepState(
  inst: MesInstance,
  scale: bigint,
  groups: [bigint, bigint, bigint][],
  limit: bigint
) {
  const classes = new MoneyClasses(inst, scale, true, 0n, 0n)
  groups.forEach(([v, lo, hi], g) => (classes.groupClass[g] = classes.classOf(v, lo, hi)))
  classes.paidYet = true
  const costs = inst.costs.map((c) => c.num * scale)
  const sweep = new EndowmentSweep(inst, classes, costs, limit)
  const evals = new Evaluations(inst, classes, costs, sweep)
  return { classes, costs, sweep, evals }
}

test.group('Outcomes / add-one sweep: integer tools', () => {
  test('lastTrue: the last integer t ≥ 0 where alpha + beta·t ≥ 0 (or > 0)', ({ assert }) => {
    assert.equal(lastTrue(5n, -2n, false), 2n)
    assert.equal(lastTrue(4n, -2n, false), 2n)
    assert.equal(lastTrue(4n, -2n, true), 1n, '4 − 2·2 = 0 is not > 0')
    assert.equal(lastTrue(0n, -1n, false), 0n)
    assert.equal(lastTrue(0n, -1n, true), -1n, 'fails at t = 0')
    assert.equal(lastTrue(-1n, 3n, false), -1n, 'fails at t = 0 even if it holds later')
    assert.isNull(lastTrue(3n, 0n, true), 'holds for every t')
    assert.isNull(lastTrue(0n, 5n, false))
    assert.equal(ceilDiv(7n, 2n), 4n)
    assert.equal(ceilDiv(-7n, 2n), -3n)
    assert.equal(ceilDiv(6n, 3n), 2n)
  })

  test('capOver: the exact cap of the gathered supporters under given money', ({ assert }) => {
    // P cost 15 ← two voters holding 10 + t, one holding 4 + 2t (lo) / 4 + 3t (hi).
    const inst = instance({ P: 15, Z: 1 }, [['P'], ['P'], ['P', 'Z']])
    const { classes } = sweepState(
      inst,
      1n,
      [
        [10n, 1n, 1n],
        [4n, 2n, 3n],
      ],
      10n
    )
    classes.gather(0, true)
    const at0 = gatheredMoneyAt(classes, 'lo', 0n)
    assert.deepEqual(capOver(classes, at0, 15n, 15), { rest: 11n, k: 2 }, 'q = 11/2')
    assert.deepEqual(gatheredMoneyAt(classes, 'lo', 5n).exact, [15n, 14n])
    assert.deepEqual(gatheredMoneyAt(classes, 'hi', 5n), { exact: [15n, 19n], approx: [15, 19] })
    // A wrong guess of the doubles (everybody capped, or nobody) is corrected exactly.
    for (const guess of [0, 1e9])
      assert.deepEqual(
        capOver(classes, { exact: at0.exact, approx: at0.approx.map(() => guess) }, 15n, 15),
        { rest: 11n, k: 2 }
      )
    // At t = 1 with hi money: 11, 11, 7 → 15 / 3 = 5 for everybody.
    assert.deepEqual(capOver(classes, gatheredMoneyAt(classes, 'hi', 1n), 15n, 15), {
      rest: 15n,
      k: 3,
    })
    // Supporters holding less than the cost: every one capped (k = 0), `rest` still missing.
    assert.deepEqual(capOver(classes, at0, 30n, 30), { rest: 6n, k: 0 })
    classes.release()
  })
})

test.group('Outcomes / add-one sweep: ranges', () => {
  test('holdsUpTo only narrows the range, and a condition false at t = 0 is a bug', ({
    assert,
  }) => {
    const inst = instance({ P: 1 }, [['P']])
    const { sweep } = sweepState(inst, 1n, [[1n, 1n, 1n]], 50n)
    sweep.holdsUpTo(10n, 1n, false)
    assert.equal(sweep.limit, 50n)
    sweep.holdsUpTo(30n, -1n, true)
    assert.equal(sweep.limit, 29n)
    sweep.holdsUpTo(30n, -1n, false)
    assert.equal(sweep.limit, 29n)
    assert.isTrue(sweep.active)
    assert.throws(() => sweep.holdsUpTo(-1n, 5n, false), /fails at t = 0/)
  })

  test('an unaffordable project that hi money could afford later is watched as a ghost', ({
    assert,
  }) => {
    // B cost 40 ← two voters holding 15 + t: short by 10, affordable from t = 5 on.
    const inst = instance({ B: 40, Z: 1 }, [['B'], ['B', 'Z']])
    const money: [bigint, bigint, bigint][] = [
      [15n, 1n, 1n],
      [15n, 1n, 1n],
    ]
    const wide = sweepState(inst, 1n, money, 100n)
    wide.evals.evaluate(0)
    assert.equal(wide.evals.status[0], OUT)
    assert.isTrue(wide.sweep.isGhost(0))
    assert.equal(wide.sweep.limit, 100n, 'a ghost does not cut the range by itself')
    // At the end of the run its supporters still hold 30 + 2t: the range ends at t = 4.
    wide.sweep.ghostsStayUnaffordable()
    assert.equal(wide.sweep.limit, 4n)

    // A range that ends before it becomes affordable needs no ghost.
    const narrow = sweepState(inst, 1n, money, 4n)
    narrow.evals.evaluate(0, true)
    assert.equal(narrow.evals.status[0], OUT)
    assert.isFalse(narrow.sweep.isGhost(0))
    narrow.sweep.ghostsStayUnaffordable()
    assert.equal(narrow.sweep.limit, 4n)
  })

  test('a rival keeps losing up to the last t where its ρ bound stays above the winner', ({
    assert,
  }) => {
    /*
     * W cost 30 ← three voters holding 50 + t: ρ(W) = 1/3 for every t.
     * O cost 30 ← a (2 + t, capped; also Z) and two voters with 100 + t:
     *   ρ(O) = (28 − t) / 60 while a is capped (t ≤ 8), then 1/3.
     * At t = 8 they tie, so the rank decides: O ranking first wins from t = 8 on (range 0…7);
     * O ranking second never wins (the whole range).
     */
    for (const [oId, wId, expected] of [
      ['A', 'B', 7n],
      ['B', 'A', 100n],
    ] as const) {
      const inst = instance({ [oId]: 30, [wId]: 30, Z: 1000 }, [
        ...[[oId, 'Z'], [oId], [oId]],
        ...[[wId], [wId], [wId]],
      ])
      const [o, w] = [inst.ids.indexOf(oId), inst.ids.indexOf(wId)]
      const { sweep, evals } = sweepState(
        inst,
        1n,
        [
          [2n, 1n, 1n],
          [100n, 1n, 1n],
          [50n, 1n, 1n],
        ],
        100n
      )
      evals.evaluate(o, true)
      evals.evaluate(w, true)
      assert.deepEqual([evals.rN[o], evals.rS[o], evals.rD[o]], [28n, -1n, 60n])
      assert.deepEqual([evals.qN[w], evals.qD[w]], [30n, 3n])
      const chord = sweep.capChord(w, 10n)
      assert.equal(chord.up, 0n, "W's cap stays 10")
      sweep.rivalsKeepLosing(w, 10n, chord, evals)
      assert.equal(sweep.limit, expected, `O is ${oId}`)
      assert.equal(evals.status[o], CANDIDATE)
    }
  })

  test("the winner's cap bounds contain its true cap, and payers' classes their true money", ({
    assert,
  }) => {
    /*
     * W cost 30 ← a (4 + t; also Z) and b, c (20 + t), in units of 1/1000:
     * the true cap is (26 − t)/2 while a is capped (t ≤ 6), then 10.
     */
    const S = 1000n
    const L = 20n
    const inst = instance({ W: 30, Z: 1000 }, [['W', 'Z'], ['W'], ['W']])
    const { classes, costs, sweep, evals } = sweepState(
      inst,
      S,
      [
        [4n * S, S, S],
        [20n * S, S, S],
      ],
      L
    )
    evals.evaluate(0, true)
    const q0 = evals.qN[0] / evals.qD[0]
    assert.equal(q0, 13n * S)
    const up = sweep.capUp(0, q0, evals)
    assert.equal(sweep.limit, L, 'Z is out for good: nothing cuts the range')
    classes.gather(0, true)
    const down = sweep.capDown(0, q0, evals)
    // lo = hi here: the true money and the true cap at every t.
    const payers = [...classes.touched]
    const trueMoney: bigint[][] = []
    const trueCaps: bigint[] = []
    for (let t = 0n; t <= L; t++) {
      const money = gatheredMoneyAt(classes, 'lo', t)
      const cap = capOver(classes, money, costs[0], 30)
      trueMoney.push(money.exact)
      trueCaps.push(cap.rest / BigInt(cap.k))
      assert.equal(cap.rest % BigInt(cap.k), 0n)
    }
    const merge = new Map<bigint, number>()
    const after = payers.map((c) => sweep.paidClass(c, classes.value[c] <= q0, q0, up, down, merge))
    classes.release()
    assert.deepEqual([up, down], [-150n, -500n])
    for (let t = 0n; t <= L; t++) {
      const q = trueCaps[Number(t)]
      assert.isTrue(q0 + down * t <= q && q <= q0 + up * t, `cap bounds at t = ${t}`)
      payers.forEach((c, i) => {
        const had = trueMoney[Number(t)][i]
        const left = had - (had < q ? had : q)
        const d = after[i]
        const lo = classes.value[d] + classes.loSlope[d] * t
        const hi = classes.value[d] + classes.hiSlope[d] * t
        assert.isTrue(lo <= left && left <= hi, `class ${c} at t = ${t}: ${lo} ≤ ${left} ≤ ${hi}`)
      })
    }
    // Exact at t = 0: a paid everything, b and c keep 7.
    assert.deepEqual(
      after.map((d) => classes.value[d]),
      [0n, 7n * S]
    )
  })

  test('a sweep run stops before the selection changes (abc of equal_shares.spec.ts)', ({
    assert,
  }) => {
    // Plain runs: k = 1…4 select A; k = 5…24 select A, B; k = 25 A, B, C.
    const inst = instance(
      { A: 60, B: 40, C: 30, W: 5 },
      [['A'], ['A'], ['A', 'B'], ['B', 'C']],
      100
    )
    for (const [k, last] of [
      [1n, 4n],
      [6n, 24n],
      [20n, 24n],
    ]) {
      const run = runMes(inst, add1Endowment(inst, k), { sweep: 100n, payments: false })
      const plain = runMes(inst, add1Endowment(inst, k), { payments: false })
      assert.deepEqual(run.order, plain.order)
      const steps = run.stableSteps!
      assert.isTrue(k + steps <= last, `k = ${k}: proven up to ${k + steps}, changes after ${last}`)
      assert.isTrue(steps >= 1n, `k = ${k}: proves at least one more step`)
    }
    // From k = 1 the bounds reach exactly k = 4: B (a ghost until then) is affordable at k = 5.
    const first = runMes(inst, add1Endowment(inst, 1n), { sweep: 100n, payments: false })
    assert.equal(first.stableSteps, 3n)
  })
})
