import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PbApp } from '../../src/app/pb/app.js';
import { makeAdmin, makeRegistrar, demoCampaign, campaignTx, makeVoter, ballotTx, DEMO_CHOICES, } from '../../src/app/pb/fixtures.js';
import { decodeBallot } from '../../src/app/pb/codec.js';
import { ZERO_HASH } from '../../src/crypto/hash.js';
test('pb: campaign, ballots, rules, duplicates, bad signatures rejected one by one, restore', () => {
    const admin = makeAdmin();
    const reg = makeRegistrar();
    const app = new PbApp({ admins: [admin.publicKey] });
    const g = app.genesisState();
    const ctx = (h) => ({ chainId: 'c', height: h, timestampMs: 1000 * h });
    const camp = campaignTx(admin, demoCampaign(7, reg.pk));
    assert.deepEqual(app.checkTx(camp), { ok: true });
    const outsider = makeAdmin();
    assert.equal(app.checkTx(campaignTx(outsider, demoCampaign(8, reg.pk))).ok, false);
    const e1 = app.beginBlock(g, ZERO_HASH, ctx(1));
    assert.equal(e1.deliverTx(camp).ok, true);
    assert.equal(e1.deliverTx(camp).ok, false); // same id twice
    const f1 = e1.finish();
    const s1 = f1.state;
    const voters = [0, 1, 2, 3, 4].map(() => makeVoter());
    const good = ballotTx(reg.sk, 7, voters[0], DEMO_CHOICES);
    assert.deepEqual(decodeBallot(good.ballotBytes).choices, DEMO_CHOICES);
    const badSig = ballotTx(reg.sk, 7, voters[1], DEMO_CHOICES, { badSignature: true });
    const badCred = ballotTx(reg.sk, 7, voters[2], DEMO_CHOICES, { badCredential: true });
    const tooMany = ballotTx(reg.sk, 7, voters[3], [
        { projectId: 11, weight: 1 },
        { projectId: 12, weight: 1 },
        { projectId: 13, weight: 1 },
        { projectId: 14, weight: 1 },
    ]);
    const overBudget = ballotTx(reg.sk, 7, voters[3], [
        { projectId: 11, weight: 1 },
        { projectId: 21, weight: 1 },
        { projectId: 22, weight: 1 },
    ]);
    const overPoints = ballotTx(reg.sk, 7, voters[3], [
        { projectId: 11, weight: 1 },
        { projectId: 31, weight: 3 },
        { projectId: 32, weight: 3 },
    ]);
    const badRanks = ballotTx(reg.sk, 7, voters[3], [
        { projectId: 11, weight: 1 },
        { projectId: 41, weight: 1 },
        { projectId: 42, weight: 3 },
    ]);
    const ok2 = ballotTx(reg.sk, 7, voters[4], [{ projectId: 12, weight: 1 }]);
    const dupVoter = ballotTx(reg.sk, 7, voters[0], [{ projectId: 12, weight: 1 }]);
    assert.equal(app.checkTx(badSig.tx).ok, false);
    app.prevalidate([good.tx, badCred.tx, ok2.tx], s1);
    const e2 = app.beginBlock(s1, f1.stateRoot, ctx(2));
    const outs = [
        good,
        badSig,
        badCred,
        tooMany,
        overBudget,
        overPoints,
        badRanks,
        ok2,
        dupVoter,
    ].map((b) => e2.deliverTx(b.tx));
    assert.deepEqual(outs.map((o) => o.ok), [true, false, false, false, false, false, false, true, false]);
    assert.deepEqual(outs.map((o) => (o.ok ? 'ok' : o.reason.split(':')[0])), [
        'ok',
        'invalid_signature',
        'invalid_credential',
        'rule_violation',
        'rule_violation',
        'rule_violation',
        'rule_violation',
        'ok',
        'duplicate_voter',
    ]);
    const f2 = e2.finish();
    // commit both and check tallies, then restore from the ops
    const ops = [...app.commit(s1), ...app.commit(f2.state)];
    const t = app.committedTally(7);
    assert.equal(t.ballots, 2);
    assert.deepEqual(t.projects.get(31), { votes: 1, points: 3 });
    assert.deepEqual(t.projects.get(12), { votes: 1, points: 1 });
    assert.equal(t.pots.get(1), 2);
    assert.equal(app.precheck(dupVoter.tx, 5000), 'duplicate_voter');
    assert.equal(app.precheck(good.tx, 5000), null); // identical bytes: a safe retry
    const entries = new Map();
    for (const op of ops)
        if (op.kind === 'putApp' && op.value)
            entries.set(Buffer.from(op.key).toString('hex'), [op.key, op.value]);
    const app2 = new PbApp({ admins: [admin.publicKey] });
    app2.restore([...entries.values()]);
    assert.equal(app2.committedTally(7).ballots, 2);
    assert.equal(app2.committedHeight(), 2);
    // voting window by block timestamp
    const v9 = makeVoter();
    const lateBallot = ballotTx(reg.sk, 7, v9, [{ projectId: 12, weight: 1 }]);
    const e3 = app.beginBlock(f2.state, f2.stateRoot, {
        chainId: 'c',
        height: 3,
        timestampMs: 5_000_000_000_000,
    });
    assert.deepEqual(e3.deliverTx(lateBallot.tx), { ok: false, reason: 'voting_closed' });
});
//# sourceMappingURL=pb.test.js.map