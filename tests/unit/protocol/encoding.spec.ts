import { test } from '@japa/runner'
import {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  cborDecode,
  cborEncode,
  domainMessage,
  type EncodingError,
  hexToBytes,
  uint64be,
} from '@civic-budget/protocol'

const hex = (h: string) => hexToBytes(h.replace(/\s+/g, ''))

function expectCode(assert: any, fn: () => unknown, code: string) {
  try {
    fn()
  } catch (error) {
    assert.equal((error as EncodingError).code, code)
    return
  }
  assert.fail(`expected an error with code ${code}`)
}

test.group('protocol / encoding / CBOR', () => {
  test('unsigned integers use the shortest head', ({ assert }) => {
    const vectors: [number, string][] = [
      [0, '00'],
      [1, '01'],
      [23, '17'],
      [24, '1818'],
      [255, '18ff'],
      [256, '190100'],
      [65535, '19ffff'],
      [65536, '1a00010000'],
      [4294967295, '1affffffff'],
      [4294967296, '1b0000000100000000'],
      [Number.MAX_SAFE_INTEGER, '1b001fffffffffffff'],
    ]
    for (const [n, expected] of vectors) {
      assert.equal(bytesToHex(cborEncode(n)), expected, `encoding of ${n}`)
      assert.equal(cborDecode(hex(expected)), n)
    }
  })

  test('strings, byte strings and arrays have definite lengths', ({ assert }) => {
    assert.equal(bytesToHex(cborEncode('ballot')), '6662616c6c6f74')
    assert.equal(bytesToHex(cborEncode(new Uint8Array([1, 2, 3]))), '43010203')
    assert.equal(bytesToHex(cborEncode(new Uint8Array(32))), '5820' + '00'.repeat(32))
    assert.equal(bytesToHex(cborEncode([])), '80')
    assert.equal(bytesToHex(cborEncode([1, [2, 3], 'a'])), '8301820203' + '6161')
    assert.equal(bytesToHex(cborEncode(Array(24).fill(0))), '9818' + '00'.repeat(24))
    assert.equal(bytesToHex(cborEncode('é')), '62c3a9')
  })

  test('a hand-built ballot vector', ({ assert }) => {
    const voterKey = new Uint8Array(32).fill(0x11)
    const credential = new Uint8Array(96).fill(0x22)
    const bytes = cborEncode([
      1,
      7,
      [
        [12, 1],
        [15, 1],
      ],
      voterKey,
      credential,
    ])
    const expected = '85 01 07 82 820c01 820f01 5820' + '11'.repeat(32) + '5860' + '22'.repeat(96)
    assert.equal(bytesToHex(bytes), expected.replace(/\s+/g, ''))
  })

  test('refuses values outside the v1 subset when encoding', ({ assert }) => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53, true, null, undefined, { a: 1 }, 10n]) {
      expectCode(assert, () => cborEncode(bad as never), 'cbor_bad_type')
    }
  })

  test('refuses non-canonical or foreign CBOR when decoding', ({ assert }) => {
    const cases: [string, string][] = [
      ['1817', 'cbor_malformed'], // 23 in two bytes
      ['190017', 'cbor_malformed'], // 23 in three bytes
      ['9f0102ff', 'cbor_malformed'], // indefinite array
      ['5f41004100ff', 'cbor_malformed'], // indefinite bstr
      ['8301020300', 'cbor_malformed'], // trailing byte
      ['830102', 'cbor_malformed'], // truncated
      ['f93c00', 'cbor_non_canonical'], // float 1.0
      ['a10102', 'cbor_bad_type'], // map
      ['20', 'cbor_bad_type'], // -1
      ['f5', 'cbor_bad_type'], // true
      ['f6', 'cbor_bad_type'], // null
      ['c11a514b67b0', 'cbor_malformed'], // tag
      ['1b0020000000000000', 'cbor_bad_type'], // 2^53: beyond safe integers
      ['62c328', 'cbor_non_canonical'], // invalid UTF-8
    ]
    for (const [h, code] of cases) expectCode(assert, () => cborDecode(hex(h)), code)
  })
})

test.group('protocol / encoding / hex, base64, uint64, domain', () => {
  test('hex is lowercase and strict', ({ assert }) => {
    assert.equal(bytesToHex(new Uint8Array([0, 1, 171, 255])), '0001abff')
    assert.deepEqual([...hexToBytes('0001abff')], [0, 1, 171, 255])
    expectCode(assert, () => hexToBytes('0001ABFF'), 'bad_hex')
    expectCode(assert, () => hexToBytes('abc'), 'bad_hex')
    expectCode(assert, () => hexToBytes('zz'), 'bad_hex')
    expectCode(assert, () => hexToBytes('00', 2), 'bad_length')
  })

  test('base64 round trips and matches the platform encoder', ({ assert }) => {
    for (let n = 0; n < 40; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + n) & 255)
      const text = bytesToBase64(bytes)
      assert.equal(text, Buffer.from(bytes).toString('base64'))
      assert.deepEqual(base64ToBytes(text), bytes)
      assert.deepEqual(base64ToBytes(text.replace(/=+$/, '')), bytes)
    }
  })

  test('base64 refuses other alphabets, whitespace and non-zero trailing bits', ({ assert }) => {
    for (const bad of ['ab-_', 'ab c', 'QR==', 'QUJ=', 'A', 'A===', '=AAA', 'AB=C', '\u00e9AAA']) {
      expectCode(assert, () => base64ToBytes(bad), 'bad_base64')
    }
  })

  test('uint64be and domain-separated messages', ({ assert }) => {
    assert.equal(bytesToHex(uint64be(7)), '0000000000000007')
    assert.equal(bytesToHex(uint64be(2 ** 40 + 1)), '0000010000000001')
    assert.equal(bytesToHex(uint64be(0xffffffffffffffffn)), 'ffffffffffffffff')
    expectCode(assert, () => uint64be(-1), 'bad_uint')
    expectCode(assert, () => uint64be(1.5), 'bad_uint')
    assert.equal(
      bytesToHex(domainMessage('civic-budget/commit/v1', new Uint8Array([0xab]))),
      bytesToHex(new TextEncoder().encode('civic-budget/commit/v1')) + '00ab'
    )
  })
})
