import { test } from '@japa/runner'
import { CURRENCY_MINOR_UNITS, isKnownCurrency, majorAmount } from '#shared/currencies'
import { slugOf } from '#shared/slug'
import { parseAmount, toMajor } from '../../../resources/js/components/campaigns/format.js'

test.group('Currencies: one table of ISO 4217 codes and minor units', () => {
  test('every code formats in the browser (CLDR) with the table’s decimals', ({ assert }) => {
    for (const [code, digits] of Object.entries(CURRENCY_MINOR_UNITS)) {
      const shown = new Intl.NumberFormat('en', { style: 'currency', currency: code })
      assert.equal(shown.resolvedOptions().maximumFractionDigits, digits, code)
    }
  })

  test('common codes are known; made-up and lowercase ones are not', ({ assert }) => {
    for (const code of ['RUB', 'UAH', 'EUR', 'USD', 'JPY', 'KWD'])
      assert.isTrue(isKnownCurrency(code))
    for (const code of ['XYZ', 'rub', 'RU', 'toString', '__proto__']) {
      assert.isFalse(isKnownCurrency(code), code)
    }
  })

  test('validation messages show minor units in the currency’s units, exactly', ({ assert }) => {
    assert.equal(majorAmount(150_000_050, 'RUB'), '1500000.50 RUB')
    assert.equal(majorAmount(5, 'RUB'), '0.05 RUB')
    assert.equal(majorAmount(0, 'EUR'), '0.00 EUR')
    assert.equal(majorAmount(1500, 'JPY'), '1500 JPY')
    assert.equal(majorAmount(1_234_567, 'KWD'), '1234.567 KWD')
  })
})

test.group('Amounts typed in currency units (the forms’ parser)', () => {
  test('accepts digits with one decimal separator and spaces, exactly', ({ assert }) => {
    assert.deepEqual(parseAmount('1500000.50', 'RUB'), { ok: true, minor: 150_000_050 })
    assert.deepEqual(parseAmount('1 500 000,5', 'RUB'), { ok: true, minor: 150_000_050 })
    assert.deepEqual(parseAmount('0.07', 'RUB'), { ok: true, minor: 7 })
    assert.deepEqual(parseAmount('1.005', 'KWD'), { ok: true, minor: 1005 })
    assert.deepEqual(parseAmount('1500', 'JPY'), { ok: true, minor: 1500 })
  })

  test('refuses, never rewrites: signs, exponents, letters, extra decimals, zero, huge', ({
    assert,
  }) => {
    const refused = (value: string, currency = 'RUB') => {
      const result = parseAmount(value, currency)
      return result.ok ? `accepted ${result.minor}` : result.error
    }
    assert.equal(refused('-5'), 'negative')
    assert.equal(refused('−5'), 'negative')
    assert.equal(refused('1e30'), 'format')
    assert.equal(refused('+5'), 'format')
    assert.equal(refused('5 руб'), 'format')
    assert.equal(refused('1.2.3'), 'format')
    assert.equal(refused('0x10'), 'format')
    assert.equal(refused('1.005'), 'decimals')
    assert.equal(refused('10.5', 'JPY'), 'decimals')
    assert.equal(refused('0,00'), 'zero')
    assert.equal(refused(''), 'required')
    assert.equal(refused('999999999999999999'), 'too_large')
  })

  test('amounts go back to the form’s text without float noise', ({ assert }) => {
    assert.equal(toMajor(150_000_050, 'RUB'), '1500000.50')
    assert.equal(toMajor(7, 'RUB'), '0.07')
    assert.equal(toMajor(1500, 'JPY'), '1500')
    assert.equal(toMajor(1005, 'KWD'), '1.005')
    for (const minor of [1, 10, 29, 123_456_789]) {
      assert.deepEqual(parseAmount(toMajor(minor, 'RUB'), 'RUB'), { ok: true, minor })
    }
  })
})

test.group('Slugs', () => {
  test('transliterate Russian and Ukrainian', ({ assert }) => {
    assert.equal(slugOf('Народный бюджет Щёлково 2027'), 'narodnyy-byudzhet-shchyolkovo-2027')
    assert.equal(slugOf('Громадський бюджет Києва: м’ячі'), 'gromadskiy-byudzhet-kiyeva-myachi')
  })

  test('drop markup instead of spelling it out', ({ assert }) => {
    assert.equal(slugOf('<script>alert(1)</script> Park & Ride'), 'alert1-park-ride')
    assert.equal(slugOf('<b>Парк</b> &amp; сквер'), 'park-skver')
    assert.notInclude(slugOf('<img src=x onerror=alert(1)>Fountain'), 'less')
    assert.equal(slugOf('<<<>>>'), '')
  })
})
