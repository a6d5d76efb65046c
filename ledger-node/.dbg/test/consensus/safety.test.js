import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../src/crypto/hash.js';
import { boot, deliver, GENESIS, GQC, mkBlock, mkQc, mkTc, proposal, sentKinds, sentVotes, timeoutMsg, tx, } from './helpers.js';
function indexOf(actions, pred) {
    return actions.findIndex(pred);
}
test('votes once per view: a second, different proposal for the same view gets no vote', async () => {
    const { h } = await boot(0);
    const b1 = mkBlock(1, GENESIS, GQC, [tx('a')]);
    const a1 = deliver(h, 1, proposal(b1));
    const v = sentVotes(a1);
    assert.equal(v.length, 1);
    assert.equal(v[0].view, 1);
    assert.equal(toHex(v[0].blockHash), toHex(b1.hash));
    const b1x = mkBlock(1, GENESIS, GQC, [tx('b')]);
    assert.equal(sentVotes(deliver(h, 1, proposal(b1x))).length, 0);
    // the same proposal again: no new vote either
    assert.equal(sentVotes(deliver(h, 1, proposal(b1))).length, 0);
});
test('safety record is persisted (sync) before the vote leaves', async () => {
    const { h } = await boot(0);
    const actions = deliver(h, 1, proposal(mkBlock(1, GENESIS, GQC, [tx('a')])));
    const persistIdx = indexOf(actions, (a) => a.kind === 'persist' &&
        a.batch.sync &&
        a.batch.ops.some((o) => o.kind === 'putSafety' && o.record.lastVotedView === 1));
    const voteIdx = indexOf(actions, (a) => a.kind === 'send' && a.msg.kind === 'vote');
    assert.ok(persistIdx >= 0, 'safety persist present');
    assert.ok(voteIdx > persistIdx, 'vote after persist');
    assert.equal(h.storage.getSafetySync()?.lastVotedView, 1);
});
test('recovery re-sends the last vote verbatim and never signs another block for that view', async () => {
    const { h } = await boot(0);
    const b1 = mkBlock(1, GENESIS, GQC, [tx('a')]);
    const vote = sentVotes(deliver(h, 1, proposal(b1)))[0];
    h.storage.crash(); // the vote batch was synced: nothing lost
    const { h: h2, actions } = await boot(0, h.storage);
    const resent = sentVotes(actions);
    assert.equal(resent.length, 1);
    assert.equal(toHex(resent[0].sig), toHex(vote.sig));
    assert.equal(resent[0].view, 1);
    assert.ok(!actions.some((a) => a.kind === 'persist' && a.batch.ops.some((o) => o.kind === 'putSafety')), 'no re-signing');
    const b1x = mkBlock(1, GENESIS, GQC, [tx('b')]);
    assert.equal(sentVotes(deliver(h2, 1, proposal(b1x))).length, 0);
});
test('stale views get no vote', async () => {
    const { h } = await boot(0);
    const b1 = mkBlock(1, GENESIS, GQC);
    deliver(h, 1, proposal(b1));
    const b2 = mkBlock(2, b1, mkQc(b1));
    deliver(h, 2, proposal(b2));
    const b3 = mkBlock(3, b2, mkQc(b2));
    deliver(h, 3, proposal(b3));
    // replica 0 leads view 4, so its view-3 vote stays local: check the durable record instead
    assert.equal(h.storage.getSafetySync()?.lastVote?.view, 3);
    assert.equal(h.replica.currentView, 3);
    const late = mkBlock(2, b1, mkQc(b1), [tx('late')]);
    assert.equal(sentVotes(deliver(h, 2, proposal(late))).length, 0);
});
test('TC-based view change: f+1 timeouts make it join, 2f+1 form a TC, then it votes in the next view', async () => {
    const { h } = await boot(0);
    assert.equal(h.replica.currentView, 1);
    deliver(h, 1, timeoutMsg(1, 1, GQC));
    const joined = deliver(h, 2, timeoutMsg(1, 2, GQC));
    const own = sentKinds(joined, 'timeout');
    assert.equal(own.length, 1, 'joined after f+1 timeouts');
    const pIdx = indexOf(joined, (a) => a.kind === 'persist' && a.batch.sync && a.batch.ops.some((o) => o.kind === 'putSafety'));
    assert.ok(pIdx >= 0 && pIdx < joined.indexOf(own[0]), 'safety record before timeout');
    // own + 1 + 2 = quorum → TC → view 2
    assert.equal(h.replica.currentView, 2);
    const tc = mkTc(1, [1, 2, 3], [0, 0, 0]);
    const b2 = mkBlock(2, GENESIS, GQC, [tx('x')]);
    const votes = sentVotes(deliver(h, 2, proposal(b2, tc)));
    assert.equal(votes.length, 1);
    assert.equal(votes[0].view, 2);
});
test('no vote after timing out in a view', async () => {
    const { h } = await boot(0);
    deliver(h, 1, timeoutMsg(1, 1, GQC));
    deliver(h, 2, timeoutMsg(1, 2, GQC)); // joins and forms TC(1) → view 2
    // a proposal for view 1 arriving late is refused
    const b1 = mkBlock(1, GENESIS, GQC);
    assert.equal(sentVotes(deliver(h, 1, proposal(b1))).length, 0);
});
test('a proposal after a TC must extend the highest QC reported in the TC', async () => {
    const { h } = await boot(0);
    const b1 = mkBlock(1, GENESIS, GQC);
    deliver(h, 1, proposal(b1));
    // TC for view 2 in which one signer reports a QC of view 1; proposal for view 3 extends genesis only.
    const tc = mkTc(2, [1, 2, 3], [1, 0, 0]);
    const bad = mkBlock(3, GENESIS, GQC, [tx('fork')]);
    assert.equal(sentVotes(deliver(h, 3, proposal(bad, tc))).length, 0);
    assert.equal(h.storage.getSafetySync()?.lastVote?.view, 1);
    const good = mkBlock(3, b1, mkQc(b1), [tx('ok')]);
    // A second block from the same proposer for view 3 is equivocation: dropped and counted.
    assert.equal(sentVotes(deliver(h, 3, proposal(good, tc))).length, 0);
    assert.equal(h.replica.peerFaults.count(3, 'equivocation'), 1);
    // A replica that saw only the block extending the highest QC votes for it.
    const { h: fresh } = await boot(0);
    deliver(fresh, 1, proposal(b1));
    deliver(fresh, 3, proposal(good, tc));
    assert.equal(fresh.storage.getSafetySync()?.lastVote?.view, 3);
    assert.equal(toHex(fresh.storage.getSafetySync().lastVote.blockHash), toHex(good.hash));
});
test('two-chain commit rule: only on consecutive views', async () => {
    const { h } = await boot(0);
    const b1 = mkBlock(1, GENESIS, GQC, [tx('a')]);
    deliver(h, 1, proposal(b1));
    // view 2 times out: TC(2); b2 at view 3 extends b1
    const tc2 = mkTc(2, [1, 2, 3], [1, 1, 1]);
    const b2 = mkBlock(3, b1, mkQc(b1), [tx('b')]);
    deliver(h, 3, proposal(b2, tc2));
    const b3 = mkBlock(4, b2, mkQc(b2));
    const a3 = deliver(h, 0, proposal(b3));
    assert.ok(!a3.some((a) => a.kind === 'commit'), 'QC(b2) with b2.view = b1.view + 2 commits nothing');
    assert.equal(h.replica.committedHeight, 0);
    const b4 = mkBlock(5, b3, mkQc(b3));
    const a4 = deliver(h, 1, proposal(b4));
    const commits = a4.flatMap((a) => a.kind === 'commit' ? a.blocks.map((c) => c.block.header.height) : []);
    assert.deepEqual(commits, [1, 2], 'QC(b3) with b3.view = b2.view + 1 commits b2 and its ancestor b1');
    // commit storage writes precede commit signatures
    const pIdx = indexOf(a4, (a) => a.kind === 'persist' && a.batch.sync && a.batch.ops.some((o) => o.kind === 'putCommitted'));
    const sIdx = indexOf(a4, (a) => a.kind === 'send' && a.msg.kind === 'commitSig');
    assert.ok(pIdx >= 0 && sIdx > pIdx);
    assert.equal(h.storage.getCommittedTipSync()?.height, 2);
    assert.ok(h.storage.getTxSync(toHex(new Uint8Array(0))) === undefined);
});
test('certificates from the future are verified before they move the view', async () => {
    const { h } = await boot(0);
    const b1 = mkBlock(1, GENESIS, GQC);
    const real = mkQc(b1);
    // forged: valid signatures for (height 1, view 1) but claims view 99
    const forged = { ...real, view: 99 };
    const t = { ...timeoutMsg(100, 1, real), highQc: forged };
    deliver(h, 1, t);
    assert.equal(h.replica.currentView, 1);
    // a TC with too few signers
    const weak = mkTc(50, [1, 2], [0, 0]);
    deliver(h, 1, timeoutMsg(51, 1, GQC, weak));
    assert.equal(h.replica.currentView, 1);
    // a QC signed by only 2 replicas
    const b1b = mkBlock(1, GENESIS, GQC, [tx('z')]);
    const b2 = mkBlock(2, b1b, mkQc(b1b, [1, 2]));
    deliver(h, 2, proposal(b2));
    assert.equal(h.replica.currentView, 1);
    // the genuine QC does advance it
    deliver(h, 2, proposal(mkBlock(2, b1, real)));
    assert.equal(h.replica.currentView, 2);
});
test('pacemaker: capped exponential back-off', async () => {
    const { h } = await boot(0, undefined, {
        timeoutMsBase: 1000,
        timeoutBackoff: 1.5,
        timeoutMsMax: 10_000,
    });
    assert.equal(h.replica.viewTimeoutMs(1), 1000);
    assert.equal(h.replica.viewTimeoutMs(2), 1500);
    assert.equal(h.replica.viewTimeoutMs(3), 2250);
    assert.equal(h.replica.viewTimeoutMs(50), 10_000);
    assert.equal(h.replica.viewTimeoutMs(1_000_000), 10_000);
});
test('leader: bounded batches, de-duplication, persist before proposal', async () => {
    const { h } = await boot(1, undefined, { blockTxsMax: 2 });
    const txs = [tx('a'), tx('b'), tx('c'), tx('a')];
    const actions = h.replica.onClientTxs(txs, 50);
    const adm = actions.find((a) => a.kind === 'txAdmission');
    assert.ok(adm && adm.kind === 'txAdmission');
    assert.deepEqual(adm.results.map((r) => r.accepted), [true, true, true, true]);
    assert.equal(h.replica.status().mempool, 3, 'duplicate tx stored once');
    const props = sentKinds(actions, 'proposal');
    assert.equal(props.length, 1, 'leader of view 1 proposes at once');
    const p = props[0];
    assert.ok(p.kind === 'send' && p.msg.kind === 'proposal');
    assert.equal(p.msg.block.txs.length, 2);
    const pIdx = indexOf(actions, (a) => a.kind === 'persist' && a.batch.sync && a.batch.ops.some((o) => o.kind === 'putSafety'));
    assert.ok(pIdx >= 0 && pIdx < actions.indexOf(p), 'leader persists its vote before the proposal leaves');
    // invalid tx refused at admission
    const bad = h.replica.onClientTxs([new Uint8Array([0xff])], 60);
    const r = bad.find((a) => a.kind === 'txAdmission');
    assert.ok(r && r.kind === 'txAdmission' && !r.results[0].accepted);
});
//# sourceMappingURL=safety.test.js.map