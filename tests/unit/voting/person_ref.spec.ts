import { test } from '@japa/runner'
import { normalizedPerson, personRef, personRefs } from '#voting/person_ref'
import { DEV_PERSON_REF_KEY, personRefKey } from '#start/person_ref_key'
import {
  newTerminalToken,
  terminalTokenFrom,
  terminalTokenHash,
  TERMINAL_TOKEN_PREFIX,
} from '#voting/terminal_tokens'

const ID = 'c3'.repeat(32)

test.group('voting / person refs and terminal tokens', () => {
  test('one ref per identifier and campaign: keyed, no channel, never the raw value', ({
    assert,
  }) => {
    const phone = personRef(7, 'phone', '+79161234567')
    const id = personRef(7, 'id_hash', ID)
    assert.match(phone, /^phone:[0-9a-f]{64}$/)
    assert.match(id, /^id:[0-9a-f]{64}$/)
    assert.notInclude(phone, '9161234567')
    assert.notInclude(id, ID)
    assert.equal(personRef(7, 'phone', '+79161234567'), phone, 'deterministic')
    assert.notEqual(personRef(8, 'phone', '+79161234567'), phone, 'keyed per campaign')
    assert.deepEqual(personRefs(7, { phoneE164: '+79161234567', idHash: ID }), [phone, id])
    assert.deepEqual(personRefs(7, { idHash: ID }), [id])
    assert.throws(() => personRefs(7, {}), /at least one identifier/)
  })

  test('identifiers are normalised at the boundary; refs refuse any other form', ({ assert }) => {
    for (const raw of [
      ID.toUpperCase(),
      `  ${ID}`,
      `${ID.slice(0, 10).toUpperCase()}${ID.slice(10)} `,
    ]) {
      const result = normalizedPerson({ idHash: raw })
      assert.deepEqual(result, { ok: true, person: { idHash: ID } })
      assert.throws(() => personRef(7, 'id_hash', raw), /normal form/)
    }
    assert.deepEqual(normalizedPerson({ phone: '8 (916) 123-45-67' }), {
      ok: true,
      person: { phoneE164: '+79161234567' },
    })
    assert.throws(() => personRef(7, 'phone', '89161234567'), /normal form/)
    assert.deepEqual(normalizedPerson({ idHash: 'xyz' }), { ok: false, invalid: 'id_hash' })
    assert.deepEqual(normalizedPerson({ phone: '12' }), { ok: false, invalid: 'phone' })
  })

  test('PERSON_REF_KEY: required in production (≥ 32 characters), a public default elsewhere', ({
    assert,
  }) => {
    const secret = 'x'.repeat(32)
    assert.equal(personRefKey('PERSON_REF_KEY', secret, 'production'), secret)
    assert.throws(() => personRefKey('PERSON_REF_KEY', undefined, 'production'), /PERSON_REF_KEY/)
    assert.throws(() => personRefKey('PERSON_REF_KEY', '', 'production'), /at least 32/)
    assert.throws(() => personRefKey('PERSON_REF_KEY', 'short', 'development'), /at least 32/)
    assert.equal(personRefKey('PERSON_REF_KEY', undefined, 'development'), DEV_PERSON_REF_KEY)
    assert.equal(personRefKey('PERSON_REF_KEY', '', 'test'), DEV_PERSON_REF_KEY)
  })

  test('terminal tokens: random, prefixed, hashed; Authorization parsing', ({ assert }) => {
    const a = newTerminalToken()
    const b = newTerminalToken()
    assert.notEqual(a, b)
    assert.isTrue(a.startsWith(TERMINAL_TOKEN_PREFIX))
    assert.match(terminalTokenHash(a), /^[0-9a-f]{64}$/)
    assert.equal(terminalTokenFrom(`Terminal ${a}`), a)
    assert.equal(terminalTokenFrom(`terminal ${a}`), a)
    assert.isNull(terminalTokenFrom(undefined))
    assert.isNull(terminalTokenFrom(`Bearer ${a}`))
    assert.isNull(terminalTokenFrom('Terminal'))
    assert.isNull(terminalTokenFrom(`Terminal ${'x'.repeat(201)}`))
  })
})
