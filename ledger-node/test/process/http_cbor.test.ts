// `POST /txs` with a binary body (`Content-Type: application/cbor`, a CBOR array of tx byte strings):
// the same verdicts as the JSON form, per-tx rejections for empty or invalid txs, and a malformed body
// refused as a whole (400) without touching the mempool.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Cluster, sleep } from './harness.js'
import { encodeBstrArray, encodeKvTx } from '../../src/app/kv.js'
import { encodeCbor } from '../../src/codec/cbor.js'
import { txHash } from '../../src/codec/tx.js'

const postCbor = (c: Cluster, body: Uint8Array) =>
  fetch(c.url(0, '/txs'), {
    method: 'POST',
    headers: { 'content-type': 'application/cbor' },
    body,
  })

test(
  'POST /txs accepts a CBOR [bstr…] body; bad bodies are refused whole',
  { timeout: 90_000 },
  async () => {
    const c = await Cluster.create({ app: 'kv', basePort: 24400, n: 1 })
    try {
      await c.waitReady([0], 30_000)
      const a = encodeKvTx('cbor-a', Buffer.from('1'))
      const b = encodeKvTx('cbor-b', Buffer.from('2'))
      const notKv = encodeCbor([1, 'other', 'k', new Uint8Array(1)])
      const r = await postCbor(c, encodeBstrArray([a, b, new Uint8Array(0), notKv]))
      assert.equal(r.status, 202)
      const out = (await r.json()) as {
        accepted: (string | null)[]
        rejected: { index: number; code: string }[]
      }
      assert.deepEqual(out.accepted, [txHash(a), txHash(b), null, null])
      assert.deepEqual(
        out.rejected.map((x) => [x.index, x.code]),
        [
          [2, 'malformed'],
          [3, 'rejected'],
        ]
      )
      const end = Date.now() + 30_000
      while ((await fetch(c.url(0, '/kv/cbor-b'))).status !== 200) {
        assert.ok(Date.now() < end, 'CBOR-submitted tx not committed')
        await sleep(100)
      }
      // The JSON form still works, and a committed tx re-sent either way is a safe retry.
      const json = await c.post(0, '/txs', { txs: [Buffer.from(a).toString('base64')] })
      assert.equal(json.status, 202)
      assert.deepEqual(json.body.accepted, [txHash(a)])
      assert.deepEqual(((await (await postCbor(c, encodeBstrArray([a]))).json()) as any).accepted, [
        txHash(a),
      ])

      const fresh = encodeKvTx('cbor-never', Buffer.from('x'))
      const whole = encodeBstrArray([fresh])
      const bad: [string, Uint8Array][] = [
        ['empty body', new Uint8Array(0)],
        ['not an array', encodeCbor(fresh)],
        ['truncated', whole.subarray(0, whole.length - 1)],
        ['trailing bytes', Uint8Array.from([...whole, 0])],
        ['indefinite length', Uint8Array.from([0x9f, ...whole.subarray(1), 0xff])],
        ['non-shortest count', Uint8Array.from([0x98, 1, ...whole.subarray(1)])],
        ['a text string item', encodeCbor(['abc'])],
      ]
      for (const [what, body] of bad) {
        const res = await postCbor(c, body)
        assert.equal(res.status, 400, what)
        assert.equal(((await res.json()) as { error: string }).error, 'bad_cbor', what)
      }
      // 20 001 items announced in the head alone: refused before anything is read.
      const tooMany = await postCbor(c, Uint8Array.from([0x99, 0x4e, 0x21]))
      assert.equal(tooMany.status, 400)
      assert.equal(((await tooMany.json()) as { error: string }).error, 'too_many_txs')
      const tx = await c.get(0, `/txs/${txHash(fresh)}`)
      assert.equal(tx.status, 'unknown', 'a refused body changes nothing')
      assert.equal((await c.status(0)).mempool, 0)
    } finally {
      await c.cleanup()
    }
  }
)
