import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { keygen, nobleBackend, blstBackend, popProve, popVerify, verifyQuorum, bitmapToIndices, indicesToBitmap, } from '../../src/crypto/bls.js';
const require = createRequire(import.meta.url);
const enc = new TextEncoder();
const seed = (i) => new Uint8Array(32).fill(i + 1);
test('keygen matches blst fromKeygen', () => {
    const blst = require('@chainsafe/blst');
    for (let i = 0; i < 3; i++) {
        assert.deepEqual(Buffer.from(keygen(seed(i))), Buffer.from(blst.SecretKey.fromKeygen(seed(i)).toBytes()));
    }
});
test('noble and blst produce the same bytes and verify each other', () => {
    assert.ok(blstBackend);
    const b = blstBackend;
    const sk = keygen(seed(7));
    const msg = enc.encode('civic-budget/commit/v1\0xyz');
    assert.deepEqual(b.publicKey(sk), nobleBackend.publicKey(sk));
    const s1 = b.sign(sk, msg);
    const s2 = nobleBackend.sign(sk, msg);
    assert.deepEqual(s1, s2);
    const pk = b.publicKey(sk);
    assert.ok(nobleBackend.verify(pk, msg, s1));
    assert.ok(b.verify(pk, msg, s2));
    assert.ok(!b.verify(pk, enc.encode('other'), s1));
    assert.ok(!nobleBackend.verify(pk, enc.encode('other'), s1));
    assert.ok(!b.verify(pk, msg, new Uint8Array(96)));
    assert.ok(!b.verify(pk, msg, new Uint8Array(5)));
});
test('aggregates, quorum checks, bitmaps and batch verification', () => {
    const b = blstBackend;
    const sks = [0, 1, 2, 3].map((i) => keygen(seed(i)));
    const pks = sks.map((sk) => b.publicKey(sk));
    const msg = enc.encode('m');
    const sigs = sks.map((sk) => b.sign(sk, msg));
    const agg = b.aggregateSignatures([sigs[0], sigs[1], sigs[3]]);
    assert.deepEqual(agg, nobleBackend.aggregateSignatures([sigs[0], sigs[1], sigs[3]]));
    assert.deepEqual(b.aggregatePublicKeys(pks), nobleBackend.aggregatePublicKeys(pks));
    assert.deepEqual(verifyQuorum(msg, [0, 1, 3], agg, pks, 3), { ok: true });
    assert.deepEqual(verifyQuorum(msg, [0, 1, 3], agg, pks, 3, nobleBackend), { ok: true });
    assert.equal(verifyQuorum(msg, [0, 1, 2], agg, pks, 3).ok, false);
    assert.equal(verifyQuorum(msg, [0, 1], b.aggregateSignatures([sigs[0], sigs[1]]), pks, 3).ok, false);
    assert.equal(verifyQuorum(msg, [0, 0, 1, 3], agg, pks, 3).ok, false);
    assert.equal(verifyQuorum(msg, [0, 1, 9], agg, pks, 3).ok, false);
    assert.deepEqual(bitmapToIndices(indicesToBitmap([0, 1, 3], 4)), [0, 1, 3]);
    const sets = sks.map((sk, i) => ({
        msg: enc.encode('x' + i),
        pk: pks[i],
        sig: b.sign(sk, enc.encode('x' + i)),
    }));
    assert.ok(b.verifyBatch(sets));
    assert.ok(nobleBackend.verifyBatch(sets));
    sets[2] = { ...sets[2], msg: enc.encode('tampered') };
    assert.ok(!b.verifyBatch(sets));
});
test('proof of possession', () => {
    const sk = keygen(seed(3));
    const pk = nobleBackend.publicKey(sk);
    const pop = popProve(sk);
    assert.ok(popVerify(pk, pop));
    assert.ok(!popVerify(nobleBackend.publicKey(keygen(seed(4))), pop));
    // a PoP is not a signature on the key under the ordinary DST
    assert.ok(!blstBackend.verify(pk, pk, pop));
});
test('consensus crypto: multi-message aggregates with repeated messages, both backends', async () => {
    const { BlsConsensusCrypto } = await import('../../src/crypto/consensus_crypto.js');
    const sks = [0, 1, 2, 3].map((i) => keygen(seed(i)));
    const pks = sks.map((sk) => blstBackend.publicKey(sk));
    const cs = sks.map((sk, i) => new BlsConsensusCrypto(i, sk, pks));
    const msgs = [enc.encode('a'), enc.encode('b'), enc.encode('a')];
    const signers = [0, 2, 3];
    const agg = cs[0].aggregate(signers.map((s, i) => cs[s].sign(msgs[i])));
    assert.ok(cs[1].verifyAggregateMulti(signers, msgs, agg));
    assert.ok(new BlsConsensusCrypto(1, sks[1], pks, nobleBackend).verifyAggregateMulti(signers, msgs, agg));
    assert.ok(!cs[1].verifyAggregateMulti([0, 2, 1], msgs, agg));
    assert.ok(!cs[1].verifyAggregateMulti([0, 2, 2], msgs, agg));
    const one = enc.encode('same');
    const agg2 = cs[0].aggregate([0, 1, 2].map((s) => cs[s].sign(one)));
    assert.ok(cs[3].verifyAggregate([0, 1, 2], one, agg2));
    assert.ok(!cs[3].verifyAggregate([0, 1, 3], one, agg2));
    assert.ok(cs[3].verify(2, one, cs[2].sign(one)));
    assert.ok(!cs[3].verify(7, one, cs[2].sign(one)));
});
//# sourceMappingURL=bls.test.js.map