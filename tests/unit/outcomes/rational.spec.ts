import { test } from '@japa/runner'
import { Rational, floorDiv, gcd } from '#outcomes/rational'

test.group('Outcomes / Rational', () => {
  test('parses decimal strings exactly', ({ assert }) => {
    const r = Rational.parse('1234.50')
    assert.equal(r.num, 2469n)
    assert.equal(r.den, 2n)
    assert.isTrue(Rational.parse('0.1').add(Rational.parse('0.2')).eq(Rational.parse('0.3')))
    assert.isTrue(Rational.parse('-3').eq(Rational.fromInteger(-3)))
    assert.isTrue(Rational.parse('.5').eq(Rational.of(1, 2)))
    assert.isTrue(Rational.parse('2.').eq(Rational.fromInteger(2)))
    assert.isTrue(Rational.parse(' 1e6 ').eq(Rational.fromInteger(1_000_000)))
    assert.isTrue(Rational.parse('1.5E-3').eq(Rational.of(3, 2000)))
    assert.isTrue(Rational.parse('3/4').eq(Rational.of(6, 8)))
    assert.isTrue(
      Rational.parse('123456789012345678901234567890.000000000000000000001').gt(
        Rational.parse('123456789012345678901234567890')
      )
    )
  })

  test('rejects what is not a number', ({ assert }) => {
    for (const bad of [
      '',
      ' ',
      'abc',
      '1,5',
      '1.2.3',
      '--1',
      '12a',
      '.',
      '1/0',
      'e5',
      '0x10',
      'NaN',
      'Infinity',
    ]) {
      assert.isNull(Rational.tryParse(bad), bad)
    }
    assert.throws(() => Rational.parse('12a'), /not a number/)
  })

  test('normalizes and compares without floating point', ({ assert }) => {
    const a = Rational.of(6, -8)
    assert.equal(a.num, -3n)
    assert.equal(a.den, 4n)
    assert.isTrue(Rational.of(0, 5).eq(Rational.ZERO))
    assert.equal(Rational.ZERO.den, 1n)
    // 1/3 vs 333333333333333333/10^18: floats would call them equal.
    const third = Rational.of(1, 3)
    const approx = Rational.parse('0.333333333333333333')
    assert.equal(third.cmp(approx), 1)
    assert.equal(approx.cmp(third), -1)
    assert.equal(third.cmp(Rational.of(2, 6)), 0)
    assert.isTrue(third.mul(Rational.fromInteger(3)).eq(Rational.ONE))
    assert.isTrue(third.div(Rational.of(2, 3)).eq(Rational.of(1, 2)))
    assert.isTrue(third.sub(Rational.of(1, 2)).eq(Rational.of(-1, 6)))
    assert.throws(() => Rational.of(1, 0))
    assert.throws(() => third.div(Rational.ZERO))
  })

  test('floor, gcd and decimal output', ({ assert }) => {
    assert.equal(Rational.of(7, 2).floor(), 3n)
    assert.equal(Rational.of(-7, 2).floor(), -4n)
    assert.equal(floorDiv(-6n, 3n), -2n)
    assert.equal(gcd(-12n, 18n), 6n)
    assert.equal(Rational.parse('1234.50').toDecimalString(), '1234.5')
    assert.equal(Rational.of(-1, 8).toDecimalString(), '-0.125')
    assert.isNull(Rational.of(1, 3).toDecimalString())
    assert.equal(Rational.of(1, 3).toString(), '1/3')
    assert.strictEqual(Rational.parse('1000000000').toJsonNumber(), 1000000000)
    assert.strictEqual(Rational.parse('1234.50').toJsonNumber(), 1234.5)
    assert.throws(() => Rational.of(1, 3).toJsonNumber())
  })
})
