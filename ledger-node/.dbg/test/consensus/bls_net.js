/**
 * Four real `Replica`s (kv app, in-memory storage) signing with real BLS keys through the blst backend,
 * on a loss-free FIFO network with a manual clock. Replica 3 runs the honest core, but an attacker
 * holding replica 3's key sees every message addressed to 3 the moment it is sent and may answer at
 * once with messages of its own (signed with that key, sent as replica 3) — the Byzantine peer of
 * issue #12. Exceptions out of a replica's `onEvent` propagate (a real node would exit on them).
 */
import { KvApp } from '../../src/app/kv.js';
import { defaultConfig } from '../../src/consensus/config.js';
import { Replica } from '../../src/consensus/replica.js';
import { buildSyncResponseSync } from '../../src/consensus/sync.js';
import { blstBackend, keygen } from '../../src/crypto/bls.js';
import { BlsConsensusCrypto } from '../../src/crypto/consensus_crypto.js';
import { loadPersistedState } from '../../src/storage/load.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { CHAIN, N, tx } from './helpers.js';
export const BYZANTINE = 3;
const STEP_MS = 50;
const backend = (() => {
    if (blstBackend === null)
        throw new Error('these tests need the native blst backend');
    return blstBackend;
})();
const secretKeys = Array.from({ length: N }, (_, i) => keygen(new Uint8Array(32).fill(i + 1)));
const publicKeys = secretKeys.map((sk) => backend.publicKey(sk));
export function blsKey(i) {
    return new BlsConsensusCrypto(i, secretKeys[i], publicKeys, backend);
}
export class BlsNet {
    replicas = [];
    storages = [];
    logs = [];
    /** Replica 3's key, for the attacker's own messages. */
    attackerKey = blsKey(BYZANTINE);
    /** Called when a message for replica 3 is sent; what it returns leaves right away as from replica 3. */
    attacker = () => [];
    queue = [];
    timers = [];
    txSeq = 0;
    now = 0;
    async start(cfg = {}) {
        for (let i = 0; i < N; i++) {
            const app = new KvApp();
            const storage = new MemoryStorage();
            const replica = new Replica({ ...defaultConfig(CHAIN, N, i), ...cfg }, blsKey(i), app);
            this.replicas.push(replica);
            this.storages.push(storage);
            this.logs.push({ commits: 0, certs: [], alarms: [] });
            this.timers.push(Infinity);
            const persisted = await loadPersistedState(storage, app, CHAIN);
            this.exec(i, replica.onRecovered(persisted, this.now));
        }
        this.drain();
    }
    get honest() {
        return this.replicas.filter((_, i) => i !== BYZANTINE);
    }
    exec(i, actions) {
        const log = this.logs[i];
        for (const a of actions) {
            if (a.kind === 'persist')
                this.storages[i].writeSync(a.batch);
            else if (a.kind === 'send')
                this.post(i, a.to, a.msg);
            else if (a.kind === 'setTimer')
                this.timers[i] = Math.min(this.timers[i], a.atMs);
            else if (a.kind === 'serveSyncFromStorage')
                this.post(i, a.to, buildSyncResponseSync(this.storages[i], a.req, 8, this.replicas[i].cfg.syncBytesMax));
            else if (a.kind === 'commit')
                log.commits += a.blocks.length;
            else if (a.kind === 'certified')
                log.certs.push(a.cert);
            else if (a.kind === 'alarm')
                log.alarms.push(a.reason);
        }
    }
    post(from, to, msg) {
        for (let j = 0; j < N; j++) {
            if (j === from || (to !== 'all' && to !== j))
                continue;
            this.queue.push({ to: j, from, msg });
            if (j === BYZANTINE && from !== BYZANTINE)
                for (const out of this.attacker(msg, from))
                    this.post(BYZANTINE, out.to, out.msg);
        }
    }
    drain() {
        for (let steps = 0; this.queue.length > 0; steps++) {
            if (steps >= 500_000)
                throw new Error('network does not quiesce');
            const m = this.queue.shift();
            this.exec(m.to, this.replicas[m.to].onMessage(m.from, m.msg, this.now));
        }
    }
    tick() {
        for (let i = 0; i < N; i++) {
            if (this.timers[i] <= this.now) {
                this.timers[i] = Infinity;
                this.exec(i, this.replicas[i].onTick(this.now));
            }
        }
        this.drain();
    }
    /** `steps` rounds of: one new kv tx to every replica, then STEP_MS of clock. */
    run(steps) {
        for (let s = 0; s < steps; s++) {
            const t = tx(`k${this.txSeq++}`);
            for (let i = 0; i < N; i++)
                this.exec(i, this.replicas[i].onClientTxs([t], this.now));
            this.drain();
            this.now += STEP_MS;
            this.tick();
        }
    }
    /** Lowest committed height among the honest replicas. */
    honestHeight() {
        return Math.min(...this.honest.map((r) => r.committedHeight));
    }
    /** Heights certified on every honest replica. */
    honestCertified() {
        const sets = this.logs
            .filter((_, i) => i !== BYZANTINE)
            .map((l) => new Set(l.certs.map((c) => c.height)));
        return new Set([...sets[0]].filter((h) => sets.every((s) => s.has(h))));
    }
}
//# sourceMappingURL=bls_net.js.map