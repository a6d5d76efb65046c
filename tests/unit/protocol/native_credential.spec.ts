import { test } from '@japa/runner'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pointNotOnCurve, pointOutsideSubgroup } from '#tests/helpers/invalid_points'
import {
  blind,
  bytesToHex,
  generateRegistrarKey,
  InvalidPointError,
  signBlinded,
} from '@civic-budget/protocol'
import {
  CURVE_ORDER,
  encodeG2,
  G2Point,
  randomScalar,
  scalarToBytes,
} from '@civic-budget/protocol/bls'
import { parseBlindedNative, signBlindedNative } from '@civic-budget/protocol-node/credential'

/*
| The registrar's native path (protocol-node `signBlindedNative`, blst) against the pure-JS one
| (`signBlinded`, noble): the same bytes for the golden vectors and for random points and keys, and
| the same refusals, with the same codes, for every bad blinded point.
*/

const require = createRequire(import.meta.url)
const vectors = JSON.parse(
  readFileSync(require.resolve('@civic-budget/protocol/vectors/credential.json'), 'utf8')
)

function pointErrorCode(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (error instanceof InvalidPointError) return error.code
    throw error
  }
  return 'accepted'
}

test.group('protocol-node / native blind signature', () => {
  test('the golden vectors', ({ assert }) => {
    for (const c of vectors.credentials) {
      assert.equal(signBlindedNative(vectors.registrarSecretKey, c.blinded), c.blindSignature)
    }
  })

  test('equals noble for random points and keys, given as hex, bytes or parsed', ({ assert }) => {
    for (let i = 0; i < 12; i++) {
      const { secretKey } = generateRegistrarKey()
      // any subgroup point is a blinded point; the last ones are small multiples of the generator
      const k = i < 9 ? randomScalar() : BigInt(i - 8)
      const blinded = bytesToHex(encodeG2(G2Point.BASE.multiply(k)))
      const expected = signBlinded(secretKey, blinded)
      assert.equal(signBlindedNative(secretKey, blinded), expected)
      assert.equal(signBlindedNative(secretKey, Buffer.from(blinded, 'hex')), expected)
      assert.equal(signBlindedNative(secretKey, parseBlindedNative(blinded)), expected)
    }
  })

  test('extreme secret scalars (1 and n − 1) give noble bytes too', ({ assert }) => {
    const { blinded } = blind(3, new Uint8Array(32).fill(7))
    for (const k of [1n, 2n, CURVE_ORDER - 1n]) {
      const secretKey = bytesToHex(scalarToBytes(k))
      assert.equal(signBlindedNative(secretKey, blinded), signBlinded(secretKey, blinded))
    }
  })

  test('a bad secret key is refused as by the pure-JS path', ({ assert }) => {
    const { blinded } = blind(3, new Uint8Array(32))
    assert.throws(() => signBlindedNative('00'.repeat(32), blinded), /out of range/)
    assert.throws(
      () => signBlindedNative(bytesToHex(scalarToBytes(CURVE_ORDER)), blinded),
      /out of range/
    )
    assert.throws(() => signBlindedNative('01', blinded), /expected 32 bytes/)
  })

  test('bad blinded points: the same refusal codes as noble', ({ assert }) => {
    const { secretKey } = generateRegistrarKey()
    const good = blind(1, new Uint8Array(32)).blinded
    const cases: [string, string | Uint8Array, string][] = [
      ['identity', 'c0' + '00'.repeat(95), 'identity'],
      ['short', good.slice(0, 190), 'bad_length'],
      ['long', good + '00', 'bad_length'],
      ['95 bytes', new Uint8Array(95), 'bad_length'],
      ['not hex', 'xyz', 'bad_encoding'],
      ['upper-case hex', good.toUpperCase(), 'bad_encoding'],
      ['uncompressed flag', '00' + good.slice(2), 'bad_encoding'],
      ['infinity with garbage', 'c0' + '00'.repeat(94) + '01', 'bad_encoding'],
      ['infinity with the sort flag', 'e0' + '00'.repeat(95), 'bad_encoding'],
      ['x ≥ p', '9f' + 'ff'.repeat(95), 'bad_encoding'],
      ['off the curve', pointNotOnCurve(), 'not_on_curve'],
      ['outside the subgroup', pointOutsideSubgroup(), 'not_in_subgroup'],
    ]
    for (const [name, blinded, code] of cases) {
      assert.equal(
        pointErrorCode(() => signBlinded(secretKey, blinded)),
        code,
        `noble: ${name}`
      )
      assert.equal(
        pointErrorCode(() => parseBlindedNative(blinded)),
        code,
        `native: ${name}`
      )
      assert.equal(
        pointErrorCode(() => signBlindedNative(secretKey, blinded)),
        code,
        `native sign: ${name}`
      )
    }
    assert.equal(signBlindedNative(secretKey, good), signBlinded(secretKey, good))
  })
})
