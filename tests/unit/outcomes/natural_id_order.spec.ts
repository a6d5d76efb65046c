import { test } from '@japa/runner'
import { compareNaturalIds, sortNaturalIds } from '#outcomes/natural_id_order'

test.group('Outcomes / natural id order', () => {
  test('cases of outcomes.md', ({ assert }) => {
    assert.isBelow(compareNaturalIds('2', '10'), 0)
    assert.isBelow(compareNaturalIds('c2', 'c10'), 0)
    assert.isBelow(compareNaturalIds('L18/01', 'L18/2'), 0)
    assert.isAbove(compareNaturalIds('10', '2'), 0)
    assert.equal(compareNaturalIds('abc', 'abc'), 0)
  })

  test('a digit run comes before a non-digit run', ({ assert }) => {
    assert.isBelow(compareNaturalIds('1a', 'a1'), 0)
    assert.isBelow(compareNaturalIds('x1', 'xa'), 0)
    assert.isBelow(compareNaturalIds('IX.2', 'IX.10'), 0)
    assert.isBelow(compareNaturalIds('RM-IX.1', 'RM-IX.2'), 0)
  })

  test('is a total order (shorter first, then code units) and sorts', ({ assert }) => {
    assert.isBelow(compareNaturalIds('a', 'a1'), 0)
    assert.isBelow(compareNaturalIds('01', '1'), 0)
    assert.isAbove(compareNaturalIds('1', '01'), 0)
    assert.isBelow(compareNaturalIds('B', 'a'), 0)
    // Non-digit runs compare by code units, so upper case comes before lower case.
    assert.deepEqual(sortNaturalIds(['c10', 'c2', '10', '2', 'L18/2', 'L18/01', 'b', '1a']), [
      '1a',
      '2',
      '10',
      'L18/01',
      'L18/2',
      'b',
      'c2',
      'c10',
    ])
    assert.deepEqual(sortNaturalIds(['c10', 'c2', 'c1']), ['c1', 'c2', 'c10'])
    assert.deepEqual(sortNaturalIds(['10', '9', '100', '09']), ['09', '9', '10', '100'])
  })
})
