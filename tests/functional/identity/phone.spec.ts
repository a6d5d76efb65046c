import { test } from '@japa/runner'
import { examplePhone, normalizePhone } from '#identity/phone'

test.group('Phone numbers', () => {
  test('{input} → {expected}')
    .with([
      { input: '8 (999) 123-45-67', expected: '+79991234567' },
      { input: '+7 999 123 45 67', expected: '+79991234567' },
      { input: '79991234567', expected: '+79991234567' },
      { input: '9991234567', expected: '+79991234567' },
      { input: ' +380 67 123 4567 ', expected: '+380671234567' },
      { input: '12345', expected: null },
      { input: '+7 999 123', expected: null },
      { input: 'phone', expected: null },
      { input: '', expected: null },
      { input: '9'.repeat(40), expected: null },
    ])
    .run(({ assert }, { input, expected }) => {
      assert.equal(normalizePhone(input, 'RU'), expected)
    })

  test('form hints show a valid sample number of the region', ({ assert }) => {
    for (const region of ['RU', 'UA', 'DE'] as const) {
      const sample = examplePhone(region)
      assert.isNotNull(normalizePhone(sample, region), sample)
    }
  })
})
