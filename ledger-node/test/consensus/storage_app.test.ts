import { test } from 'node:test'
import assert from 'node:assert/strict'
import { KvApp, encodeKvTx } from '../../src/app/kv.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { ZERO_HASH } from '../../src/crypto/hash.js'
import { GENESIS } from './helpers.js'

test('memory storage: a crash loses unsynced writes only; a synced write makes earlier ones durable', () => {
  const s = new MemoryStorage()
  s.writeSync({ ops: [{ kind: 'putTx', txHash: 'a', height: 1, position: 0 }], sync: false })
  s.crash()
  assert.equal(s.getTxSync('a'), undefined)
  s.writeSync({ ops: [{ kind: 'putTx', txHash: 'b', height: 1, position: 0 }], sync: false })
  s.writeSync({ ops: [{ kind: 'putCommitted', height: 1, hash: GENESIS.hash }], sync: true })
  s.writeSync({ ops: [{ kind: 'putTx', txHash: 'c', height: 2, position: 0 }], sync: false })
  s.crash()
  assert.deepEqual(s.getTxSync('b'), { height: 1, position: 0 })
  assert.equal(s.getTxSync('c'), undefined)
  assert.equal(s.getCommittedTipSync()?.height, 1)
})

test('kv app: speculative branches do not interfere; commit + restore round-trip', () => {
  const app = new KvApp()
  const g = app.genesisState()
  const ctx = (height: number) => ({ chainId: 'c', height, timestampMs: 0 })
  const e1 = app.beginBlock(g, ZERO_HASH, ctx(1))
  assert.ok(e1.deliverTx(encodeKvTx('k', new Uint8Array([1]))).ok)
  const b1 = e1.finish()
  const fork = app.beginBlock(g, ZERO_HASH, ctx(1))
  assert.ok(fork.deliverTx(encodeKvTx('k', new Uint8Array([9]))).ok)
  const f1 = fork.finish()
  assert.notDeepEqual(b1.stateRoot, f1.stateRoot)
  assert.deepEqual(app.get(b1.state, 'k'), new Uint8Array([1]))
  assert.deepEqual(app.get(f1.state, 'k'), new Uint8Array([9]))
  const e2 = app.beginBlock(b1.state, b1.stateRoot, ctx(2))
  assert.equal(e2.deliverTx(encodeKvTx('', new Uint8Array([1]))).ok, false, 'invalid tx refused')
  assert.ok(e2.deliverTx(encodeKvTx('j', new Uint8Array([2]))).ok)
  const b2 = e2.finish()
  const s = new MemoryStorage()
  s.writeSync({ ops: app.commit(b1.state), sync: true })
  s.writeSync({ ops: app.commit(b2.state), sync: true })
  assert.deepEqual(app.getCommitted('j'), new Uint8Array([2]))
  const app2 = new KvApp()
  const restored = app2.restore(s.appEntriesSync())
  assert.equal(restored.height, 2)
  assert.deepEqual(app2.getCommitted('k'), new Uint8Array([1]))
  assert.deepEqual(app2.getCommitted('j'), new Uint8Array([2]))
})
