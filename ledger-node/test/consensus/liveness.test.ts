/**
 * Liveness failures the simulator's adversary runs found (issue #12, follow-up), each reproduced on a
 * hand-driven replica: a sync request/response loop, commit signatures pruned before they certify,
 * and the clock assumption behind the stalls of seeds 148, 5105 and 5151.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { makeBlock } from '../../src/codec/block.js'
import { commitSigningMessage } from '../../src/codec/signing.js'
import { AssertionError } from '../../src/consensus/assert.js'
import type { ConsensusConfig } from '../../src/consensus/config.js'
import type { Action, Block, CommitCert, QuorumCert } from '../../src/consensus/types.js'
import { ADVERSARIES } from '../../src/sim/adversary.js'
import { runSeed } from '../../src/sim/simulator.js'
import {
  GENESIS,
  GQC,
  apply,
  boot,
  deliver,
  key,
  mkBlock,
  mkQc,
  mkTc,
  proposal,
  sentKinds,
  sentVotes,
  timeoutMsg,
  tx,
} from './helpers.js'

const RR: Partial<ConsensusConfig> = { leaderElection: 'round-robin' }

/** b1..bn in views 1, 3, 5, … (each justified by its parent's QC): certified, none committed. */
function chain(n: number): { blocks: Block[]; qcs: QuorumCert[] } {
  const blocks: Block[] = []
  const qcs: QuorumCert[] = []
  let parent = GENESIS
  let qc = GQC
  for (let i = 0; i < n; i++) {
    const b = mkBlock(2 * i + 1, parent, qc)
    blocks.push(b)
    qc = mkQc(b)
    qcs.push(qc)
    parent = b
  }
  return { blocks, qcs }
}

const syncResponse = (blocks: Block[], highQc: QuorumCert | null) => ({
  kind: 'syncResponse' as const,
  blocks,
  certs: [] as CommitCert[],
  highQc,
  highTc: null,
})

test('sync: a repeated response with blocks already held is not progress (seed 9: endless request/response loop)', async () => {
  const { h } = await boot(0, undefined, RR)
  const { blocks, qcs } = chain(2)
  // An answer with a new block: progress, the next request leaves at once.
  let out = deliver(h, 1, syncResponse([blocks[0]!], qcs[0]!))
  assert.equal(sentKinds(out, 'syncRequest').length, 1, 'new block: follow-up request')
  // The peer has nothing more: catch-up ends (not behind: its highQc block is ours).
  out = deliver(h, 1, syncResponse([], qcs[0]!))
  assert.equal(sentKinds(out, 'syncRequest').length, 0)
  assert.equal(h.replica.status().syncing, false)
  // Late duplicates of the first answer (a duplicated frame, or a twin's answer reaching both
  // instances of a key): before the fix each counted as progress again (the cursor had been reset)
  // and sent a request at once, whose answer ended the round and reset the cursor — forever.
  for (let k = 0; k < 5; k++) {
    out = deliver(h, 1, syncResponse([blocks[0]!], qcs[0]!))
    assert.equal(sentKinds(out, 'syncRequest').length, 0, `duplicate ${k}: no request`)
  }
  // Real progress still continues at once.
  out = deliver(h, 1, syncResponse([blocks[1]!], qcs[0]!))
  assert.equal(sentKinds(out, 'syncRequest').length, 1, 'next new block: follow-up request')
})

test('commit burst: every block of the longest commit the tree allows still certifies', async () => {
  const window = 16
  const cfg: Partial<ConsensusConfig> = {
    ...RR,
    committedWindowBlocks: window,
    treeBlocksMax: window,
    syncBatchMax: 8,
  }
  // A window smaller than the tree is refused: one commit can adopt up to the tree's blocks, and the
  // oldest of them would leave the window before the peers' signatures certify them.
  await assert.rejects(
    boot(0, undefined, { ...cfg, committedWindowBlocks: window - 1 }),
    AssertionError
  )
  const { h } = await boot(0, undefined, cfg)
  const L = window - 2 // blocks committed at once (the tree also holds the tip and the certifying child)
  const { blocks, qcs } = chain(L)
  const last = blocks[L - 1]!
  const child = mkBlock(last.header.view + 1, last, qcs[L - 1]!)
  const all = [...blocks, child]
  const actions: Action[] = []
  for (let i = 0; i < all.length; i += 8)
    actions.push(...deliver(h, 1, syncResponse(all.slice(i, i + 8), null)))
  assert.equal(h.replica.committedHeight, 0, 'nothing committed yet (no consecutive views)')
  actions.push(...deliver(h, 1, syncResponse([], mkQc(child))))
  assert.equal(h.replica.committedHeight, L, `${L} blocks committed at once`)
  const certified: number[] = []
  for (const b of blocks)
    for (const signer of [1, 2]) {
      const m = {
        kind: 'commitSig' as const,
        height: b.header.height,
        blockHash: b.hash,
        signer,
        sig: key(signer).sign(commitSigningMessage(b.hash)),
      }
      for (const a of deliver(h, signer, m))
        if (a.kind === 'certified') certified.push(a.cert.height)
    }
  assert.deepEqual(
    certified.sort((a, b) => a - b),
    blocks.map((b) => b.header.height),
    'a certificate (hence receipts) for every block of the burst'
  )
})

test('clock: a proposal stamped beyond clockSkewMsMax ahead is refused, one within it gets a vote', async () => {
  // The protocol's clock assumption (Aptos does the same): a block's timestamp may be at most
  // clockSkewMsMax ahead of the voter's clock. An honest replica whose clock stays further ahead is
  // outside the model — seeds 148/5105/5151 had two such honest replicas plus the faulty key (> f),
  // which is why they stalled; the simulator now models an honest clock jump as a pause.
  const skew = 5000
  const now = 100_000
  const at = (ts: number): Block => {
    const b = mkBlock(1, GENESIS, GQC, [], 1)
    return makeBlock({
      chainId: b.header.chainId,
      view: 1,
      parent: GQC,
      txs: [],
      stateRoot: b.header.stateRoot,
      timestampMs: ts,
      proposer: 1,
    })
  }
  const voter = async (i: number) => (await boot(i, undefined, { ...RR, clockSkewMsMax: skew })).h
  const ahead = sentVotes(deliver(await voter(3), 1, proposal(at(now + skew + 1)), now))
  assert.equal(ahead.length, 0, 'stamped too far ahead: refused')
  const within = sentVotes(deliver(await voter(3), 1, proposal(at(now + skew)), now))
  assert.equal(within.length, 1, 'stamped within the skew: voted')
})

test('simulator: seeds 148, 5105 and 5151 (every adversary) commit after the heal', async () => {
  for (const seed of [148, 5105, 5151]) {
    const r = await runSeed({ seed, replicas: 4, faults: 'all', adversaries: [...ADVERSARIES] })
    assert.deepEqual(r.violations, [], `seed ${seed}`)
  }
})

test('restart into a view whose TC was only in memory: the lost TC is formed again from re-sent timeouts (seed 6924)', async () => {
  const { h } = await boot(0, undefined, RR)
  // Time out in view 1 (peers 1 and 2 did: f + 1 make us join); the TC of view 1 opens view 2.
  deliver(h, 1, timeoutMsg(1, 1, GQC), 100)
  deliver(h, 2, timeoutMsg(1, 2, GQC), 100)
  assert.equal(h.replica.currentView, 2)
  // Vote in view 2 for the leader's block on the TC: the safety record now says voted 2, timed out 1.
  const b2 = mkBlock(2, GENESIS, GQC, [], 2)
  const tc1 = mkTc(1, [0, 1, 2], [0, 0, 0])
  assert.equal(sentVotes(deliver(h, 2, proposal(b2, tc1), 200)).length, 1)
  // Restart: the TC is gone (not durable); we are back in view 2 and may not time out there.
  const { h: r } = await boot(0, h.storage, RR, 300)
  assert.equal(r.replica.currentView, 2)
  apply(r, r.replica.onClientTxs([tx('pending')], 400)) // work waiting: the view must end
  let out = apply(r, r.replica.onTick(60_000))
  assert.equal(sentKinds(out, 'timeout').length, 1, 'our timeout of view 1 is re-sent')
  const resent = sentKinds(out, 'timeout')[0]!
  assert.ok(resent.kind === 'send' && resent.msg.kind === 'timeout' && resent.msg.view === 1)
  // The peers' re-sent timeouts of view 1 re-form the TC; then we can time out in view 2.
  deliver(r, 1, timeoutMsg(1, 1, GQC), 60_001)
  deliver(r, 2, timeoutMsg(1, 2, GQC), 60_002)
  out = apply(r, r.replica.onTick(200_000))
  const views = out.flatMap((a) =>
    a.kind === 'send' && a.msg.kind === 'timeout' ? [a.msg.view] : []
  )
  assert.deepEqual(views, [2], 'a timeout of view 2 is signed: the view can end')
})

test('sync: a need an answer did not meet is re-sent at the retry pace, not on every answer (seeds 5964, 6325)', async () => {
  const { h } = await boot(0, undefined, { ...RR, syncRetryMsBase: 200 })
  deliver(h, 1, syncResponse([], GQC), 5) // the start-up sync is answered: nothing to fetch
  apply(h, h.replica.onClientTxs([tx('w')], 10))
  // A bare TC of view 3 whose high QC (view 2) only the adversary holds: we lead view 4, but the
  // leader's TC guard must fetch that QC before proposing.
  const tc3 = mkTc(3, [1, 2, 3], [2, 0, 0])
  let out = deliver(
    h,
    1,
    { kind: 'syncResponse', blocks: [], certs: [], highQc: null, highTc: tc3 },
    1000
  )
  assert.equal(h.replica.currentView, 4)
  assert.equal(sentKinds(out, 'syncRequest').length, 1, 'the guard asks a peer')
  // The peer answers without that QC (it does not have it either). Before the fix the answer ended
  // the round and the guard asked again at once — answer, request, answer… at network speed.
  out = deliver(h, 2, syncResponse([], GQC), 1001)
  assert.equal(sentKinds(out, 'syncRequest').length, 0, 'no request on the answer itself')
  out = apply(h, h.replica.onTick(1001 + 200))
  assert.equal(sentKinds(out, 'syncRequest').length, 1, 'asked again after syncRetryMsBase')
})
