import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REPUTATION_LAG_VIEWS, REPUTATION_TERM_VIEWS, REPUTATION_WINDOW_BLOCKS, electLeader, } from '../../src/consensus/election.js';
import { tx } from './helpers.js';
import { MiniNet } from './mini_net.js';
/** A chain newest first: heights top..0, one view per height (view = height · step), given signers. */
function chain(top, voters, step = 1) {
    const out = [];
    for (let h = top; h >= 0; h--) {
        const vs = h <= 1 ? [] : voters(h);
        out.push({ height: h, view: h * step, proposer: vs[0] ?? 0, voters: vs });
    }
    return out;
}
test('election: round robin is v mod n; reputation falls back to it while the history is short', () => {
    const c = chain(20, () => [0, 1, 2]);
    assert.deepEqual([0, 1, 4, 5, 9].map((v) => electLeader('round-robin', v, 4, 3, c)), [0, 1, 0, 1, 1]);
    // anchor = newest block with view ≤ v − LAG; below height WINDOW it is round robin
    const short = chain(5, () => [0, 1, 2]);
    for (let v = 6; v < 6 + 8; v++)
        assert.equal(electLeader('reputation', v, 4, 3, short), v % 4);
});
test('election: a replica absent from the window is never elected; terms of two views among the rest', () => {
    const c = chain(40, () => [0, 1, 2]);
    const leaders = Array.from({ length: 12 }, (_, i) => electLeader('reputation', 41 + i, 4, 3, c));
    assert.ok(!leaders.includes(3), `${leaders}`);
    // sorted active set [0,1,2], leader = active[⌊v/2⌋ mod 3]
    assert.deepEqual(leaders, leaders.map((_, i) => [0, 1, 2][Math.floor((41 + i) / REPUTATION_TERM_VIEWS) % 3]));
    // one QC signed by 3 inside the window brings it back; outside the window it does not count
    const inside = chain(40, (h) => (h === 40 - REPUTATION_LAG_VIEWS ? [1, 2, 3] : [0, 1, 2]));
    const outside = chain(40, (h) => h === 40 - REPUTATION_LAG_VIEWS - REPUTATION_WINDOW_BLOCKS ? [1, 2, 3] : [0, 1, 2]);
    const views = Array.from({ length: 8 }, (_, i) => 41 + i);
    assert.ok(views.some((v) => electLeader('reputation', v, 4, 3, inside) === 3));
    assert.ok(views.every((v) => electLeader('reputation', v, 4, 3, outside) !== 3));
});
test('election: the anchor lags LAG views, so blocks of the last views do not change the leader', () => {
    // Two chains that differ only in their newest LAG − 1 views (e.g. one replica saw a later QC).
    const base = chain(30, () => [0, 1, 2]);
    const longer = [
        { height: 31, view: 31, proposer: 3, voters: [1, 2, 3] },
        ...base,
    ];
    const v = 30 + REPUTATION_LAG_VIEWS - 1 + 1; // block 31 has view > v − LAG: not read
    assert.equal(electLeader('reputation', v, 4, 3, longer), electLeader('reputation', v, 4, 3, base));
    // a history with missing blocks is a bug, not a different leader
    assert.throws(() => electLeader('reputation', 40, 4, 3, base.slice(0, 6)), /window has \d+ of 10 blocks/);
    // an active set smaller than a quorum cannot come from certified blocks
    assert.throws(() => electLeader('reputation', 41, 4, 3, chain(40, () => [0, 1])), /active set .* quorum/);
});
/**
 * Views that time out while replica 3 is down, counted over 40 consecutive views (a multiple of the
 * rotation) starting once the chain is past `fromHeight`. Replica 0's signed timeouts mark the views.
 */
async function timedOutViews(election) {
    const net = new MiniNet();
    await net.start({ leaderElection: election });
    const timeouts = new Set();
    net.onSend = (from, msg) => {
        if (from === 0 && msg.kind === 'timeout')
            timeouts.add(msg.view);
    };
    let k = 0;
    const step = () => {
        net.submit([0, 1, 2, 3], [tx(`e${k++}`)]);
        net.advance(100);
    };
    while (net.hs[0].replica.committedHeight < 30)
        step(); // all four up
    net.cut.add(3); // replica 3 crashes
    const cutHeight = net.hs[0].replica.committedHeight;
    // Past the window: the blocks certified after the crash are all the election reads.
    while (net.hs[0].replica.committedHeight <
        cutHeight + REPUTATION_WINDOW_BLOCKS + REPUTATION_LAG_VIEWS + 2)
        step();
    const v0 = Math.ceil((net.hs[0].replica.currentView + 1) / 8) * 8;
    while (net.hs[0].replica.currentView < v0 + 40)
        step();
    let timedOut = 0;
    for (let v = v0; v < v0 + 40; v++)
        if (timeouts.has(v))
            timedOut++;
    return { timedOut, views: 40, heights: net.hs.map((h) => h.replica.committedHeight) };
}
test('leader reputation: with one replica down, no view times out once it left the window (round robin: half of them)', async () => {
    // Round robin with replica 3 dead: per rotation of 4 views, 3's own view times out and so does the
    // view before it (its votes go to 3) — exactly half of all views.
    const rr = await timedOutViews('round-robin');
    assert.equal(rr.timedOut, rr.views / 2, `round robin: ${rr.timedOut} of ${rr.views}`);
    // Reputation: 3 is out of the active set, every elected leader is live and gets its votes: none.
    const rep = await timedOutViews('reputation');
    assert.equal(rep.timedOut, 0, `reputation: ${rep.timedOut} of ${rep.views}`);
    // the three live replicas agree; replica 3 is behind
    assert.equal(rep.heights[0], rep.heights[1]);
    assert.ok(rep.heights[3] < rep.heights[0]);
});
//# sourceMappingURL=election.test.js.map