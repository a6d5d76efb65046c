/** SafetyRules: every refusal, persist-before-release, and refusing a record it cannot verify. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CertVerifier } from '../../src/consensus/cert_verifier.js';
import { jolteonRules } from '../../src/consensus/rules.js';
import { isRefusal, SafetyRecordError, SafetyRules, } from '../../src/consensus/safety_rules.js';
import { commitSigningMessage } from '../../src/codec/signing.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { boot, CHAIN, GENESIS, GQC, key, mkBlock, mkQc, mkTc, N, tx } from './helpers.js';
function unit(self = 0, record = null, tail = [GENESIS]) {
    const writes = [];
    const failNext = { on: false };
    const rules = new SafetyRules(key(self), new CertVerifier(key(self), CHAIN, N, GENESIS), jolteonRules, (written, ops) => {
        if (failNext.on)
            throw new Error('disk full');
        writes.push({ record: written, ops });
    }, CHAIN, GENESIS, 256);
    rules.recover(record, tail);
    return { rules, writes, failNext };
}
function refusal(x) {
    assert.ok(isRefusal(x), `expected a refusal, got ${JSON.stringify(Object.keys(x))}`);
    return x.refused;
}
function signed(x) {
    assert.ok(!isRefusal(x), `refused: ${isRefusal(x) ? x.refused : ''}`);
    return x;
}
const flip = (sig) => {
    const out = Uint8Array.from(sig);
    out[0] = out[0] ^ 1;
    return out;
};
const b1 = mkBlock(1, GENESIS, GQC, [tx('a')]);
const qc1 = mkQc(b1);
const b2 = mkBlock(2, b1, qc1);
const qc2 = mkQc(b2);
test('signVote: votes once per view, persisting the record (with the block) before returning', () => {
    const u = unit();
    const ops = [{ kind: 'putBlock', block: b1 }];
    const vote = signed(u.rules.signVote(b1, null, 1, ops));
    assert.equal(u.writes.length, 1);
    assert.equal(u.writes[0].record.lastVotedView, 1);
    assert.equal(u.writes[0].record.lastVote, vote, 'the durable record holds the returned vote');
    assert.deepEqual(u.writes[0].ops, ops);
    const other = mkBlock(1, GENESIS, GQC, [tx('b')]);
    assert.match(refusal(u.rules.signVote(other, null, 1)), /already signed in view 1/);
    assert.match(refusal(u.rules.signVote(b1, null, 1)), /already signed/);
    assert.equal(u.writes.length, 1, 'a refusal writes nothing');
});
test('signVote refusals: vote rule, unverifiable justify QC or TC, justify not on the parent', () => {
    const u = unit();
    // Not the current view.
    assert.equal(refusal(u.rules.signVote(b1, null, 2)), 'vote rule');
    // A gap without a TC (the voter's TC lock).
    const b3 = mkBlock(3, b1, qc1);
    assert.equal(refusal(u.rules.signVote(b3, null, 3)), 'vote rule');
    // A TC whose high QC views exceed the block's justify view.
    const b4 = mkBlock(4, b1, qc1);
    assert.equal(refusal(u.rules.signVote(b4, mkTc(3, [0, 1, 2], [1, 1, 2]), 4)), 'vote rule');
    assert.match(refusal(u.rules.signVote(b3, { ...mkTc(2, [0, 1, 2], [1, 1, 1]), sig: new Uint8Array(96) }, 3)), /TC does not verify/);
    const forged = mkBlock(2, b1, { ...qc1, sig: flip(qc1.sig) });
    assert.match(refusal(u.rules.signVote(forged, null, 2)), /justify QC does not verify/);
    assert.match(refusal(u.rules.signVote({ ...b2, justify: GQC }, null, 2)), /does not certify the parent/);
    assert.equal(u.writes.length, 0);
    // With a TC of view 2 carrying high QC views ≤ 1 the same block is safe.
    signed(u.rules.signVote(b3, mkTc(2, [0, 1, 2], [1, 1, 1]), 3));
});
test('persist failure: nothing is returned and the safety data is unchanged', () => {
    const u = unit();
    u.failNext.on = true;
    assert.throws(() => u.rules.signVote(b1, null, 1), /disk full/);
    assert.equal(u.rules.lastVotedView, 0);
    assert.equal(u.rules.lastVote, null);
    assert.throws(() => u.rules.signTimeout(1, GQC, null), /disk full/);
    assert.equal(u.rules.highestTimeoutView, 0);
    u.failNext.on = false;
    // No signature left the unit, so signing view 1 now is still the first statement for it.
    signed(u.rules.signVote(b1, null, 1));
});
test('signTimeout: timeout rule, recorded high QC, once per view; never votes afterwards', () => {
    const u = unit();
    assert.equal(refusal(u.rules.signTimeout(2, GQC, null)), 'timeout rule', 'not highQc.view + 1');
    assert.match(refusal(u.rules.signTimeout(2, { ...qc1, sig: flip(qc1.sig) }, null)), /high QC does not verify/);
    const t = signed(u.rules.signTimeout(1, GQC, null));
    assert.equal(u.writes.at(-1).record.highestTimeoutView, 1);
    assert.equal(u.writes.at(-1).record.lastTimeout, t);
    assert.equal(refusal(u.rules.signTimeout(1, GQC, null)), 'timeout rule', 'a second timeout');
    assert.match(refusal(u.rules.signVote(b1, null, 1)), /already signed/);
    u.rules.observeQc(qc1);
    assert.match(refusal(u.rules.signTimeout(2, GQC, null)), /below the recorded one/);
    const t2 = signed(u.rules.signTimeout(2, qc1, null));
    assert.equal(t2.highQc, qc1);
    assert.equal(u.writes.at(-1).record.highQc, qc1);
});
test('signProposal: only our own block, only after our durable vote for exactly it', () => {
    const u = unit(1);
    assert.match(refusal(u.rules.signProposal(b1, null)), /without our recorded vote/);
    const theirs = mkBlock(2, b1, qc1, [], 2);
    assert.equal(refusal(u.rules.signProposal(theirs, null)), 'not our block');
    signed(u.rules.signVote(b1, null, 1));
    const sibling = mkBlock(1, GENESIS, GQC, [tx('z')]);
    assert.match(refusal(u.rules.signProposal(sibling, null)), /without our recorded vote/);
    const p = signed(u.rules.signProposal(b1, null));
    assert.equal(p.block, b1);
});
test('signCommit: two-chain on consecutive views or a commit certificate, extending the chain', () => {
    const u = unit();
    const b4 = mkBlock(4, b2, qc2);
    // b1 ← b2 are consecutive views: QC(b2) commits b1.
    assert.match(refusal(u.rules.signCommit([b1], { kind: 'qc', child: b2, qc: { ...qc2, sig: flip(qc2.sig) } })), /does not verify/);
    assert.match(refusal(u.rules.signCommit([b2], { kind: 'qc', child: b4, qc: mkQc(b4) })), /extend/);
    const sigs = signed(u.rules.signCommit([b1], { kind: 'qc', child: b2, qc: qc2 }));
    assert.equal(sigs.length, 1);
    assert.ok(key(1).verify(0, commitSigningMessage(b1.hash), sigs[0].sig));
    // b2 ← b4 skip view 3: QC(b4) does not commit b2.
    assert.equal(refusal(u.rules.signCommit([b2], { kind: 'qc', child: b4, qc: mkQc(b4) })), 'two-chain commit rule');
    const msg = commitSigningMessage(b2.hash);
    const cert = {
        height: 2,
        blockHash: b2.hash,
        signers: [0, 1, 2],
        sig: key(0).aggregate([0, 1, 2].map((i) => key(i).sign(msg))),
    };
    assert.match(refusal(u.rules.signCommit([b2], { kind: 'cert', cert: { ...cert, sig: flip(cert.sig) } })), /certificate does not verify/);
    signed(u.rules.signCommit([b2], { kind: 'cert', cert }));
    assert.equal(signed(u.rules.resignCommit(2)).height, 2);
    assert.match(refusal(u.rules.resignCommit(3)), /not among the committed/);
});
test('recover: a record whose high QC, vote or timeout does not verify is refused', () => {
    const good = unit();
    const vote = signed(good.rules.signVote(b1, null, 1));
    good.rules.observeQc(qc1);
    signed(good.rules.signTimeout(2, qc1, null));
    const record = good.writes.at(-1).record;
    // The intact record restores the views: view 1 and 2 are never signed again.
    const again = unit(0, record);
    assert.equal(again.rules.lastVotedView, 2);
    assert.match(refusal(again.rules.signVote(b2, null, 2)), /already signed/);
    const bad = [
        [{ ...record, highQc: { ...qc1, sig: flip(qc1.sig) } }, /high QC of view 1 does not verify/],
        [{ ...record, lastVote: { ...vote, sig: flip(vote.sig) } }, /signature of the last vote/],
        [{ ...record, lastVote: { ...vote, voter: 1 } }, /last vote .* is not ours/],
        [
            { ...record, lastTimeout: { ...record.lastTimeout, sig: flip(record.lastTimeout.sig) } },
            /last timeout/,
        ],
        [{ ...record, highestTimeoutView: 5 }, /views out of order/],
    ];
    for (const [r, why] of bad) {
        assert.throws(() => unit(0, r), (e) => e instanceof SafetyRecordError && why.test(e.message), why.source);
    }
});
test('a replica refuses to start on a stored safety record whose high QC fails verification', async () => {
    const storage = new MemoryStorage();
    const { h } = await boot(0, storage);
    h.storage.writeSync({
        ops: [
            {
                kind: 'putSafety',
                record: {
                    lastVotedView: 3,
                    highQc: { ...qc2, sig: flip(qc2.sig) },
                    highestTimeoutView: 0,
                    lastVote: null,
                    lastTimeout: null,
                },
            },
        ],
        sync: true,
    });
    await assert.rejects(boot(0, storage), (e) => {
        return e instanceof SafetyRecordError && /high QC of view 2 does not verify/.test(e.message);
    });
});
//# sourceMappingURL=safety_rules.test.js.map