import { test } from '@japa/runner'
import { Rational } from '#outcomes/rational'
import { prepareMes } from '#outcomes/rules/mes_instance'
import { MoneyClasses } from '#outcomes/rules/mes_money_classes'

/*
 * Voter money classes on a hand-made instance (5 voters):
 *   v1, v2, v5 approve A; v3 approves A and B; v4 approves B and C.
 * Ballot groups: {A} × 3, {A, B} × 1, {B, C} × 1. Project indices: A 0, B 1, C 2.
 */
const inst = prepareMes({
  projects: [
    { id: 'A', cost: Rational.fromInteger(60) },
    { id: 'B', cost: Rational.fromInteger(40) },
    { id: 'C', cost: Rational.fromInteger(30) },
  ],
  budget: Rational.fromInteger(100),
  ballots: [
    { projects: ['A'] },
    { projects: ['A'] },
    { projects: ['A', 'B'] },
    { projects: ['B', 'C'] },
    { projects: ['A'] },
  ],
})
const [A, B, C] = [0, 1, 2]

/** The gathered supporters of p as class → count, values caught up. */
function supportersOf(classes: MoneyClasses, p: number): Record<number, number> {
  classes.gather(p, true)
  const counts: Record<number, number> = {}
  for (const c of classes.touched) counts[c] = classes.perClass[c]
  classes.release()
  return counts
}

test.group('Outcomes / equal shares: the instance', () => {
  test('identical ballots form one group; projects know their groups and co-approved projects', ({
    assert,
  }) => {
    assert.deepEqual(
      inst.groupMembers.map((g) => [...g]),
      [[A], [A, B], [B, C]]
    )
    assert.deepEqual([...inst.groupWeight], [3, 1, 1])
    assert.deepEqual(
      inst.projectGroups.map((g) => [...g]),
      [[0, 1], [1, 2], [2]]
    )
    assert.deepEqual(
      inst.coApproved.map((g) => [...g]),
      [
        [A, B],
        [A, B, C],
        [B, C],
      ]
    )
    assert.deepEqual(inst.approvers, [4, 2, 1])
    // Rank: lower cost first (C 30, B 40, A 60).
    assert.deepEqual([...inst.rank], [2, 1, 0])
  })
})

test.group('Outcomes / equal shares: voter money classes', () => {
  test('before any payment every supporter is counted in the starting class', ({ assert }) => {
    const classes = new MoneyClasses(inst, 1n, false, 25n, 0n)
    assert.equal(classes.start, 1)
    assert.deepEqual(supportersOf(classes, A), { 1: 4 })
    assert.deepEqual(supportersOf(classes, B), { 1: 2 })
    // release leaves the counters at zero for the next gathering.
    assert.deepEqual([...classes.perClass.subarray(0, classes.size)], [0, 0])
  })

  test('a payment moves its supporters ballot groups; supporters are then counted per class', ({
    assert,
  }) => {
    const classes = new MoneyClasses(inst, 1n, false, 25n, 0n)
    // A is paid with q = 20 by everybody: its supporters keep 5 (one merged class).
    classes.gather(A, true)
    classes.beginMoves()
    const merge = new Map<bigint, number>()
    for (const c of classes.touched)
      classes.moveClass(c, classes.classOf(classes.value[c] - 20n, 0n, 0n, merge))
    classes.moveGroups(A)
    classes.release()
    classes.paidYet = true
    const kept = classes.groupClass[0]
    assert.equal(classes.value[kept], 5n)
    assert.equal(classes.groupClass[1], kept)
    assert.equal(classes.groupClass[2], classes.start, 'v4 did not pay')
    assert.deepEqual(supportersOf(classes, B), { [kept]: 1, [classes.start]: 1 })
    assert.deepEqual(supportersOf(classes, C), { [classes.start]: 1 })
    // Voters in the zero class are not counted at all.
    classes.groupClass[2] = 0
    assert.deepEqual(supportersOf(classes, C), {})
    assert.deepEqual(supportersOf(classes, B), { [kept]: 1 })
  })

  test('a plain run merges equal money within one payment only; no money is class 0', ({
    assert,
  }) => {
    const classes = new MoneyClasses(inst, 1n, false, 25n, 0n)
    const first = new Map<bigint, number>()
    const x = classes.classOf(5n, 0n, 0n, first)
    assert.equal(classes.classOf(5n, 0n, 0n, first), x)
    assert.notEqual(classes.classOf(6n, 0n, 0n, first), x)
    assert.notEqual(classes.classOf(5n, 0n, 0n, new Map()), x, 'another payment')
    assert.notEqual(classes.classOf(5n, 0n, 0n), x, 'no merging asked')
    assert.equal(classes.classOf(0n, 0n, 0n, first), 0)
    assert.equal(classes.approx[x], 5)
  })

  test('a sweep merges only capped classes (no money at t = 0), by hi rounded up to a power of two', ({
    assert,
  }) => {
    const classes = new MoneyClasses(inst, 1n, true, 25n, 1n)
    assert.deepEqual(
      [
        classes.value[classes.start],
        classes.loSlope[classes.start],
        classes.hiSlope[classes.start],
      ],
      [25n, 1n, 1n]
    )
    const merge = new Map<bigint, number>()
    const capped = classes.classOf(0n, 0n, 5n, merge)
    assert.equal(classes.hiSlope[capped], 8n, 'hi 5 is kept as 8: still an upper bound')
    assert.equal(classes.classOf(0n, 0n, 7n, merge), capped)
    assert.equal(classes.hiSlope[classes.classOf(0n, 0n, 8n, merge)], 16n)
    assert.equal(classes.classOf(0n, 0n, 0n, merge), 0)
    // Classes with money are never merged in sweeps (their lo slopes differ in general).
    const free = classes.classOf(3n, 1n, 2n, merge)
    assert.notEqual(classes.classOf(3n, 1n, 2n, merge), free)
  })

  test('refinements of the unit reach each class lazily, by the product of all since', ({
    assert,
  }) => {
    const classes = new MoneyClasses(inst, 1n, true, 25n, 1n)
    const c = classes.classOf(10n, 2n, 3n)
    classes.refine(2n)
    classes.refine(5n)
    assert.equal(classes.scale, 10n)
    assert.equal(classes.value[c], 10n, 'not touched yet')
    classes.catchUp(c)
    assert.deepEqual([classes.value[c], classes.loSlope[c], classes.hiSlope[c]], [100n, 20n, 30n])
    classes.catchUp(c)
    assert.equal(classes.value[c], 100n, 'catching up twice changes nothing')
    // A class made after the refinements is already in the current unit.
    const d = classes.classOf(7n, 0n, 0n)
    classes.refine(3n)
    classes.catchUp(c)
    classes.catchUp(d)
    assert.deepEqual([classes.value[c], classes.value[d]], [300n, 21n])
    // The doubles are in currency units and do not move.
    assert.deepEqual([classes.approx[c], classes.approx[d]], [10, 0.7])
    // gather with exact values catches up the classes it touches.
    classes.refine(2n)
    assert.equal(classes.value[classes.start], 25n)
    supportersOf(classes, A)
    assert.equal(classes.value[classes.start], 25n * 60n)
  })
})
