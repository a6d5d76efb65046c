import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jolteonRules as R } from '../../src/consensus/rules.js';
const tc = (view, highQcViews) => ({
    view,
    signers: highQcViews.map((_, i) => i),
    highQcViews,
    sig: new Uint8Array(),
});
const base = { tc: null, currentView: 5, lastVotedView: 4, highestTimeoutView: 0 };
test('vote rule: consecutive QC, or TC with a QC at least the TC high-QC', () => {
    assert.equal(R.safeToVote({ ...base, blockView: 5, justifyView: 4 }), true);
    assert.equal(R.safeToVote({ ...base, blockView: 5, justifyView: 3 }), false, 'gap without TC');
    assert.equal(R.safeToVote({ ...base, blockView: 5, justifyView: 3, tc: tc(4, [3, 2, 1]) }), true);
    assert.equal(R.safeToVote({ ...base, blockView: 5, justifyView: 2, tc: tc(4, [3, 2, 1]) }), false, 'below TC high QC');
    assert.equal(R.safeToVote({ ...base, blockView: 5, justifyView: 3, tc: tc(3, [3]) }), false, 'TC not of v-1');
    assert.equal(R.safeToVote({ ...base, blockView: 5, justifyView: 4, lastVotedView: 5 }), false, 'already voted');
    assert.equal(R.safeToVote({ ...base, blockView: 5, justifyView: 4, highestTimeoutView: 5 }), false, 'timed out');
    assert.equal(R.safeToVote({ ...base, blockView: 4, justifyView: 3, lastVotedView: 3 }), false, 'not current view');
});
test('timeout rule', () => {
    const t = { view: 5, highQcView: 4, highTcView: null, lastVotedView: 5, highestTimeoutView: 4 };
    assert.equal(R.safeToTimeout(t), true, 'after voting in the same view is fine');
    assert.equal(R.safeToTimeout({ ...t, highestTimeoutView: 5 }), false);
    assert.equal(R.safeToTimeout({ ...t, lastVotedView: 6 }), false);
    assert.equal(R.safeToTimeout({ ...t, highQcView: 2 }), false);
    assert.equal(R.safeToTimeout({ ...t, highQcView: 2, highTcView: 4 }), true);
});
test('commit rule', () => {
    assert.equal(R.commits(7, 8), true);
    assert.equal(R.commits(7, 9), false);
});
//# sourceMappingURL=rules.test.js.map