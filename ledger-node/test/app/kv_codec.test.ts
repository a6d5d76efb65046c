import { test } from 'node:test'
import assert from 'node:assert/strict'
import { encodeCbor } from '../../src/codec/cbor.js'
import {
  decodeKvTx,
  encodeBstrArray,
  encodeKvResult,
  decodeKvTxUncached,
  encodeKvTx,
  KvApp,
} from '../../src/app/kv.js'

const rnd = (n: number): Uint8Array =>
  Uint8Array.from({ length: n }, () => (Math.random() * 256) | 0)

test('kv fast paths are byte-identical to the generic CBOR encoder', () => {
  for (const klen of [1, 5, 23, 24, 200, 255, 256]) {
    for (const key of ['k'.repeat(klen), 'é'.repeat(Math.ceil(klen / 2))]) {
      const h = rnd(32)
      assert.deepEqual(
        Uint8Array.from(encodeKvResult(key, h)),
        Uint8Array.from(encodeCbor([key, h]))
      )
    }
  }
  for (const n of [0, 1, 23, 24, 255, 256, 2000, 70_000]) {
    const items = Array.from({ length: n }, (_, i) => rnd(i % 300))
    assert.deepEqual(Uint8Array.from(encodeBstrArray(items)), Uint8Array.from(encodeCbor(items)))
  }
})

test('kv tx decoding: fast path agrees with the full decoder on valid and invalid encodings', () => {
  const cases: Uint8Array[] = []
  for (const klen of [0, 1, 23, 24, 255, 256, 257])
    for (const vlen of [0, 1, 23, 24, 255, 256, 4096, 4097]) {
      const t = encodeKvTx('a'.repeat(klen), rnd(vlen))
      cases.push(t, t.subarray(0, t.length - 1), Uint8Array.from([...t, 0]))
    }
  cases.push(encodeKvTx('ключ', rnd(3)), encodeKvTx('\uFEFFk', rnd(3)))
  // non-shortest heads: key length 3 written as 0x78 0x03; value length 2 written as 0x58 0x02
  cases.push(Uint8Array.from([0x84, 1, 0x62, 0x6b, 0x76, 0x78, 3, 0x61, 0x62, 0x63, 0x42, 1, 2]))
  cases.push(Uint8Array.from([0x84, 1, 0x62, 0x6b, 0x76, 0x63, 0x61, 0x62, 0x63, 0x58, 2, 1, 2]))
  cases.push(Uint8Array.from([0x84, 1, 0x62, 0x6b, 0x76, 0x63, 0x61, 0xff, 0x63, 0x42, 1, 2]))
  for (const c of cases) {
    const fast = decodeKvTx(c)
    const slow = decodeKvTxUncached(c)
    if ('error' in slow) assert.deepEqual(fast, slow)
    else
      assert.deepEqual(
        { key: (fast as typeof slow).key, value: Uint8Array.from((fast as typeof slow).value) },
        { key: slow.key, value: Uint8Array.from(slow.value) }
      )
    // the reference: the canonical re-encoding check of the full decoder
    if (!('error' in fast))
      assert.deepEqual(Uint8Array.from(encodeKvTx(fast.key, fast.value)), Uint8Array.from(c))
  }
})

test('kv commit writes app keys kv/<UTF-8 key> for ASCII and non-ASCII keys alike', () => {
  const app = new KvApp()
  const g = app.genesisState()
  const keys = ['plain-key', 'ключ', 'x'.repeat(256), 'é']
  const exec = app.beginBlock(g, new Uint8Array(32), { chainId: 'c', height: 1, timestampMs: 1 })
  for (const k of keys) assert.ok(exec.deliverTx(encodeKvTx(k, rnd(4))).ok)
  const ops = app.commit(exec.finish().state)
  const utf8 = new TextEncoder()
  assert.deepEqual(
    ops.flatMap((o) => (o.kind === 'putApp' ? [Uint8Array.from(o.key)] : [])),
    [...keys.map((k) => utf8.encode('kv/' + k)), utf8.encode('meta/height')]
  )
})
