import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseCborTxList, TxListError } from '../../src/node/tx_list.js'
import { encodeBstrArray } from '../../src/app/kv.js'
import { encodeCbor } from '../../src/codec/cbor.js'

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill)

test('CBOR tx lists: every canonical [bstr…] round-trips, as views into the body', () => {
  for (const sizes of [[], [0], [1, 23, 24, 255, 256], [65_535, 65_536, 3]]) {
    const txs = sizes.map((n, i) => bytes(n, i + 1))
    const body = encodeBstrArray(txs)
    assert.deepEqual(body, encodeCbor(txs))
    const got = parseCborTxList(body, 20_000)
    assert.deepEqual(got, txs)
    for (const t of got) assert.equal(t.buffer, body.buffer, 'no copy')
  }
})

test('CBOR tx lists: anything but a canonical definite array of byte strings is refused', () => {
  const ok = encodeBstrArray([bytes(30, 7), bytes(2, 1)])
  const bad: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['a map', Uint8Array.from([0xa0])],
    ['a byte string', encodeCbor(bytes(3, 1))],
    ['text item', encodeCbor(['x'])],
    ['uint item', encodeCbor([5])],
    ['nested array', encodeCbor([[bytes(1, 1)]])],
    ['indefinite array', Uint8Array.from([0x9f, 0x41, 1, 0xff])],
    ['indefinite bstr', Uint8Array.from([0x81, 0x5f, 0x41, 1, 0xff])],
    ['non-shortest count', Uint8Array.from([0x98, 2, ...ok.subarray(1)])],
    ['non-shortest length', Uint8Array.from([0x81, 0x58, 1, 9])],
    ['truncated item', ok.subarray(0, ok.length - 1)],
    ['truncated head', Uint8Array.from([0x81, 0x59, 1])],
    ['missing item', Uint8Array.from([0x82, 0x41, 1])],
    ['trailing byte', Uint8Array.from([...ok, 0])],
    ['8-byte length', Uint8Array.from([0x81, 0x5b, 0, 0, 0, 0, 0, 0, 0, 1, 1])],
  ]
  for (const [what, body] of bad) assert.throws(() => parseCborTxList(body, 100), TxListError, what)
  assert.throws(
    () => parseCborTxList(encodeBstrArray([bytes(1, 1), bytes(1, 2)]), 1),
    /more than 1/
  )
})
