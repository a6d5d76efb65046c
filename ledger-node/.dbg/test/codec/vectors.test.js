// The replicas' codecs against the golden vectors of @civic-budget/protocol (the package and the app
// pass the same files): header bytes and block hash, genesis block, Merkle roots and proofs, commit
// message and certificate, receipts (built and verified), every pb tx kind, malformed ballots and txs,
// hex. A replica that drifts from the bytes the app and the browser produce fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { blockHashOf, decodeHeader, encodeHeader, genesisBlock } from '../../src/codec/block.js';
import { commitSigningMessage } from '../../src/codec/signing.js';
import { fromHex, toHex } from '../../src/crypto/hash.js';
import { merkleRoot } from '@civic-budget/protocol/merkle';
import { verifyQuorum } from '../../src/crypto/bls.js';
import { buildReceipt, verifyReceipt } from '../../src/crypto/receipt.js';
import { ballotSigningMessage, campaignSigningMessage, credentialMessage, decodeBallot, decodePbTx, ed25519Verify, encodeBallot, encodePaperBatch, paperBatchApprovalMessage, paperBatchOperatorMessage, recordSigningMessage, } from '../../src/app/pb/codec.js';
const require = createRequire(import.meta.url);
const vectors = (name) => JSON.parse(readFileSync(require.resolve(`@civic-budget/protocol/vectors/${name}.json`), 'utf8'));
const bytes = vectors('bytes');
const merkle = vectors('merkle');
const credential = vectors('credential');
const ballot = vectors('ballot');
const block = vectors('block');
const receipt = vectors('receipt');
const tx = vectors('tx');
const vectorHeader = {
    version: 1,
    ...block.header,
    parentHash: fromHex(block.header.parentHash),
    justifyQcHash: fromHex(block.header.justifyQcHash),
    txRoot: fromHex(block.header.txRoot),
    stateRoot: fromHex(block.header.stateRoot),
};
test('hex is lowercase only (protocol.md "Encodings")', () => {
    for (const v of bytes.hex.valid)
        assert.equal(toHex(fromHex(v.hex)), v.hex);
    for (const text of bytes.hex.invalid)
        assert.throws(() => fromHex(text), Error, text);
});
test('header bytes, block hash and the genesis block', () => {
    assert.equal(toHex(encodeHeader(vectorHeader)), block.headerBytes);
    assert.deepEqual(decodeHeader(fromHex(block.headerBytes)), vectorHeader);
    assert.equal(toHex(blockHashOf(vectorHeader)), block.blockHash);
    assert.equal(toHex(genesisBlock(block.genesis.chainId).hash), block.genesisBlockHash);
});
test('Merkle roots, and audit paths in the receipts the replica builds', () => {
    const leaves = merkle.leaves.map(fromHex);
    merkle.roots.forEach((root, n) => assert.equal(toHex(merkleRoot(leaves.slice(0, n))), root));
    for (const p of merkle.paths) {
        const tree = leaves.slice(0, p.treeSize);
        assert.deepEqual(buildReceipt({ header: vectorHeader, txs: tree, justify: null, hash: new Uint8Array(32) }, p.index, { height: 1, blockHash: new Uint8Array(32), signers: [], sig: new Uint8Array(0) }).auditPath, p.path);
    }
});
test('commit message and the vector commit certificate', () => {
    const message = commitSigningMessage(fromHex(block.blockHash));
    assert.equal(toHex(message), block.commitMessage);
    const keys = block.genesis.replicas.map((r) => fromHex(r.publicKey));
    const signature = fromHex(block.commit.signature);
    assert.deepEqual(verifyQuorum(message, block.commit.signers, signature, keys, 3), { ok: true });
    assert.equal(verifyQuorum(message, [0, 1], signature, keys, 3).ok, false);
});
test('receipts: the replica builds the vector receipt and refuses every tampered one', () => {
    const txs = block.txs.map(fromHex);
    const served = {
        header: vectorHeader,
        txs,
        justify: null,
        hash: fromHex(block.blockHash),
    };
    const cert = {
        height: 1,
        blockHash: fromHex(block.blockHash),
        signers: block.commit.signers,
        sig: fromHex(block.commit.signature),
    };
    assert.deepEqual(buildReceipt(served, 2, cert), receipt.valid);
    assert.deepEqual(buildReceipt(served, 1, cert), receipt.txReceipt);
    assert.deepEqual(verifyReceipt(receipt.txReceipt, receipt.genesis), {
        ok: true,
        height: receipt.txVerified.height,
        txHash: receipt.txVerified.txHash,
    });
    assert.deepEqual(verifyReceipt(receipt.valid, receipt.genesis), {
        ok: true,
        height: receipt.verified.height,
        txHash: receipt.verified.txHash,
    });
    for (const bad of receipt.invalid) {
        assert.equal(verifyReceipt(bad.receipt, receipt.genesis).ok, false, bad.why);
    }
});
test('ballots: bytes, credential message, signatures; malformed ballots refused', () => {
    for (const c of credential.credentials) {
        assert.equal(toHex(credentialMessage(c.campaignId, fromHex(c.voterKey))), c.message);
    }
    for (const b of ballot.ballots) {
        const decoded = decodeBallot(fromHex(b.ballotBytes));
        assert.equal(toHex(encodeBallot(decoded)), b.ballotBytes);
        const message = ballotSigningMessage(fromHex(b.ballotBytes));
        assert.ok(ed25519Verify(fromHex(b.input.voterKey), message, fromHex(b.signature)));
        const parsed = decodePbTx(fromHex(b.txBytes));
        assert.equal(parsed.kind, 'ballot');
    }
    for (const m of ballot.malformed)
        assert.throws(() => decodeBallot(fromHex(m.hex)), Error, m.why);
});
test('every other tx kind decodes and its signatures verify; malformed txs are refused', () => {
    const campaign = decodePbTx(fromHex(tx.campaign.txBytes));
    assert.ok(campaign.kind === 'campaign' &&
        ed25519Verify(campaign.adminKey, campaignSigningMessage(campaign.campaignBytes), campaign.signature));
    assert.equal(campaign.kind, 'campaign');
    assert.equal(campaign.kind === 'campaign' && toHex(campaign.campaignBytes), tx.campaign.campaignBytes);
    for (const r of tx.records) {
        const decoded = decodePbTx(fromHex(r.txBytes));
        assert.equal(decoded.kind === 'record' && decoded.record.kind, r.kind);
        assert.ok(decoded.kind === 'record' &&
            ed25519Verify(decoded.adminKey, recordSigningMessage(r.kind, decoded.payloadBytes), decoded.signature), r.kind);
    }
    const batch = decodePbTx(fromHex(tx.paperBatch.txBytes));
    assert.ok(batch.kind === 'paper-batch');
    assert.deepEqual(batch.batch.sheets.map((sheet) => sheet.sheetNo), [1, 2]);
    assert.equal(toHex(encodePaperBatch(batch.batch)), tx.paperBatch.batchBytes);
    assert.ok(ed25519Verify(batch.operatorKey, paperBatchOperatorMessage(batch.batchBytes), batch.operatorSignature));
    assert.ok(ed25519Verify(batch.adminKey, paperBatchApprovalMessage(batch.batchBytes, batch.operatorKey), batch.adminSignature));
    for (const m of tx.malformed)
        assert.throws(() => decodePbTx(fromHex(m.hex)), Error, m.why);
});
//# sourceMappingURL=vectors.test.js.map