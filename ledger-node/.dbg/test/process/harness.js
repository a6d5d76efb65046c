// Real-process test harness: a 4-replica cluster of `bin/ledger-node run` processes on loopback with
// RocksDB in a temp dir, a kv load generator that records every tx a replica reported as committed,
// and the end-of-test checks (every acknowledged tx on every live replica; identical block hashes).
//
// Neighbours cannot fool it: a cluster starts on ports found free (the preferred base, else a random
// one, saying who holds the preferred one), a replica counts as ready only when its /genesis is this
// cluster's (a stale replica of another chain on the port is an error), and every replica is killed
// however the test process ends. Replicas carry CIVIC_TEST_OWNER and temp dirs the test's pid, as in
// the app's tests/support/, so the app's leftover check finds what a killed run left behind.
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { initCluster, BIN_PATH } from '../../src/cli/main.js';
import { encodeKvTx } from '../../src/app/kv.js';
import { sha256, toHex } from '../../src/crypto/hash.js';
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CHECKOUT = fileURLToPath(new URL('../../../../', import.meta.url));
/** process.env plus the owner mark every child of a test carries. */
export function ownedEnv(extra = {}) {
    return { ...process.env, CIVIC_TEST_OWNER: `${process.pid}:${CHECKOUT}`, ...extra };
}
/** A temp dir named after this test process (`ledger-proc-<pid>-…`). */
export function makeTestDir() {
    return fs.mkdtempSync(path.join(os.tmpdir(), `ledger-proc-${process.pid}-`));
}
const children = new Set();
let handlersInstalled = false;
/** Kills `p` (SIGKILL) when this test process ends, whatever the way: end, error, signal. */
export function track(p) {
    if (!handlersInstalled) {
        handlersInstalled = true;
        const killAll = () => {
            for (const c of children)
                c.kill('SIGKILL');
        };
        process.on('exit', killAll);
        for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
            process.on(sig, () => {
                killAll();
                process.exit(128 + os.constants.signals[sig]);
            });
    }
    children.add(p);
    p.once('exit', () => children.delete(p));
    return p;
}
function portIsFree(port) {
    return new Promise((resolve) => {
        const server = net.createServer();
        server.once('error', () => resolve(false));
        server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
    });
}
async function holderOf(port) {
    const g = await fetch(`http://127.0.0.1:${port}/genesis`, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.json())
        .catch(() => null);
    return g?.chainId ? `a ledger replica of chain ${g.chainId} (a leftover?)` : 'another process';
}
/** A port of ours turned out to be held by a neighbour (EADDRINUSE, or a replica of another chain). */
export class PortTakenError extends Error {
}
/**
 * Runs `attempt(base)` on free ports (`freeBasePort`). Two runs probing at the same moment can both
 * find a port free: the loser's replica then fails to bind or a foreign replica answers. That is
 * reported and retried on other ports (`cleanup` first), up to three times; other errors pass.
 */
export async function onFreePorts(preferred, n, attempt, cleanup) {
    let wanted = preferred;
    for (let tries = 1;; tries++) {
        const base = await freeBasePort(wanted, n);
        try {
            return await attempt(base);
        }
        catch (error) {
            await cleanup();
            if (!(error instanceof PortTakenError) || tries >= 3)
                throw error;
            process.stderr.write(`ports of base ${base}: ${error.message.split('\n')[0]}; retrying\n`);
            wanted = 30_000 + 200 * Math.floor(Math.random() * 14);
        }
    }
}
/**
 * A base port whose n peer ports (base+i) and n HTTP ports (base+100+i) are all free: `preferred`
 * if so, else a random base in 30000–32600 (below the ephemeral range), reported on stderr.
 */
export async function freeBasePort(preferred, n) {
    const offsets = [...Array(n).keys()].flatMap((i) => [i, 100 + i]);
    let base = preferred;
    for (let attempt = 0; attempt < 20; attempt++) {
        let taken = null;
        for (const o of offsets) {
            if (!(await portIsFree(base + o))) {
                taken = base + o;
                break;
            }
        }
        if (taken === null)
            return base;
        let next = base;
        while (next === base)
            next = 30_000 + 200 * Math.floor(Math.random() * 14);
        process.stderr.write(`port ${taken} is taken by ${await holderOf(taken)}: trying ${next}\n`);
        base = next;
    }
    throw new Error(`no free ports for a ${n}-replica cluster`);
}
export class Cluster {
    dir;
    basePort;
    n;
    env;
    procs = [];
    exits = [];
    chainId;
    constructor(dir, basePort, n, env) {
        this.dir = dir;
        this.basePort = basePort;
        this.n = n;
        this.env = env;
        this.chainId = JSON.parse(fs.readFileSync(path.join(dir, 'genesis.json'), 'utf8')).chainId;
    }
    static async create(o) {
        const n = o.n ?? 4;
        let c = null;
        // LEDGER_TEST_PORT_OFFSET moves the preferred ports (free ones are found anyway).
        const preferred = o.basePort + Number(process.env.LEDGER_TEST_PORT_OFFSET ?? 0);
        return onFreePorts(preferred, n, async (basePort) => {
            const dir = makeTestDir();
            initCluster({
                replicas: n,
                dir,
                basePort,
                app: o.app,
                host: '127.0.0.1',
                ...(o.consensus ? { consensus: o.consensus } : {}),
                ...(o.leaderElection ? { leaderElection: o.leaderElection } : {}),
            });
            c = new Cluster(dir, basePort, n, o.env ?? {});
            if (o.start !== false) {
                for (let i = 0; i < n; i++)
                    c.start(i);
                await c.waitReady([...Array(n).keys()], 60_000);
            }
            return c;
        }, async () => c?.cleanup());
    }
    configPath(i) {
        return path.join(this.dir, `replica-${i}`, 'config.json');
    }
    url(i, p) {
        return `http://127.0.0.1:${this.basePort + 100 + i}${p}`;
    }
    start(i) {
        assert.equal(this.procs[i] ?? null, null, `replica ${i} already running`);
        const log = fs.openSync(path.join(this.dir, `replica-${i}.log`), 'a');
        const p = spawn(process.execPath, [BIN_PATH, 'run', '--config', this.configPath(i)], {
            stdio: ['ignore', log, log],
            env: ownedEnv({ LEDGER_TEST_FAULTS: '1', ...this.env }),
        });
        fs.closeSync(log);
        track(p);
        this.procs[i] = p;
        this.exits[i] = null;
        p.on('exit', (code, sig) => {
            this.exits[i] = sig ?? code;
            if (this.procs[i] === p)
                this.procs[i] = null;
        });
        return p;
    }
    /** Runs `run` once in the foreground and returns its exit code and output (for refusal tests). */
    runOnce(i, timeoutMs = 15_000) {
        return new Promise((resolve) => {
            const p = spawn(process.execPath, [BIN_PATH, 'run', '--config', this.configPath(i)], {
                env: ownedEnv(this.env),
            });
            track(p);
            let out = '';
            p.stdout.on('data', (d) => (out += d));
            p.stderr.on('data', (d) => (out += d));
            const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
            p.on('exit', (code) => {
                clearTimeout(t);
                resolve({ code, output: out });
            });
        });
    }
    async kill(i, sig = 'SIGKILL') {
        const p = this.procs[i];
        if (!p)
            return;
        const exited = new Promise((r) => p.once('exit', r));
        p.kill(sig);
        await exited;
    }
    live() {
        return [...Array(this.n).keys()].filter((i) => this.procs[i]);
    }
    async stopAll() {
        await Promise.all(this.live().map((i) => this.kill(i, 'SIGTERM')));
    }
    async cleanup() {
        await Promise.all(this.live().map((i) => this.kill(i, 'SIGKILL')));
        if (!process.env.KEEP_TEST_DIRS)
            fs.rmSync(this.dir, { recursive: true, force: true });
    }
    logs(i) {
        try {
            return fs.readFileSync(path.join(this.dir, `replica-${i}.log`), 'utf8');
        }
        catch {
            return '';
        }
    }
    async get(i, p, timeoutMs = 5000) {
        const r = await fetch(this.url(i, p), { signal: AbortSignal.timeout(timeoutMs) });
        return r.json();
    }
    async post(i, p, body, timeoutMs = 10_000) {
        const r = await fetch(this.url(i, p), {
            method: 'POST',
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(timeoutMs),
        });
        return { status: r.status, body: await r.json() };
    }
    async status(i) {
        try {
            return await this.get(i, '/status', 2000);
        }
        catch {
            return null;
        }
    }
    /**
     * Throws PortTakenError when a replica of another chain answers on replica i's port (a stale
     * cluster) or replica i exited because a port of its was taken.
     */
    async assertOwnReplica(i) {
        if (!this.procs[i] && this.exits[i] !== null && /EADDRINUSE/.test(this.logs(i)))
            throw new PortTakenError(`replica ${i} could not bind its ports: ${this.logs(i).slice(-300)}`);
        const g = await this.get(i, '/genesis', 2000).catch(() => null);
        if (g && g.chainId !== this.chainId)
            throw new PortTakenError(`replica ${i} (${this.url(i, '')}) is of chain ${g.chainId}, not ours (${this.chainId}): a stale cluster holds the port`);
    }
    async waitReady(indices, timeoutMs) {
        const end = Date.now() + timeoutMs;
        for (;;) {
            await Promise.all(indices.map((i) => this.assertOwnReplica(i)));
            const ss = await Promise.all(indices.map((i) => this.status(i)));
            if (ss.every((s) => s && s.peersConnected >= Math.min(this.n - 1, this.live().length - 1)))
                return;
            if (Date.now() > end)
                throw new Error(`replicas ${indices} not ready: ${JSON.stringify(ss)}\n${indices.map((i) => this.logs(i).slice(-2000)).join('\n')}`);
            await sleep(100);
        }
    }
    async waitCommittedHeight(indices, height, timeoutMs) {
        const end = Date.now() + timeoutMs;
        for (;;) {
            const ss = await Promise.all(indices.map((i) => this.status(i)));
            if (ss.every((s) => s && s.committedHeight >= height))
                return;
            if (Date.now() > end)
                throw new Error(`replicas ${indices} did not reach height ${height}: ${JSON.stringify(ss)}`);
            await sleep(200);
        }
    }
    async blocks(i, from, limit = 100) {
        return (await this.get(i, `/blocks?from=${from}&limit=${limit}`, 10_000)).blocks;
    }
    /** Every committed block of replica i, by height. */
    async allBlocks(i) {
        const out = [];
        for (;;) {
            const bs = await this.blocks(i, out.length + 1, 100);
            out.push(...bs);
            if (bs.length < 100)
                return out;
        }
    }
}
export function kvTx(key, value) {
    return Buffer.from(encodeKvTx(key, Buffer.from(value))).toString('base64');
}
export function hashOfB64(tx) {
    return toHex(sha256(Buffer.from(tx, 'base64')));
}
/**
 * Submits kv txs in batches to every live replica and follows the committed chain of a live replica:
 * every tx seen in a committed block is "acknowledged as committed" (height recorded).
 */
export class KvLoad {
    c;
    batch;
    intervalMs;
    tag;
    acked = new Map();
    submitted = 0;
    stopped = false;
    seq = 0;
    followHeight = 0;
    loops = [];
    constructor(c, batch = 50, intervalMs = 20, tag = 'k') {
        this.c = c;
        this.batch = batch;
        this.intervalMs = intervalMs;
        this.tag = tag;
    }
    start() {
        this.loops = [this.submitLoop(), this.followLoop()];
        return this;
    }
    async stop() {
        this.stopped = true;
        await Promise.all(this.loops);
    }
    async submitLoop() {
        while (!this.stopped) {
            const txs = [];
            for (let j = 0; j < this.batch; j++, this.seq++)
                txs.push(kvTx(`${this.tag}${this.seq}`, `v${this.seq}`));
            await Promise.all(this.c.live().map((i) => this.c.post(i, '/txs', { txs }).catch(() => null)));
            this.submitted += txs.length;
            await sleep(this.intervalMs);
        }
    }
    async follow() {
        for (const i of this.c.live()) {
            try {
                for (;;) {
                    const bs = await this.c.blocks(i, this.followHeight + 1, 100);
                    for (const b of bs) {
                        for (const t of b.txs)
                            this.acked.set(hashOfB64(t), b.height);
                        this.followHeight = b.height;
                    }
                    if (bs.length < 100)
                        return;
                }
            }
            catch {
                continue; // that replica just died: follow another one
            }
        }
    }
    async followLoop() {
        while (!this.stopped) {
            await this.follow();
            await sleep(200);
        }
        await this.follow();
    }
}
/** Waits until the live replicas share a committed height ≥ minHeight, then checks agreement and durability. */
export async function checkConsistency(c, acked, timeoutMs = 30_000) {
    const live = c.live();
    assert.ok(live.length > 0);
    const maxAck = Math.max(0, ...acked.values());
    await c.waitCommittedHeight(live, maxAck, timeoutMs);
    const chains = await Promise.all(live.map((i) => c.allBlocks(i)));
    const common = Math.min(...chains.map((ch) => ch.length));
    assert.ok(common >= maxAck, `common height ${common} below acknowledged height ${maxAck}`);
    for (let h = 0; h < common; h++) {
        const hashes = new Set(chains.map((ch) => ch[h].blockHash));
        assert.equal(hashes.size, 1, `replicas disagree at height ${h + 1}: ${[...hashes]}`);
        for (const ch of chains)
            assert.equal(ch[h].height, h + 1);
    }
    for (const [k, ch] of chains.entries()) {
        const txs = new Set();
        for (const b of ch)
            for (const t of b.txs)
                txs.add(hashOfB64(t));
        for (const [h, height] of acked)
            assert.ok(txs.has(h), `replica ${live[k]} lost acknowledged tx ${h} (height ${height})`);
        assert.equal(txs.size, ch.reduce((s, b) => s + b.txs.length, 0), `replica ${live[k]} committed a tx twice`);
    }
    return { height: common };
}
//# sourceMappingURL=harness.js.map