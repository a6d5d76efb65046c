import { test } from 'node:test'
import assert from 'node:assert/strict'
import { KvApp } from '../../src/app/kv.js'
import { AssertionError } from '../../src/consensus/assert.js'
import { defaultConfig, type ConsensusConfig } from '../../src/consensus/config.js'
import { PeerFaults } from '../../src/consensus/peer_faults.js'
import { Replica } from '../../src/consensus/replica.js'
import type { VoteMsg } from '../../src/consensus/types.js'
import { CHAIN, GENESIS, GQC, N, boot, deliver, key, mkBlock, proposal } from './helpers.js'
import { voteSigningMessage } from '../../src/codec/signing.js'

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
