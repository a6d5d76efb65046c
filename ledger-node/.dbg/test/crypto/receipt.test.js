import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReceipt, verifyReceipt } from '../../src/crypto/receipt.js';
import { keygen, blstBackend, nobleBackend, popProve } from '../../src/crypto/bls.js';
import { toHex } from '../../src/crypto/hash.js';
import { genesisBlock, makeBlock } from '../../src/codec/block.js';
import { commitSigningMessage } from '../../src/codec/signing.js';
import { encodeKvTx } from '../../src/app/kv.js';
import { makeRegistrar, makeVoter, ballotTx, DEMO_CHOICES } from '../../src/app/pb/fixtures.js';
test('receipts: build, verify with blst and noble, reject tampering', () => {
    const b = blstBackend;
    const sks = [0, 1, 2, 3].map((i) => keygen(new Uint8Array(32).fill(40 + i)));
    const genesis = {
        chainId: 'cb-test',
        replicas: sks.map((sk, i) => ({
            index: i,
            publicKey: toHex(b.publicKey(sk)),
            pop: toHex(popProve(sk)),
            address: `127.0.0.1:${9000 + i}`,
        })),
        quorum: 3,
    };
    const reg = makeRegistrar();
    const ballot = ballotTx(reg.sk, 7, makeVoter(), DEMO_CHOICES);
    const txs = [
        encodeKvTx('a', new Uint8Array([1])),
        ballot.tx,
        encodeKvTx('b', new Uint8Array([2])),
        encodeKvTx('c', new Uint8Array([3])),
        encodeKvTx('d', new Uint8Array([4])),
    ];
    const block = makeBlock({
        chainId: 'cb-test',
        view: 3,
        parent: genesisBlock('cb-test').justify,
        txs,
        stateRoot: new Uint8Array(32),
        timestampMs: 9,
        proposer: 3,
    });
    const msg = commitSigningMessage(block.hash);
    const signers = [0, 2, 3];
    const cert = {
        height: 1,
        blockHash: block.hash,
        signers,
        sig: b.aggregateSignatures(signers.map((i) => b.sign(sks[i], msg))),
    };
    const r = buildReceipt(block, 1, cert);
    assert.equal(r.campaignId, 7);
    assert.deepEqual(verifyReceipt(r, genesis), {
        ok: true,
        height: 1,
        txHash: verifyReceipt(r, genesis).ok
            ? verifyReceipt(r, genesis).txHash
            : '',
    });
    assert.equal(verifyReceipt(r, genesis, nobleBackend).ok, true);
    const kvR = buildReceipt(block, 4, cert);
    assert.equal(kvR.ballotHash, undefined);
    assert.equal(verifyReceipt(kvR, genesis).ok, true);
    const bad = (patch) => verifyReceipt({ ...r, ...patch }, genesis);
    assert.match(bad({ ballotHash: '00'.repeat(32) }).reason, /ballotHash/);
    assert.match(bad({ leafIndex: 2 }).reason, /audit path/);
    assert.match(bad({ auditPath: [...r.auditPath].reverse() }).reason, /audit path/);
    assert.match(bad({ blockHash: '11'.repeat(32) }).reason, /blockHash/);
    assert.match(bad({ commit: { signers: [0, 2], signature: r.commit.signature } })
        .reason, /quorum/);
    assert.match(bad({ commit: { signers: [0, 1, 3], signature: r.commit.signature } })
        .reason, /does not verify/);
    assert.match(bad({ commit: { signers: [0, 2, 2, 3], signature: r.commit.signature } }).reason, /duplicate_signer/);
    assert.equal(verifyReceipt(r, { ...genesis, chainId: 'other' }).ok, false);
    assert.equal(verifyReceipt('garbage', genesis).ok, false);
});
//# sourceMappingURL=receipt.test.js.map