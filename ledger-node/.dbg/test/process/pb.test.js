// The pb app on 4 real replicas: a campaign, then batches of ballots with bad signatures, bad credentials,
// rule violations and duplicate voters mixed in — each bad tx is rejected alone, the rest commit; receipts
// verify offline with `ledger-node verify-receipt`; a paper batch and platform records commit (a repeated
// batch number is refused), and tallies (online + paper, credentials issued) agree on every replica.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Cluster, checkConsistency, hashOfB64, sleep } from './harness.js';
import { BIN_PATH } from '../../src/cli/main.js';
import { makeRegistrar, demoCampaign, campaignTx, makeVoter, ballotTx, DEMO_CHOICES, makeAdmin, paperBatchTx, recordTx, } from '../../src/app/pb/fixtures.js';
import { ed25519PublicKey } from '../../src/app/pb/codec.js';
import { fromHex } from '../../src/crypto/hash.js';
const b64 = (u) => Buffer.from(u).toString('base64');
async function waitStatus(c, i, hash, want, ms = 30_000) {
    const end = Date.now() + ms;
    for (;;) {
        const r = await c.get(i, `/txs/${hash}`);
        if (r.status === want)
            return r;
        if (Date.now() > end)
            throw new Error(`tx ${hash} on replica ${i}: ${JSON.stringify(r)} (wanted ${want})`);
        await sleep(150);
    }
}
test('pb: bad signatures mixed into batches are rejected one by one, the rest commit', { timeout: 120_000 }, async () => {
    const c = await Cluster.create({ app: 'pb', basePort: 23000 });
    try {
        const seed = fromHex(fs.readFileSync(path.join(c.dir, 'admin.key'), 'utf8').trim());
        const admin = { seed, publicKey: ed25519PublicKey(seed) };
        const reg = makeRegistrar();
        const camp = campaignTx(admin, demoCampaign(7, reg.pk));
        const all = async (txs) => (await Promise.all(c.live().map((i) => c.post(i, '/txs', { txs })))).map((r) => r.body);
        let res = await all([b64(camp)]);
        assert.equal(res[0].rejected.length, 0, JSON.stringify(res[0]));
        await waitStatus(c, 0, hashOfB64(b64(camp)), 'committed');
        // batch: 40 good ballots with 4 bad signatures, 3 bad credentials, 2 rule violations, 1 duplicate voter
        const good = [];
        const batch = [];
        const bad = new Map();
        const dupVoter = makeVoter();
        for (let k = 0; k < 50; k++) {
            const v = k === 49 ? dupVoter : makeVoter();
            if (k % 12 === 3) {
                bad.set(batch.length, 'invalid_signature');
                batch.push(b64(ballotTx(reg.sk, 7, v, DEMO_CHOICES, { badSignature: true }).tx));
            }
            else if (k % 15 === 7) {
                bad.set(batch.length, 'invalid_credential');
                batch.push(b64(ballotTx(reg.sk, 7, v, DEMO_CHOICES, { badCredential: true }).tx));
            }
            else if (k === 10 || k === 20) {
                bad.set(batch.length, 'rule_violation');
                batch.push(b64(ballotTx(reg.sk, 7, v, [
                    { projectId: 11, weight: 1 },
                    { projectId: 12, weight: 1 },
                    { projectId: 13, weight: 1 },
                    { projectId: 14, weight: 1 },
                ]).tx));
            }
            else {
                const t = b64(ballotTx(reg.sk, 7, v, DEMO_CHOICES).tx);
                good.push(t);
                batch.push(t);
            }
        }
        res = await all(batch);
        for (const r of res) {
            const rejected = new Map(r.rejected.map((x) => [x.index, x.reason]));
            assert.deepEqual([...rejected.keys()].sort((a, b) => a - b), [...bad.keys()].sort((a, b) => a - b), JSON.stringify(r.rejected));
            for (const [i, why] of bad)
                assert.ok(rejected.get(i).startsWith(why), `${i}: ${rejected.get(i)} vs ${why}`);
            for (const x of r.rejected)
                assert.equal(x.code, x.reason.split(':')[0], 'typed code');
            for (const [i, h] of r.accepted.entries())
                assert.equal(h === null, bad.has(i));
        }
        // a second ballot by an already-used voter key, sent after the first one committed: duplicate_voter
        for (const t of good)
            await waitStatus(c, 1, hashOfB64(t), 'committed');
        const dup = b64(ballotTx(reg.sk, 7, dupVoter, [{ projectId: 12, weight: 1 }]).tx);
        res = await all([dup, good[0]]);
        for (const r of res) {
            assert.deepEqual(r.rejected, [
                { index: 0, reason: 'duplicate_voter', code: 'duplicate_voter', detail: '' },
            ]);
            assert.equal(r.accepted[1], hashOfB64(good[0]), 'identical bytes again: a safe retry');
        }
        const st = await c.get(2, `/txs/${hashOfB64(batch[3])}`);
        assert.equal(st.status, 'rejected');
        assert.equal(st.reason, 'invalid_signature');
        assert.equal(st.code, 'invalid_signature');
        // receipts verify offline, and a tampered one does not
        const r0 = await waitStatus(c, 2, hashOfB64(good[5]), 'committed');
        assert.ok(r0.receipt, JSON.stringify(r0));
        assert.equal(r0.receipt.campaignId, 7);
        const rf = path.join(c.dir, 'receipt.json');
        fs.writeFileSync(rf, JSON.stringify(r0.receipt));
        const out = execFileSync(process.execPath, [
            BIN_PATH,
            'verify-receipt',
            '--genesis',
            path.join(c.dir, 'genesis.json'),
            rf,
        ]).toString();
        assert.match(out, /receipt valid/);
        fs.writeFileSync(rf, JSON.stringify({ ...r0.receipt, ballotHash: '00'.repeat(32) }));
        assert.throws(() => execFileSync(process.execPath, [BIN_PATH, 'verify-receipt', '--genesis', path.join(c.dir, 'genesis.json'), rf], { stdio: 'pipe' }));
        // a paper batch and two platform records commit; the same batch number again is refused
        const operator = makeAdmin();
        const paperSheets = [
            { sheetNo: 1, choices: [{ projectId: 11, weight: 1 }] },
            {
                sheetNo: 2,
                choices: [
                    { projectId: 12, weight: 1 },
                    { projectId: 31, weight: 2 },
                ],
            },
        ];
        const paper = paperBatchTx(admin, operator, {
            campaignId: 7,
            station: 'station-1',
            batchNo: 1,
            sheets: paperSheets,
        });
        const issued = recordTx(admin, {
            kind: 'credentials-issued',
            campaignId: 7,
            asOfMs: Date.now(),
            total: 60,
            communities: [{ communityId: 2, total: 41 }],
        });
        const support = recordTx(admin, {
            kind: 'support',
            campaignId: 7,
            ideaId: 5,
            supporterHash: new Uint8Array(32).fill(3),
            atMs: Date.now(),
            action: 'sign',
        });
        res = await all([b64(paper), b64(issued), b64(support)]);
        assert.deepEqual(res[0].rejected, []);
        for (const t of [paper, issued, support])
            await waitStatus(c, 3, hashOfB64(b64(t)), 'committed');
        const again = paperBatchTx(admin, operator, {
            campaignId: 7,
            station: 'station-1',
            batchNo: 1,
            sheets: paperSheets.slice(0, 1),
        });
        res = await all([b64(again)]);
        assert.deepEqual(res[0].rejected, [
            { index: 0, reason: 'duplicate_batch', code: 'duplicate_batch', detail: '' },
        ]);
        const pr = await waitStatus(c, 1, hashOfB64(b64(paper)), 'committed');
        assert.ok(pr.receipt, 'the paper batch has a receipt');
        fs.writeFileSync(rf, JSON.stringify(pr.receipt));
        execFileSync(process.execPath, [
            BIN_PATH,
            'verify-receipt',
            '--genesis',
            path.join(c.dir, 'genesis.json'),
            rf,
        ]);
        // tallies agree everywhere
        const tallies = await Promise.all(c.live().map((i) => c.get(i, '/pb/campaigns/7/tally')));
        for (const t of tallies) {
            assert.equal(t.ballots, good.length + 2);
            assert.equal(t.paperBallots, 2);
            assert.equal(t.credentialsIssued.total, 60);
            assert.deepEqual(t.credentialsIssued.communities, [{ communityId: 2, total: 41 }]);
        }
        for (const t of tallies.slice(1))
            assert.deepEqual(t.projects, tallies[0].projects);
        assert.deepEqual(tallies[0].projects.find((p) => p.id === 31), { id: 31, votes: good.length + 1, points: 3 * good.length + 2 });
        const acked = new Map([camp, paper, issued, support, ...good.map((t) => Buffer.from(t, 'base64'))].map((t) => [
            hashOfB64(b64(t)),
            1,
        ]));
        await checkConsistency(c, acked);
    }
    finally {
        await c.cleanup();
    }
});
//# sourceMappingURL=pb.test.js.map