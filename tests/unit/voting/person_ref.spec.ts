import { test } from '@japa/runner'
import { residentRef, terminalPersonRef } from '#voting/person_ref'
import {
  newTerminalToken,
  terminalTokenFrom,
  terminalTokenHash,
  TERMINAL_TOKEN_PREFIX,
} from '#voting/terminal_tokens'

test.group('voting / person refs and terminal tokens', () => {
  test('resident refs', ({ assert }) => {
    assert.equal(residentRef(42), 'resident:42')
    assert.throws(() => residentRef(0))
    assert.throws(() => residentRef(1.5))
  })

  test('terminal person refs are keyed HMACs, per terminal, never the raw key', ({ assert }) => {
    const ref = terminalPersonRef(3, 'customer-1')
    assert.match(ref, /^terminal:[0-9a-f]{64}$/)
    assert.notInclude(ref, 'customer-1')
    assert.equal(terminalPersonRef(3, 'customer-1'), ref, 'deterministic')
    assert.notEqual(terminalPersonRef(4, 'customer-1'), ref, 'bound to the terminal')
    assert.notEqual(terminalPersonRef(3, 'customer-2'), ref)
    // No ambiguity between the terminal id and the key (fixed-width id, separator).
    assert.notEqual(terminalPersonRef(1, '2x'), terminalPersonRef(12, 'x'))
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
