/**
 * Liveness failures the simulator's adversary runs found (issue #12, follow-up), each reproduced on a
 * hand-driven replica: a sync request/response loop, commit signatures pruned before they certify,
 * and the clock assumption behind the stalls of seeds 148, 5105 and 5151.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeBlock } from '../../src/codec/block.js';
import { commitSigningMessage } from '../../src/codec/signing.js';
import { AssertionError } from '../../src/consensus/assert.js';
import { ADVERSARIES } from '../../src/sim/adversary.js';
import { runSeed } from '../../src/sim/simulator.js';
import { GENESIS, GQC, boot, deliver, key, mkBlock, mkQc, proposal, sentKinds, sentVotes, } from './helpers.js';
const RR = { leaderElection: 'round-robin' };
/** b1..bn in views 1, 3, 5, … (each justified by its parent's QC): certified, none committed. */
function chain(n) {
    const blocks = [];
    const qcs = [];
    let parent = GENESIS;
    let qc = GQC;
    for (let i = 0; i < n; i++) {
        const b = mkBlock(2 * i + 1, parent, qc);
        blocks.push(b);
        qc = mkQc(b);
        qcs.push(qc);
        parent = b;
    }
    return { blocks, qcs };
}
const syncResponse = (blocks, highQc) => ({
    kind: 'syncResponse',
    blocks,
    certs: [],
    highQc,
    highTc: null,
});
test('sync: a repeated response with blocks already held is not progress (seed 9: endless request/response loop)', async () => {
    const { h } = await boot(0, undefined, RR);
    const { blocks, qcs } = chain(2);
    // An answer with a new block: progress, the next request leaves at once.
    let out = deliver(h, 1, syncResponse([blocks[0]], qcs[0]));
    assert.equal(sentKinds(out, 'syncRequest').length, 1, 'new block: follow-up request');
    // The peer has nothing more: catch-up ends (not behind: its highQc block is ours).
    out = deliver(h, 1, syncResponse([], qcs[0]));
    assert.equal(sentKinds(out, 'syncRequest').length, 0);
    assert.equal(h.replica.status().syncing, false);
    // Late duplicates of the first answer (a duplicated frame, or a twin's answer reaching both
    // instances of a key): before the fix each counted as progress again (the cursor had been reset)
    // and sent a request at once, whose answer ended the round and reset the cursor — forever.
    for (let k = 0; k < 5; k++) {
        out = deliver(h, 1, syncResponse([blocks[0]], qcs[0]));
        assert.equal(sentKinds(out, 'syncRequest').length, 0, `duplicate ${k}: no request`);
    }
    // Real progress still continues at once.
    out = deliver(h, 1, syncResponse([blocks[1]], qcs[0]));
    assert.equal(sentKinds(out, 'syncRequest').length, 1, 'next new block: follow-up request');
});
test('commit burst: every block of the longest commit the tree allows still certifies', async () => {
    const window = 16;
    const cfg = {
        ...RR,
        committedWindowBlocks: window,
        treeBlocksMax: window,
        syncBatchMax: 8,
    };
    // A window smaller than the tree is refused: one commit can adopt up to the tree's blocks, and the
    // oldest of them would leave the window before the peers' signatures certify them.
    await assert.rejects(boot(0, undefined, { ...cfg, committedWindowBlocks: window - 1 }), AssertionError);
    const { h } = await boot(0, undefined, cfg);
    const L = window - 2; // blocks committed at once (the tree also holds the tip and the certifying child)
    const { blocks, qcs } = chain(L);
    const last = blocks[L - 1];
    const child = mkBlock(last.header.view + 1, last, qcs[L - 1]);
    const all = [...blocks, child];
    const actions = [];
    for (let i = 0; i < all.length; i += 8)
        actions.push(...deliver(h, 1, syncResponse(all.slice(i, i + 8), null)));
    assert.equal(h.replica.committedHeight, 0, 'nothing committed yet (no consecutive views)');
    actions.push(...deliver(h, 1, syncResponse([], mkQc(child))));
    assert.equal(h.replica.committedHeight, L, `${L} blocks committed at once`);
    const certified = [];
    for (const b of blocks)
        for (const signer of [1, 2]) {
            const m = {
                kind: 'commitSig',
                height: b.header.height,
                blockHash: b.hash,
                signer,
                sig: key(signer).sign(commitSigningMessage(b.hash)),
            };
            for (const a of deliver(h, signer, m))
                if (a.kind === 'certified')
                    certified.push(a.cert.height);
        }
    assert.deepEqual(certified.sort((a, b) => a - b), blocks.map((b) => b.header.height), 'a certificate (hence receipts) for every block of the burst');
});
test('clock: a proposal stamped beyond clockSkewMsMax ahead is refused, one within it gets a vote', async () => {
    // The protocol's clock assumption (Aptos does the same): a block's timestamp may be at most
    // clockSkewMsMax ahead of the voter's clock. An honest replica whose clock stays further ahead is
    // outside the model — seeds 148/5105/5151 had two such honest replicas plus the faulty key (> f),
    // which is why they stalled; the simulator now models an honest clock jump as a pause.
    const skew = 5000;
    const now = 100_000;
    const at = (ts) => {
        const b = mkBlock(1, GENESIS, GQC, [], 1);
        return makeBlock({
            chainId: b.header.chainId,
            view: 1,
            parent: GQC,
            txs: [],
            stateRoot: b.header.stateRoot,
            timestampMs: ts,
            proposer: 1,
        });
    };
    const voter = async (i) => (await boot(i, undefined, { ...RR, clockSkewMsMax: skew })).h;
    const ahead = sentVotes(deliver(await voter(3), 1, proposal(at(now + skew + 1)), now));
    assert.equal(ahead.length, 0, 'stamped too far ahead: refused');
    const within = sentVotes(deliver(await voter(3), 1, proposal(at(now + skew)), now));
    assert.equal(within.length, 1, 'stamped within the skew: voted');
});
test('simulator: seeds 148, 5105 and 5151 (every adversary) commit after the heal', async () => {
    for (const seed of [148, 5105, 5151]) {
        const r = await runSeed({ seed, replicas: 4, faults: 'all', adversaries: [...ADVERSARIES] });
        assert.deepEqual(r.violations, [], `seed ${seed}`);
    }
});
//# sourceMappingURL=liveness.test.js.map