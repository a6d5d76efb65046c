/** Test helpers: build signed blocks, QCs, TCs and drive single replicas by hand. */
import { KvApp, encodeKvTx } from '../../src/app/kv.js';
import { genesisBlock, genesisQc, makeBlock } from '../../src/codec/block.js';
import { proposalSigningMessage, timeoutSigningMessage, voteSigningMessage, } from '../../src/codec/signing.js';
import { defaultConfig } from '../../src/consensus/config.js';
import { FakeCrypto } from '../../src/consensus/crypto.js';
import { Replica } from '../../src/consensus/replica.js';
import { loadPersistedState } from '../../src/storage/load.js';
import { MemoryStorage } from '../../src/storage/memory.js';
export const CHAIN = 'test-chain';
export const N = 4;
export const GENESIS = genesisBlock(CHAIN);
export const GQC = genesisQc(GENESIS.hash);
export const key = (i) => new FakeCrypto(i, N);
export function tx(k, v = 1) {
    return encodeKvTx(k, new Uint8Array([v]));
}
/** kv stateRoot of a block with `txs` on top of a parent with `parentRoot` (kv roots are a hash chain). */
export function kvRoot(parentRoot, height, txs) {
    const app = new KvApp();
    const parent = { parent: null, writes: new Map(), height: height - 1, committed: true };
    const ex = app.beginBlock(parent, parentRoot, { chainId: CHAIN, height, timestampMs: 0 });
    for (const t of txs)
        if (!ex.deliverTx(t).ok)
            throw new Error('invalid tx in test block');
    return ex.finish().stateRoot;
}
export function mkBlock(view, parent, parentQc, txs = [], proposer = view % N) {
    return makeBlock({
        chainId: CHAIN,
        view,
        parent: parentQc,
        txs,
        stateRoot: kvRoot(parent.header.stateRoot, parent.header.height + 1, txs),
        timestampMs: view * 10,
        proposer,
    });
}
export function mkQc(b, signers = [0, 1, 2]) {
    const msg = voteSigningMessage(b.header.height, b.header.view, b.hash);
    return {
        view: b.header.view,
        height: b.header.height,
        blockHash: b.hash,
        signers,
        sig: key(0).aggregate(signers.map((s) => key(s).sign(msg))),
    };
}
export function mkTc(view, signers, highQcViews) {
    return {
        view,
        signers,
        highQcViews,
        sig: key(0).aggregate(signers.map((s, i) => key(s).sign(timeoutSigningMessage(CHAIN, view, highQcViews[i])))),
    };
}
export function proposal(b, tc = null) {
    return {
        kind: 'proposal',
        block: b,
        tc,
        sig: key(b.header.proposer).sign(proposalSigningMessage(b.hash)),
    };
}
export function timeoutMsg(view, sender, highQc, lastTc = null) {
    return {
        kind: 'timeout',
        view,
        sender,
        highQc,
        lastTc,
        sig: key(sender).sign(timeoutSigningMessage(CHAIN, view, highQc.view)),
    };
}
export async function boot(index, storage = new MemoryStorage(), cfg, nowMs = 0) {
    const app = new KvApp();
    const replica = new Replica({ ...defaultConfig(CHAIN, N, index), ...cfg }, key(index), app);
    const persisted = await loadPersistedState(storage, app, CHAIN);
    const h = { replica, storage, app };
    const actions = replica.onRecovered(persisted, nowMs);
    apply(h, actions);
    return { h, actions };
}
/** Execute persists against the harness storage (like a node would). */
export function apply(h, actions) {
    for (const a of actions)
        if (a.kind === 'persist')
            h.storage.writeSync(a.batch);
    return actions;
}
export function deliver(h, from, msg, now = 100) {
    return apply(h, h.replica.onMessage(from, msg, now));
}
export function sentVotes(actions) {
    return actions.flatMap((a) => (a.kind === 'send' && a.msg.kind === 'vote' ? [a.msg] : []));
}
export function sentKinds(actions, kind) {
    return actions.filter((a) => a.kind === 'send' && a.msg.kind === kind);
}
//# sourceMappingURL=helpers.js.map