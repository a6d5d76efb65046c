import { test } from 'node:test'
import assert from 'node:assert/strict'
import { KvApp } from '../../src/app/kv.js'
import { AssertionError } from '../../src/consensus/assert.js'
import { defaultConfig, type ConsensusConfig } from '../../src/consensus/config.js'
import { PeerFaults } from '../../src/consensus/peer_faults.js'
import { Replica } from '../../src/consensus/replica.js'
import type { VoteMsg } from '../../src/consensus/types.js'
import {
  CHAIN,
  GENESIS,
  GQC,
  N,
  boot,
  deliver,
  key,
  mkBlock,
  mkQc,
  proposal,
  tx,
} from './helpers.js'
import { proposalSigningMessage, voteSigningMessage } from '../../src/codec/signing.js'
import { encodeKvTx } from '../../src/app/kv.js'
import { EventQueue } from '../../src/node/event_queue.js'
import { loadPersistedState } from '../../src/storage/load.js'
import { MemoryStorage } from '../../src/storage/memory.js'

function build(over: Partial<ConsensusConfig>): Replica {
  return new Replica({ ...defaultConfig(CHAIN, N, 0), ...over }, key(0), new KvApp())
}

test('the pool bounds are checked when a replica is built', () => {
  assert.ok(build({}))
  for (const bad of [
    { voteViewsAheadMax: 0 },
    { commitSigHeightsAheadMax: -1 },
    { syncBytesMax: 0 },
    { committedWindowBlocks: 1.5 },
    { treeBlocksMax: 100, syncBatchMax: 128 }, // a full sync batch must fit in the tree
    { committedWindowBlocks: 200, treeBlocksMax: 300 }, // a whole commit burst must stay in the window
    { orphanBlocksMax: N - 1 }, // every proposer needs an orphan slot
  ])
    assert.throws(() => build(bad), AssertionError, JSON.stringify(bad))
})

test('peer faults are counted per peer and reason and listed in order', () => {
  const f = new PeerFaults()
  f.record(3, 'bad_signature')
  f.record(1, 'equivocation')
  f.record(3, 'bad_signature')
  f.record(3, 'out_of_window')
  assert.equal(f.count(3, 'bad_signature'), 2)
  assert.equal(f.count(2, 'bad_signature'), 0)
  assert.equal(f.total(3), 3)
  assert.deepEqual(f.entries(), [
    { peer: 1, reason: 'equivocation', count: 1 },
    { peer: 3, reason: 'bad_signature', count: 2 },
    { peer: 3, reason: 'out_of_window', count: 1 },
  ])
})

test('a vote is attributed to the link it came on, and a second vote of a voter in a view is equivocation', async () => {
  const { h } = await boot(2) // leader of view 2 under round robin: collects the votes of view 1
  const b1 = mkBlock(1, GENESIS, GQC)
  deliver(h, 1, proposal(b1))
  const vote = (voter: number, blockHash: Uint8Array, height = 1): VoteMsg => ({
    kind: 'vote',
    view: 1,
    height,
    blockHash,
    voter,
    sig: key(voter).sign(voteSigningMessage(height, 1, blockHash)),
  })
  deliver(h, 0, vote(3, b1.hash)) // relayed by 0 in 3's name
  assert.equal(h.replica.peerFaults.count(0, 'sender_mismatch'), 1)
  deliver(h, 3, vote(3, new Uint8Array(32).fill(7)))
  deliver(h, 3, vote(3, b1.hash))
  assert.equal(h.replica.peerFaults.count(3, 'equivocation'), 1)
  assert.equal(h.replica.status().pooledVotes, 2) // 2's own vote and 3's first one
})

test('the byte bounds are checked too: tree, orphans and event queue hold a largest block each', () => {
  for (const bad of [
    { treeBytesMax: 1 << 20 },
    { orphanBytesMax: (4 << 20) * N - 1 },
    { eventQueueBytesMax: 4 << 20 },
    { eventQueueMax: 0 },
  ])
    assert.throws(() => build(bad), AssertionError, JSON.stringify(bad))
})

test('the event queue drops peer frames beyond its count or byte bound, never its own events', () => {
  const q = new EventQueue<string>(3, 100)
  assert.equal(q.offer('a', 60), true)
  assert.equal(q.offer('b', 50), false, 'would pass 100 bytes')
  assert.equal(q.offer('c', 40), true)
  assert.equal(q.overloaded(), true, 'half full by bytes')
  q.push('tick', 0)
  assert.equal(q.offer('d', 0), false, 'full by count')
  q.push('own', 500) // the node's own events always enter
  assert.equal(q.bytes, 600)
  assert.deepEqual(
    [q.shift(), q.shift(), q.shift(), q.shift(), q.shift()],
    ['a', 'c', 'tick', 'own', undefined]
  )
  assert.equal(q.bytes, 0)
  assert.equal(q.overloaded(), false)
})

/** KvApp that records which blocks it was asked to batch-check. */
class SpyApp extends KvApp {
  readonly prevalidated: number[] = []
  prevalidate(txs: readonly Uint8Array[]): void {
    this.prevalidated.push(txs.length)
  }
}

test('credentials are batch-checked only for a proposal whose sender and signature verified', async () => {
  const app = new SpyApp()
  const replica = new Replica(defaultConfig(CHAIN, N, 0), key(0), app)
  replica.onRecovered(await loadPersistedState(new MemoryStorage(), app, CHAIN), 0)
  const b1 = mkBlock(1, GENESIS, GQC, [tx('a'), tx('b')])
  const p = proposal(b1)
  replica.onMessage(2, p, 100) // relayed by another replica
  replica.onMessage(1, { ...p, sig: key(2).sign(proposalSigningMessage(b1.hash)) }, 100)
  replica.onMessage(
    1,
    { ...p, block: { ...b1, justify: { ...b1.justify, view: 0, height: 1 } } },
    100
  )
  assert.deepEqual(app.prevalidated, [], 'nothing checked for unauthenticated input')
  assert.equal(replica.peerFaults.count(2, 'sender_mismatch'), 1)
  assert.equal(replica.peerFaults.count(1, 'bad_signature'), 1)
  replica.onMessage(1, p, 100)
  assert.deepEqual(app.prevalidated, [2])
})

test('orphans are bounded in bytes per proposer: a big second orphan evicts the first', async () => {
  const big = (k: string): Uint8Array => encodeKvTx(k, new Uint8Array(3000))
  const { h } = await boot(0, new MemoryStorage(), {
    blockBytesMax: 4000,
    blockTxsMax: 4,
    syncBytesMax: 8000,
    orphanBytesMax: N * 7000,
    treeBytesMax: 1 << 20,
    eventQueueBytesMax: 1 << 20,
  })
  // Replica 1 leads views 5 and 9 (round robin in tests' blocks); their parents are unknown here.
  const chain = [GENESIS]
  for (let v = 1; v <= 8; v++) chain.push(mkBlock(v, chain[v - 1]!, mkQc(chain[v - 1]!)))
  const b5 = mkBlock(5, chain[4]!, mkQc(chain[4]!), [big('x')])
  const b9 = mkBlock(9, chain[8]!, mkQc(chain[8]!), [big('y')])
  deliver(h, 1, proposal(b5))
  assert.equal(h.replica.status().orphans, 1)
  deliver(h, 1, proposal(b9))
  assert.equal(h.replica.status().orphans, 1, 'the share holds one block of this size')
})
