import { test } from '@japa/runner'
import { Rational } from '#outcomes/rational'
import greedy from '#outcomes/rules/greedy'
import type { Ballot, RuleInput } from '#outcomes/types'

const R = (s: string | number) =>
  typeof s === 'number' ? Rational.fromInteger(s) : Rational.parse(s)
const projects = (spec: Record<string, number | string>) =>
  Object.entries(spec).map(([id, cost]) => ({ id, cost: R(cost) }))
const approvals = (...lists: string[][]): Ballot[] => lists.map((chosen) => ({ projects: chosen }))

/*
 * Scores: p1 = 3, d = 2, c2 = 2, c10 = 2, f = 1, e = 1, z = 0.
 * Walk order: p1 (3); d, c2, c10 (score 2: d is cheapest, c2 < c10 by natural id); f, e (score 1:
 * f is cheaper); z (0).
 */
const base: RuleInput = {
  projects: projects({ e: 100, c10: 30, c2: 30, p1: 50, d: 20, f: 5, z: 1 }),
  budget: R(95),
  ballots: approvals(
    ['p1', 'c10', 'c2'],
    ['p1', 'c10', 'c2', 'c2'],
    ['p1', 'd'],
    ['d', 'f'],
    ['e']
  ),
}

test.group('Outcomes / greedy', () => {
  test('orders by score, then lower cost, then natural id, and skips what does not fit', ({
    assert,
  }) => {
    const out = greedy(base)
    // 95: p1 → 45, d → 25, c2 (30) and c10 (30) do not fit, f → 20, e (100) does not fit, z → 19.
    assert.deepEqual(
      out.selected.map((s) => s.id),
      ['p1', 'd', 'f', 'z']
    )
    assert.deepEqual(
      out.skipped.map((s) => [s.id, s.reason]),
      [
        ['c2', 'over_budget'],
        ['c10', 'over_budget'],
        ['e', 'over_budget'],
      ]
    )
    assert.isTrue(out.totalCost.eq(R(76)))
    assert.deepEqual(
      out.selected.map((s) => s.score.toString()),
      ['3', '2', '1', '0']
    )
    assert.equal(out.selected[0].reason, 'fits_budget')
  })

  test('a ballot naming a project twice counts once', ({ assert }) => {
    const out = greedy({ ...base, budget: R(1000) })
    const c2 = out.selected.find((s) => s.id === 'c2')!
    assert.equal(c2.score.toString(), '2')
    assert.deepEqual(
      out.selected.map((s) => s.id),
      ['p1', 'd', 'c2', 'c10', 'f', 'e', 'z']
    )
  })

  test('equal score and equal cost fall back to natural id order (c2 before c10)', ({ assert }) => {
    const out = greedy({ ...base, budget: R(110) })
    // p1 → 60, d → 40, c2 → 10, c10 does not fit, f → 5, e does not fit, z → 4.
    assert.deepEqual(
      out.selected.map((s) => s.id),
      ['p1', 'd', 'c2', 'f', 'z']
    )
  })

  test('option: stop at the first project that does not fit', ({ assert }) => {
    const out = greedy(base, { stopAtFirstMisfit: true })
    assert.deepEqual(
      out.selected.map((s) => s.id),
      ['p1', 'd']
    )
    assert.deepEqual(
      out.skipped.map((s) => [s.id, s.reason]),
      [
        ['c2', 'over_budget'],
        ['c10', 'after_stop'],
        ['f', 'after_stop'],
        ['e', 'after_stop'],
        ['z', 'after_stop'],
      ]
    )
  })

  test('option: minimum score threshold', ({ assert }) => {
    const out = greedy({ ...base, minScore: R(2) })
    assert.deepEqual(
      out.selected.map((s) => s.id),
      ['p1', 'd']
    )
    assert.deepEqual(
      out.skipped.filter((s) => s.reason === 'below_min_score').map((s) => s.id),
      ['f', 'e', 'z']
    )
  })

  test('decimal costs and budget are exact', ({ assert }) => {
    const out = greedy({
      projects: projects({ a: '0.1', b: '0.2', c: '0.3' }),
      budget: R('0.6'),
      ballots: approvals(['a', 'b', 'c'], ['a', 'b'], ['a']),
    })
    assert.deepEqual(
      out.selected.map((s) => s.id),
      ['a', 'b', 'c']
    )
    assert.isTrue(out.totalCost.eq(R('0.6')))
  })

  test('cumulative and scoring ballots add points; ordinal ballots give k, k-1, …, 1', ({
    assert,
  }) => {
    const cumulative = greedy({
      projects: projects({ a: 10, b: 10, c: 10 }),
      budget: R(20),
      voteType: 'cumulative',
      ballots: [
        { projects: ['a', 'b'], points: [R(1), R(4)] },
        { projects: ['c', 'a'], points: [R(3), R(2)] },
      ],
    })
    // a = 3, b = 4, c = 3 → b, then a and c tie on score and cost → a by natural id.
    assert.deepEqual(
      cumulative.selected.map((s) => [s.id, s.score.toString()]),
      [
        ['b', '4'],
        ['a', '3'],
      ]
    )
    const ordinal = greedy({
      projects: projects({ a: 10, b: 10, c: 10 }),
      budget: R(20),
      voteType: 'ordinal',
      ballots: approvals(['c', 'a', 'b'], ['a', 'b'], ['b']),
    })
    // c = 3; a = 2 + 2 = 4; b = 1 + 1 + 1 = 3.
    assert.deepEqual(
      ordinal.selected.map((s) => [s.id, s.score.toString()]),
      [
        ['a', '4'],
        ['b', '3'],
      ]
    )
    assert.throws(
      () =>
        greedy({
          projects: projects({ a: 1 }),
          budget: R(1),
          voteType: 'scoring',
          ballots: approvals(['a']),
        }),
      /point/
    )
  })

  test('rejects a ballot naming an unknown project', ({ assert }) => {
    assert.throws(() => greedy({ ...base, ballots: approvals(['nope']) }), /unknown project "nope"/)
  })
})
