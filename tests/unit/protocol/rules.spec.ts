import { test } from '@japa/runner'
import { checkChoices, type PublicCampaign, summarizeChoices } from '@civic-budget/protocol'

const campaign: Pick<PublicCampaign, 'pots' | 'projects'> = {
  pots: [
    { id: 1, budget: 500_000, rule: { kind: 'approval', minSelections: 1, maxSelections: 2 } },
    { id: 2, budget: 300_000, rule: { kind: 'knapsack', minSharePercent: 50 } },
    { id: 3, budget: 0, rule: { kind: 'cumulative', points: 10, maxPerProject: 5 } },
    { id: 4, budget: 0, rule: { kind: 'ranked', maxRanks: 3 } },
    { id: 5, budget: 100, rule: { kind: 'knapsack', minSharePercent: 0 } },
    { id: 6, budget: 0, rule: { kind: 'approval', minSelections: 0, maxSelections: 1 } },
  ],
  projects: [
    { id: 11, cost: 100_000, potId: 1 },
    { id: 12, cost: 100_000, potId: 1 },
    { id: 13, cost: 100_000, potId: 1 },
    { id: 21, cost: 100_000, potId: 2 },
    { id: 22, cost: 100_000, potId: 2 },
    { id: 23, cost: 150_001, potId: 2 },
    { id: 24, cost: 50_000, potId: 2 },
    { id: 31, cost: 1, potId: 3 },
    { id: 32, cost: 1, potId: 3 },
    { id: 33, cost: 1, potId: 3 },
    { id: 41, cost: 1, potId: 4 },
    { id: 42, cost: 1, potId: 4 },
    { id: 43, cost: 1, potId: 4 },
    { id: 44, cost: 1, potId: 4 },
    { id: 51, cost: 60, potId: 5 },
    { id: 52, cost: 60, potId: 5 },
    { id: 61, cost: 1, potId: 6 },
    { id: 99, cost: 1, potId: 77 }, // pot that does not exist
  ],
}

const c = (projectId: number, weight = 1) => ({ projectId, weight })
/** a valid baseline: one approval, 150 000 of knapsack (exactly 50 %), nothing else */
const base = [c(11), c(21), c(24)]
const codes = (choices: { projectId: number; weight: number }[]) =>
  checkChoices(choices, campaign).map((v) => `${v.potId}:${v.code}`)

test.group('protocol / ballot rules', () => {
  test('a valid ballot has no violations; empty pots with a zero minimum are fine', ({
    assert,
  }) => {
    assert.deepEqual(checkChoices(base, campaign), [])
    assert.deepEqual(
      codes([...base, c(31, 5), c(32, 5), c(41, 2), c(42, 1), c(43, 3), c(51), c(61)]),
      []
    )
  })

  test('common: unknown project, duplicate, bad weight', ({ assert }) => {
    assert.deepEqual(checkChoices([...base, c(1000)], campaign), [
      { potId: null, code: 'unknown_project', projectId: 1000 },
    ])
    assert.deepEqual(codes([...base, c(99)]), ['null:unknown_project'])
    assert.deepEqual(checkChoices([...base, c(11)], campaign), [
      { potId: 1, code: 'duplicate_project', projectId: 11 },
    ])
    assert.deepEqual(codes([c(11, 0), c(21), c(24)]), ['1:bad_weight'])
    assert.deepEqual(codes([c(11, 1.5), c(21), c(24)]), ['1:bad_weight'])
  })

  test('approval: too few, too many, weight must be 1', ({ assert }) => {
    assert.deepEqual(checkChoices([c(21), c(24)], campaign), [
      { potId: 1, code: 'too_few', min: 1, actual: 0 },
    ])
    assert.deepEqual(checkChoices([c(11), c(12), c(13), c(21), c(24)], campaign), [
      { potId: 1, code: 'too_many', max: 2, actual: 3 },
    ])
    assert.deepEqual(codes([c(11, 2), c(21), c(24)]), ['1:bad_weight'])
    assert.deepEqual(codes([...base, c(61)]), [])
  })

  test('knapsack: over budget, below minimum share (integer arithmetic), weight 1', ({
    assert,
  }) => {
    assert.deepEqual(checkChoices([c(11), c(21), c(22), c(23)], campaign), [
      { potId: 2, code: 'over_budget', budget: 300_000, total: 350_001 },
    ])
    assert.deepEqual(checkChoices([c(11), c(21), c(22), c(24)], campaign), []) // 250 000 ≤ 300 000
    assert.deepEqual(checkChoices([c(11), c(21)], campaign), [
      { potId: 2, code: 'below_min_share', minSharePercent: 50, required: 150_000, total: 100_000 },
    ])
    assert.deepEqual(codes([c(11)]), ['2:below_min_share']) // empty pot with a minimum
    assert.deepEqual(codes([c(11), c(23)]), []) // 150 001 ≥ 150 000
    assert.deepEqual(codes([...base, c(51), c(52)]), ['5:over_budget'])
    assert.deepEqual(codes([c(11), c(21, 2), c(24)]), ['2:bad_weight'])
  })

  test('cumulative: points and per-project cap', ({ assert }) => {
    assert.deepEqual(checkChoices([...base, c(31, 5), c(32, 5), c(33, 1)], campaign), [
      { potId: 3, code: 'points_exceeded', points: 10, total: 11 },
    ])
    assert.deepEqual(checkChoices([...base, c(31, 6)], campaign), [
      { potId: 3, code: 'per_project_exceeded', projectId: 31, max: 5, weight: 6 },
    ])
    assert.deepEqual(codes([...base, c(31, 0)]), ['3:bad_weight'])
    assert.deepEqual(codes([...base, c(31, 1)]), []) // unspent points are fine
  })

  test('ranked: ranks 1..k distinct and contiguous, k ≤ maxRanks', ({ assert }) => {
    assert.deepEqual(codes([...base, c(41, 1)]), [])
    assert.deepEqual(codes([...base, c(41, 1), c(42, 2), c(43, 3)]), [])
    assert.deepEqual(checkChoices([...base, c(41, 1), c(42, 3)], campaign), [
      { potId: 4, code: 'rank_gap', missingRank: 2 },
    ])
    assert.deepEqual(checkChoices([...base, c(41, 2)], campaign), [
      { potId: 4, code: 'rank_gap', missingRank: 1 },
    ])
    assert.deepEqual(checkChoices([...base, c(41, 1), c(42, 1), c(43, 2)], campaign), [
      { potId: 4, code: 'rank_duplicate', rank: 1 },
    ])
    assert.deepEqual(codes([...base, c(41, 1), c(42, 2), c(43, 3), c(44, 4)]), ['4:too_many'])
    assert.deepEqual(codes([...base, c(41, 0)]), ['4:bad_weight'])
  })

  test('several pots report together, in pot order; unknown rule kinds are violations', ({
    assert,
  }) => {
    assert.deepEqual(codes([c(21, 1), c(31, 9), c(41, 3)]), [
      '1:too_few',
      '2:below_min_share',
      '3:per_project_exceeded',
      '4:rank_gap',
    ])
    const odd = { pots: [{ id: 1, budget: 1, rule: { kind: 'quadratic' } as never }], projects: [] }
    assert.deepEqual(checkChoices([], odd), [{ potId: 1, code: 'unknown_rule', kind: 'quadratic' }])
  })

  test('summary for live counters', ({ assert }) => {
    const summary = summarizeChoices([c(11), c(21), c(24), c(31, 4), c(32, 3)], campaign)
    assert.deepEqual(summary[0], { potId: 1, count: 1, cost: 100_000, weight: 1 })
    assert.deepEqual(summary[1], { potId: 2, count: 2, cost: 150_000, weight: 2 })
    assert.deepEqual(summary[2], { potId: 3, count: 2, cost: 2, weight: 7 })
  })
})
