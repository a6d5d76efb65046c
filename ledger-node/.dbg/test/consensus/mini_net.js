/** A loss-free FIFO network of hand-driven replicas (the real core and kv app) with a manual clock. */
import assert from 'node:assert/strict';
import { encodeMsg } from '../../src/codec/messages.js';
import { buildSyncResponseSync } from '../../src/consensus/sync.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { boot, N } from './helpers.js';
export class MiniNet {
    hs = [];
    queue = [];
    timers = [];
    now = 0;
    cut = new Set();
    dropKinds = new Set();
    /** Drop the next N sync requests sent by a replica (links not up yet at start-up). */
    dropSyncRequestsFrom = new Map();
    servedFromStorage = 0;
    /** Messages whose encoding exceeds this are not sent (as the transport refuses oversized frames). */
    frameBytesMax = Infinity;
    oversized = 0;
    /** Every message a replica sent, in order (observers, e.g. which views timed out). */
    onSend = () => { };
    async start(cfg) {
        for (let i = 0; i < N; i++) {
            const { h, actions } = await boot(i, new MemoryStorage(), cfg);
            this.hs.push(h);
            this.timers.push(Infinity);
            this.exec(i, actions);
        }
    }
    exec(i, actions) {
        for (const a of actions) {
            if (a.kind === 'persist')
                this.hs[i].storage.writeSync(a.batch);
            else if (a.kind === 'send') {
                this.onSend(i, a.msg);
                this.post(i, a.to, a.msg);
            }
            else if (a.kind === 'setTimer')
                this.timers[i] = Math.min(this.timers[i], a.atMs);
            else if (a.kind === 'serveSyncFromStorage' && ++this.servedFromStorage > 0) {
                const cfg = this.hs[i].replica.cfg;
                this.post(i, a.to, buildSyncResponseSync(this.hs[i].storage, a.req, cfg.syncBatchMax, cfg.syncBytesMax));
            }
            else if (a.kind === 'alarm')
                throw new Error(`alarm at ${i}: ${a.reason}`);
        }
    }
    post(from, to, msg) {
        const drops = this.dropSyncRequestsFrom.get(from) ?? 0;
        if (msg.kind === 'syncRequest' && drops > 0) {
            this.dropSyncRequestsFrom.set(from, drops - 1);
            return;
        }
        if (this.frameBytesMax !== Infinity && encodeMsg(msg).length > this.frameBytesMax) {
            this.oversized++;
            return;
        }
        for (let j = 0; j < N; j++) {
            if (j === from || (to !== 'all' && to !== j))
                continue;
            if (this.cut.has(j) || this.cut.has(from) || this.dropKinds.has(msg.kind))
                continue;
            this.queue.push({ to: j, from, msg });
        }
    }
    drain() {
        for (let steps = 0; this.queue.length > 0; steps++) {
            assert.ok(steps < 200_000, 'network quiesces');
            const m = this.queue.shift();
            this.exec(m.to, this.hs[m.to].replica.onMessage(m.from, m.msg, this.now));
        }
    }
    advance(ms) {
        this.now += ms;
        for (let i = 0; i < N; i++) {
            if (this.timers[i] <= this.now) {
                this.timers[i] = Infinity;
                this.exec(i, this.hs[i].replica.onTick(this.now));
            }
        }
        this.drain();
    }
    submit(to, txs) {
        for (const i of to)
            this.exec(i, this.hs[i].replica.onClientTxs(txs, this.now));
        this.drain();
    }
}
//# sourceMappingURL=mini_net.js.map