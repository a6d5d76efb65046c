import { test } from '@japa/runner'
import { examplePhone, normalizePhone } from '#identity/phone'
import { phoneAllowed, policyList } from '#identity/phone_policy'

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

  test('SMS_ALLOWED_REGIONS / SMS_ALLOWED_NUMBER_TYPES lists', ({ assert }) => {
    assert.deepEqual(policyList(undefined, ['RU']), ['RU'])
    assert.deepEqual(policyList(' kz, RU ,', ['RU']), ['KZ', 'RU'])
    assert.isNull(policyList('*', ['RU']))
    assert.isNull(policyList('', null))
  })

  test('the policy checks region and number type (full metadata)', ({ assert }) => {
    const ruMobiles = { regions: ['RU'], types: ['MOBILE'] }
    assert.isTrue(phoneAllowed('+79991234567', ruMobiles))
    assert.isFalse(phoneAllowed('+74951234567', ruMobiles), 'a Moscow landline')
    assert.isFalse(phoneAllowed('+77012345678', ruMobiles), 'a Kazakh mobile shares +7')
    assert.isFalse(phoneAllowed('+447400123456', ruMobiles))
    assert.isTrue(phoneAllowed('+74951234567', { regions: ['RU'], types: null }))
    assert.isTrue(phoneAllowed('+447400123456', { regions: null, types: ['MOBILE'] }))
    const us = { regions: ['US'], types: ['MOBILE', 'FIXED_LINE_OR_MOBILE'] }
    assert.isTrue(phoneAllowed('+12015550123', us), 'US ranges are shared')
    assert.isFalse(phoneAllowed('+18005550123', us), 'toll-free')
  })
})
