import { test } from '@japa/runner'
import { rateLimitKey } from '#shared/rate_limit_keys'

/*
| Rate-limit keys name nobody in a dump, and rows of different kinds about the same person or
| address share nothing: the same IP at sign-in (`sms:ip`) and at the credential request
| (`credential:ip`) must not be joinable by their digests (docs/threat-model.md "Linkage").
*/
const digestOf = (key: string) => key.slice(key.lastIndexOf(':') + 1)

test.group('Rate-limit keys', () => {
  test('a keyed digest under a readable kind; the value itself is not in the key', ({ assert }) => {
    const key = rateLimitKey('credential:ip', '198.51.100.23')
    assert.match(key, /^credential:ip:[A-Za-z0-9_-]{43}$/)
    assert.notInclude(key, '198.51.100.23')
    assert.equal(rateLimitKey('credential:ip', '198.51.100.23'), key, 'stable')
  })

  test('the same value under two kinds gives unrelated digests', ({ assert }) => {
    const ip = '198.51.100.23'
    const digests = ['sms:ip', 'credential:ip', 'credential:terminal-auth-failures'].map((kind) =>
      digestOf(rateLimitKey(kind, ip))
    )
    assert.lengthOf(new Set(digests), digests.length)
  })

  test('parts are separated: ("a", "bc") and ("ab", "c") differ', ({ assert }) => {
    assert.notEqual(
      rateLimitKey('sms:phone-day', 'a', 'bc'),
      rateLimitKey('sms:phone-day', 'ab', 'c')
    )
  })
})
