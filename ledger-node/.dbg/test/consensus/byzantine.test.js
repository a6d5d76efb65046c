/**
 * Issue #12, attacks 1–5: a Byzantine replica holding its own valid key (replica 3, real BLS through
 * blst) must not crash or stall the three honest replicas. Each test drives the real `Replica`s; an
 * exception out of any `onEvent` fails it (a node exits on one), and each checks that honest progress
 * continues and the pools stay within their configured bounds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { makeBlock } from '../../src/codec/block.js';
import { commitSigningMessage, proposalSigningMessage, voteSigningMessage, } from '../../src/codec/signing.js';
import { mutate } from '../../src/sim/byzantine.js';
import { Prng } from '../../src/sim/prng.js';
import { BYZANTINE, BlsNet } from './bls_net.js';
import { CHAIN, N, kvRoot } from './helpers.js';
const hex = (b) => Buffer.from(b).toString('hex');
function vote(net, view, height, blockHash) {
    const sig = net.attackerKey.sign(voteSigningMessage(height, view, blockHash));
    return { kind: 'vote', view, height, blockHash, voter: BYZANTINE, sig };
}
function commitSig(net, height, blockHash) {
    const sig = net.attackerKey.sign(commitSigningMessage(blockHash));
    return { kind: 'commitSig', height, blockHash, signer: BYZANTINE, sig };
}
/** Drops of replica 3's input for `reason`, summed over the honest replicas. */
function drops(net, reason) {
    return net.honest.reduce((sum, r) => sum + r.peerFaults.count(BYZANTINE, reason), 0);
}
function assertBounded(net) {
    for (const r of net.honest) {
        const s = r.status();
        const c = r.cfg;
        assert.ok(s.treeBlocks <= c.treeBlocksMax, `tree ${s.treeBlocks}`);
        assert.ok(s.pooledVotes <= N * (c.voteViewsAheadMax + 2), `votes ${s.pooledVotes}`);
        assert.ok(s.pooledCommitSigs <= N * (c.committedWindowBlocks + c.commitSigHeightsAheadMax), `commit sigs ${s.pooledCommitSigs}`);
    }
    for (const [i, log] of net.logs.entries())
        assert.deepEqual(log.alarms, [], `alarms at ${i}`);
}
test('baseline: four replicas with real BLS keys commit and certify', async () => {
    const net = new BlsNet();
    await net.start();
    net.run(60);
    assert.ok(net.honestHeight() >= 30, `height ${net.honestHeight()}`);
    assert.ok(net.honestCertified().size >= 25);
    assertBounded(net);
});
test('attack 1: a validly signed vote with the wrong height never reaches a QC', async () => {
    const net = new BlsNet();
    await net.start();
    // Replica 3 answers every proposal at once with a vote signed over height + 1, so it is pooled
    // before the honest votes; a QC mixing it with them would not verify (before: assertion → exit 70).
    net.attacker = (msg) => {
        if (msg.kind !== 'proposal')
            return [];
        const h = msg.block.header;
        return [{ to: 'all', msg: vote(net, h.view, h.height + 1, msg.block.hash) }];
    };
    net.run(60);
    assert.ok(net.honestHeight() >= 25, `height ${net.honestHeight()}`);
    assert.ok(drops(net, 'wrong_height') > 0);
    assertBounded(net);
});
test('attack 2: a commit signature that is not a curve point is dropped, certificates form', async () => {
    const net = new BlsNet();
    await net.start();
    const notAPoint = new Uint8Array(96).fill(0xab);
    const sent = new Set();
    // Right after the first honest commit signature of a height, replica 3 sends 96 bytes that do not
    // decode as a G2 point (before: blst threw "Invalid encoding" out of onEvent when combining).
    net.attacker = (msg) => {
        if (msg.kind !== 'commitSig' || sent.has(msg.height))
            return [];
        sent.add(msg.height);
        const junk = { ...msg, signer: BYZANTINE, sig: notAPoint };
        return [{ to: 'all', msg: junk }];
    };
    net.run(60);
    assert.ok(net.honestHeight() >= 25, `height ${net.honestHeight()}`);
    assert.ok(net.honestCertified().size >= 20, `certified ${net.honestCertified().size}`);
    assert.ok(drops(net, 'bad_signature') > 0);
    assertBounded(net);
});
/**
 * Replica 3 as the next leader: with two honest votes on the newest block and its own, it holds that
 * block's QC before anyone else, and sends `count` signed empty blocks extending it, one per far-future
 * view it leads (round robin: v ≡ 3 mod 4), ahead of its own honest proposal — each wrapped by `wrap`.
 * Before the fix they filled treeBlocksMax, every later block was refused and the chain stopped.
 */
function farFutureAttack(net, count, wrap) {
    const seen = new Map();
    const votes = new Map();
    let attacked = false;
    net.attacker = (msg) => {
        if (msg.kind === 'proposal')
            seen.set(hex(msg.block.hash), msg.block);
        if (msg.kind !== 'vote' || attacked)
            return [];
        const key = `${msg.view}:${msg.height}:${hex(msg.blockHash)}`;
        const pool = [...(votes.get(key) ?? []), msg];
        votes.set(key, pool);
        const parent = seen.get(hex(msg.blockHash));
        if (pool.length < 2 || parent === undefined || parent.header.height < 5)
            return [];
        attacked = true;
        const all = [...pool, vote(net, msg.view, msg.height, msg.blockHash)];
        all.sort((a, b) => a.voter - b.voter);
        const qc = {
            view: msg.view,
            height: msg.height,
            blockHash: msg.blockHash,
            signers: all.map((v) => v.voter),
            sig: net.attackerKey.aggregate(all.map((v) => v.sig)),
        };
        const out = [];
        for (let v = qc.view + 100; out.length < count; v++) {
            if (v % N !== BYZANTINE)
                continue;
            const block = makeBlock({
                chainId: CHAIN,
                view: v,
                parent: qc,
                txs: [],
                stateRoot: kvRoot(parent.header.stateRoot, parent.header.height + 1, []),
                timestampMs: parent.header.timestampMs,
                proposer: BYZANTINE,
            });
            out.push({ to: 'all', msg: wrap(block) });
        }
        return out;
    };
    return { attacked: () => attacked };
}
const TREE_BLOCKS_MAX = 160;
test('attack 3: far-future proposals cannot fill the block tree', async () => {
    const net = new BlsNet();
    await net.start({ treeBlocksMax: TREE_BLOCKS_MAX, leaderElection: 'round-robin' });
    const attack = farFutureAttack(net, TREE_BLOCKS_MAX, (block) => ({
        kind: 'proposal',
        block,
        tc: null,
        sig: net.attackerKey.sign(proposalSigningMessage(block.hash)),
    }));
    net.run(20);
    assert.ok(attack.attacked());
    const before = net.honestHeight();
    net.run(60);
    assert.ok(net.honestHeight() >= before + 20, `height ${before} → ${net.honestHeight()}`);
    assert.ok(drops(net, 'unjustified_view') >= TREE_BLOCKS_MAX);
    assertBounded(net);
});
test('attack 3 through catch-up: uncertified far-off blocks are evicted, honest blocks still enter', async () => {
    const net = new BlsNet();
    await net.start({ treeBlocksMax: TREE_BLOCKS_MAX, leaderElection: 'round-robin' });
    // A sync response may end with one block no QC certifies yet (the responder's newest): the same
    // far-future blocks, one per response, do enter the tree — until it is full.
    const attack = farFutureAttack(net, TREE_BLOCKS_MAX, (block) => ({
        kind: 'syncResponse',
        blocks: [block],
        certs: [],
        highQc: null,
        highTc: null,
    }));
    net.run(20);
    assert.ok(attack.attacked());
    const before = net.honestHeight();
    net.run(60);
    assert.ok(net.honestHeight() >= before + 20, `height ${before} → ${net.honestHeight()}`);
    assertBounded(net);
});
test('attack 4: commit signatures on random hashes do not block certificates', async () => {
    const net = new BlsNet();
    await net.start();
    let attackedFrom = -1;
    // At the first commit signature, replica 3 signs n random block hashes for each of the next 64
    // heights (before: the per-height pool held at most n hashes, so the real one was refused).
    net.attacker = (msg) => {
        if (msg.kind !== 'commitSig' || attackedFrom >= 0)
            return [];
        attackedFrom = msg.height;
        const out = [];
        for (let h = msg.height + 1; h <= msg.height + 64; h++)
            for (let k = 0; k < N; k++)
                out.push({ to: 'all', msg: commitSig(net, h, randomBytes(32)) });
        return out;
    };
    net.run(60);
    assert.ok(attackedFrom >= 0);
    const attacked = Array.from({ length: 64 }, (_, i) => attackedFrom + 1 + i);
    assert.ok(net.honestHeight() > attacked[attacked.length - 1], `height ${net.honestHeight()}`);
    const certified = net.honestCertified();
    const missing = attacked.filter((h) => !certified.has(h));
    assert.deepEqual(missing, [], 'every attacked height has its certificate on every honest replica');
    assert.ok(drops(net, 'equivocation') > 0);
    assertBounded(net);
});
test('attack 5: a vote flood fills only the flooder’s own slots', async () => {
    const net = new BlsNet();
    await net.start();
    // For every proposal, replica 3 sends 4n votes on random hashes for a view 8 ahead (before: the
    // pool held 4n (view, hash) keys in all, so honest votes found it full and QCs stopped forming).
    net.attacker = (msg) => {
        if (msg.kind !== 'proposal')
            return [];
        const view = msg.block.header.view + 8;
        return Array.from({ length: 4 * N }, () => ({
            to: 'all',
            msg: vote(net, view, msg.block.header.height + 8, randomBytes(32)),
        }));
    };
    net.run(60);
    assert.ok(net.honestHeight() >= 25, `height ${net.honestHeight()}`);
    assert.ok(drops(net, 'equivocation') > 0);
    assertBounded(net);
});
test('mixed junk: every message replica 3 sees comes back mutated under its name, with bad signature bytes', async () => {
    const net = new BlsNet();
    await net.start();
    const r = new Prng(12);
    const notAPoint = new Uint8Array(96).fill(0xab);
    // The simulator's Byzantine mutations (inflated certificates, swapped hashes, forged commit
    // certificates, reordered batches), re-authored as replica 3 and signed with bytes that are not a
    // signature — real BLS must reject all of it without an exception.
    net.attacker = (msg) => {
        if (!r.chance(0.3))
            return [];
        const sig = r.chance(0.5) ? notAPoint : r.bytes(96);
        const m = mutate(msg, r);
        switch (m.kind) {
            case 'vote':
                return [{ to: 'all', msg: { ...m, voter: BYZANTINE, sig } }];
            case 'timeout':
                return [{ to: 'all', msg: { ...m, sender: BYZANTINE, sig } }];
            case 'commitSig':
                return [{ to: 'all', msg: { ...m, signer: BYZANTINE, sig } }];
            case 'proposal':
                return [{ to: 'all', msg: { ...m, sig } }];
            default:
                return [{ to: 'all', msg: m }];
        }
    };
    net.run(60);
    assert.ok(net.honestHeight() >= 25, `height ${net.honestHeight()}`);
    assert.ok(net.honestCertified().size >= 20, `certified ${net.honestCertified().size}`);
    assert.ok(net.honest.every((x) => x.peerFaults.total(BYZANTINE) > 0));
    assertBounded(net);
});
//# sourceMappingURL=byzantine.test.js.map