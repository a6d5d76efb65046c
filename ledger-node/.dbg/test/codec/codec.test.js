import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from 'cborg';
import { blockHashOf, decodeBlock, decodeOwnBlock, decodeHeader, encodeBlock, encodeHeader, genesisBlock, genesisQc, makeBlock, qcHash, } from '../../src/codec/block.js';
import { CodecError, decodeCbor, encodeCbor } from '../../src/codec/cbor.js';
import { decodeMsg, decodeSafetyRecord, encodeMsg, encodeSafetyRecord, msgToCbor, } from '../../src/codec/messages.js';
import { commitSigningMessage, timeoutSigningMessage, voteSigningMessage, } from '../../src/codec/signing.js';
import { decodeTxOuter, txHash } from '../../src/codec/tx.js';
import { encodeKvTx, decodeKvTx } from '../../src/app/kv.js';
import { sha256, toHex } from '../../src/crypto/hash.js';
const CHAIN = 'test-chain';
function sampleBlock() {
    const g = genesisBlock(CHAIN);
    return makeBlock({
        chainId: CHAIN,
        view: 1,
        parent: genesisQc(g.hash),
        txs: [encodeKvTx('a', new Uint8Array([1])), encodeKvTx('b', new Uint8Array([2]))],
        stateRoot: new Uint8Array(32).fill(7),
        timestampMs: 1_700_000_000_000,
        proposer: 1,
    });
}
test('header encoding is the protocol.md array with shortest ints', () => {
    const b = sampleBlock();
    const bytes = encodeHeader(b.header);
    assert.equal(bytes[0], 0x8b); // array(11)
    assert.equal(bytes[1], 0x01); // version 1
    const back = decodeHeader(bytes);
    assert.deepEqual(back, b.header);
    assert.equal(toHex(blockHashOf(back)), toHex(sha256(bytes)));
    assert.equal(toHex(b.hash), toHex(sha256(bytes)));
    // Any conforming encoder gives the same bytes.
    const h = b.header;
    const other = encode([
        1,
        h.chainId,
        h.height,
        h.view,
        h.parentHash,
        h.justifyQcHash,
        h.txRoot,
        h.txCount,
        h.stateRoot,
        h.timestampMs,
        h.proposer,
    ]);
    assert.equal(toHex(other), toHex(bytes));
});
test('justifyQcHash = H(CBOR(qc)) and block round-trips', () => {
    const b = sampleBlock();
    assert.equal(toHex(b.header.justifyQcHash), toHex(qcHash(b.justify)));
    const back = decodeBlock(encodeBlock(b));
    assert.equal(toHex(back.hash), toHex(b.hash));
    assert.deepEqual(back.txs.map(toHex), b.txs.map(toHex));
});
test('decoding rejects non-canonical and inconsistent input', () => {
    // non-shortest integer: 1 encoded as 0x18 0x01
    assert.throws(() => decodeCbor(new Uint8Array([0x18, 0x01])), CodecError);
    // indefinite-length array
    assert.throws(() => decodeCbor(new Uint8Array([0x9f, 0x01, 0xff])), CodecError);
    // trailing bytes
    assert.throws(() => decodeCbor(new Uint8Array([0x01, 0x01])), CodecError);
    // tampered tx list breaks the txRoot
    const b = sampleBlock();
    const bad = { ...b, txs: [b.txs[0]] };
    assert.throws(() => decodeBlock(encodeBlock(bad)), /txCount|txRoot/);
    // unknown message type
    assert.throws(() => decodeMsg(encodeCbor([1, 99])), CodecError);
});
test('all consensus messages round-trip', () => {
    const b = sampleBlock();
    const qc = { view: 1, height: 1, blockHash: b.hash, signers: [0, 1, 2], sig: new Uint8Array(96) };
    const tc = { view: 2, signers: [0, 2, 3], highQcViews: [1, 1, 0], sig: new Uint8Array(96) };
    const msgs = [
        { kind: 'proposal', block: b, tc: null, sig: new Uint8Array(96).fill(1) },
        {
            kind: 'vote',
            view: 1,
            height: 1,
            blockHash: b.hash,
            voter: 3,
            sig: new Uint8Array(96).fill(2),
        },
        {
            kind: 'timeout',
            view: 3,
            sender: 2,
            highQc: qc,
            lastTc: tc,
            sig: new Uint8Array(96).fill(3),
        },
        { kind: 'commitSig', height: 1, blockHash: b.hash, signer: 0, sig: new Uint8Array(96).fill(4) },
        { kind: 'syncRequest', committedHeight: 5, tipHeight: 7, tipHash: b.hash, limit: 64 },
        {
            kind: 'syncResponse',
            blocks: [b],
            certs: [{ height: 1, blockHash: b.hash, signers: [0, 1, 2], sig: new Uint8Array(96) }],
            highQc: qc,
            highTc: tc,
        },
    ];
    for (const m of msgs) {
        const bytes = encodeMsg(m);
        const back = decodeMsg(bytes);
        assert.equal(back.kind, m.kind);
        assert.equal(toHex(encodeMsg(back)), toHex(bytes), m.kind);
    }
});
test('safety record round-trips', () => {
    const b = sampleBlock();
    const qc = { view: 1, height: 1, blockHash: b.hash, signers: [0, 1, 2], sig: new Uint8Array(96) };
    const r = {
        lastVotedView: 2,
        highQc: qc,
        highestTimeoutView: 2,
        lastVote: {
            kind: 'vote',
            view: 2,
            height: 2,
            blockHash: b.hash,
            voter: 1,
            sig: new Uint8Array(96),
        },
        lastTimeout: {
            kind: 'timeout',
            view: 2,
            sender: 1,
            highQc: qc,
            lastTc: null,
            sig: new Uint8Array(96),
        },
    };
    const back = decodeSafetyRecord(encodeSafetyRecord(r));
    assert.equal(toHex(encodeSafetyRecord(back)), toHex(encodeSafetyRecord(r)));
    assert.equal(back.lastVotedView, 2);
});
test('signing messages are domain separated', () => {
    const h = new Uint8Array(32).fill(9);
    const dec = new TextDecoder();
    assert.equal(dec.decode(commitSigningMessage(h).subarray(0, 23)), 'civic-budget/commit/v1\0');
    assert.equal(toHex(commitSigningMessage(h).subarray(23)), toHex(h));
    assert.ok(dec.decode(voteSigningMessage(1, 1, h)).startsWith('civic-budget/vote/v1\0'));
    assert.ok(dec.decode(timeoutSigningMessage('c', 2, 1)).startsWith('civic-budget/timeout/v1\0'));
    assert.notEqual(toHex(voteSigningMessage(1, 1, h)), toHex(voteSigningMessage(1, 2, h)));
});
test('tx outer form, txHash and kv validation', () => {
    const tx = encodeKvTx('key', new Uint8Array([1, 2, 3]));
    assert.equal(txHash(tx), toHex(sha256(tx)));
    assert.deepEqual(decodeTxOuter(tx).kind, 'kv');
    assert.ok(!('error' in decodeKvTx(tx)));
    assert.ok('error' in decodeKvTx(encodeKvTx('', new Uint8Array(1))));
    assert.ok('error' in decodeKvTx(encodeKvTx('x'.repeat(300), new Uint8Array(1))));
    assert.ok('error' in decodeKvTx(encodeKvTx('k', new Uint8Array(5000))));
    assert.ok('error' in decodeKvTx(encodeCbor([1, 'kv', 'k'])));
    assert.ok('error' in decodeKvTx(encodeCbor([1, 'other', 'k', new Uint8Array(1)])));
    assert.throws(() => decodeTxOuter(encodeCbor([2, 'kv'])), CodecError);
});
test('encodeMsg splices memoized block bytes: identical to the generic encoding', () => {
    const g = genesisBlock('c');
    const mk = (ntx, view) => makeBlock({
        chainId: 'c',
        view,
        parent: genesisQc(g.hash),
        txs: Array.from({ length: ntx }, (_, i) => new Uint8Array([i & 255, 1, 2])),
        stateRoot: new Uint8Array(32),
        timestampMs: 5,
        proposer: view % 4,
    });
    const same = (m) => assert.deepEqual(Uint8Array.from(encodeMsg(m)), Uint8Array.from(encodeCbor(msgToCbor(m))));
    const sig = new Uint8Array(96).fill(7);
    const tc = { view: 3, signers: [0, 1, 2], highQcViews: [0, 0, 0], sig };
    same({ kind: 'proposal', block: mk(3, 4), tc: null, sig });
    same({ kind: 'proposal', block: mk(300, 5), tc, sig });
    for (const n of [0, 1, 23, 24, 255, 256]) {
        const blocks = Array.from({ length: n }, (_, i) => mk(i % 3, i + 1));
        same({ kind: 'syncResponse', blocks, certs: [], highQc: null, highTc: null });
        same({
            kind: 'syncResponse',
            blocks,
            certs: [{ height: 1, blockHash: g.hash, signers: [0, 1, 2], sig }],
            highQc: genesisQc(g.hash),
            highTc: tc,
        });
    }
    const b = mk(10, 7);
    const again = decodeOwnBlock(encodeBlock(b));
    assert.deepEqual(Uint8Array.from(encodeBlock(again)), Uint8Array.from(encodeCbor(msgToCbor({ kind: 'proposal', block: b, tc: null, sig })).subarray(3, 3 + encodeBlock(b).length)));
});
//# sourceMappingURL=codec.test.js.map