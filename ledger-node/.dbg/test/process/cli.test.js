// The CLI as ledger.md describes it: `init` files and modes, `cluster` (runs all replicas, reports and does
// not restart a dead one, forwards SIGTERM), HTTP answers of a running replica, `GET /kv/:key`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { BIN_PATH } from '../../src/cli/main.js';
import { kvTx, hashOfB64, sleep, makeTestDir, onFreePorts, ownedEnv, PortTakenError, track, } from './harness.js';
test('init files, cluster run/stop, HTTP basics', { timeout: 150_000 }, async () => {
    let dir = '';
    let cl = null;
    let out = '';
    // Stops `cluster` (SIGTERM, it forwards it), then whatever replica is left, and removes the dir.
    const stopCluster = async () => {
        if (cl && cl.exitCode === null) {
            cl.kill('SIGTERM');
            await new Promise((r) => setTimeout(r, 2000));
        }
        try {
            for (const pid of execFileSync('pgrep', ['-f', `${dir}/replica-`])
                .toString()
                .trim()
                .split('\n'))
                process.kill(Number(pid), 'SIGKILL');
        }
        catch {
            /* none left */
        }
        fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
        // init and cluster start on free ports; retried elsewhere if a neighbour takes one meanwhile.
        const { base, g, cluster } = await onFreePorts(23200 + Number(process.env.LEDGER_TEST_PORT_OFFSET ?? 0), 4, async (port) => {
            dir = makeTestDir();
            const genesis = initAndCheck(dir, port);
            const child = track(spawn(process.execPath, [BIN_PATH, 'cluster', '--replicas', '4', '--dir', dir, '--base-port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'], env: ownedEnv() }));
            cl = child;
            out = '';
            child.stdout.on('data', (d) => (out += d));
            child.stderr.on('data', (d) => (out += d));
            await waitOwnClusterReady(port, genesis.chainId, () => out);
            return { base: port, g: genesis, cluster: child };
        }, stopCluster);
        const url = (i, p) => `http://127.0.0.1:${base + 100 + i}${p}`;
        const st = await (await fetch(url(2, '/status'))).json();
        for (const k of [
            'index',
            'view',
            'height',
            'committedHeight',
            'committedHash',
            'peersConnected',
            'mempool',
        ])
            assert.ok(k in st, k);
        assert.equal(st.index, 2);
        assert.deepEqual(JSON.parse(await (await fetch(url(1, '/genesis'))).text()), g);
        const tx = kvTx('greeting', 'hello');
        const posts = await Promise.all([0, 1, 2, 3].map((i) => fetch(url(i, '/txs'), {
            method: 'POST',
            body: JSON.stringify({ txs: [tx, 'not base64!'] }),
        })));
        for (const p of posts) {
            assert.equal(p.status, 202);
            const b = await p.json();
            assert.deepEqual(b.accepted, [hashOfB64(tx), null]);
            assert.equal(b.rejected[0].index, 1);
        }
        for (let k = 0;; k++) {
            const r = await (await fetch(url(3, `/txs/${hashOfB64(tx)}`))).json();
            if (r.status === 'committed' && r.receipt)
                break;
            assert.ok(k < 200, JSON.stringify(r));
            await sleep(100);
        }
        const kv = await (await fetch(url(0, '/kv/greeting'))).json();
        assert.equal(Buffer.from(kv.value, 'base64').toString(), 'hello');
        assert.equal((await fetch(url(0, '/kv/absent'))).status, 404);
        const bad = await fetch(url(0, '/txs'), { method: 'POST', body: '{"txs": 5' });
        assert.equal(bad.status, 400);
        assert.deepEqual(Object.keys((await bad.json())).sort(), ['error', 'message']);
        assert.equal((await fetch(url(0, '/blocks?from=1&limit=0'))).status, 400);
        const blocks = await (await fetch(url(0, '/blocks?from=1&limit=5'))).json();
        assert.ok(blocks.blocks.length >= 1);
        for (const k of ['height', 'blockHash', 'header', 'txs', 'commit'])
            assert.ok(k in blocks.blocks[0], k);
        const metrics = await (await fetch(url(0, '/metrics'))).text();
        for (const m of [
            'ledger_view',
            'ledger_commits_total',
            'ledger_timeouts_total',
            'ledger_mempool_size',
            'ledger_verify_seconds_total',
        ])
            assert.match(metrics, new RegExp(`^${m} `, 'm'));
        // a replica killed under the cluster is reported and not restarted
        const pids = execFileSync('pgrep', ['-f', `${dir}/replica-3/config.json`])
            .toString()
            .trim()
            .split('\n')
            .map(Number);
        process.kill(pids[0], 'SIGKILL');
        for (let k = 0; !/replica 3 exited .*NOT restarted/.test(out); k++) {
            assert.ok(k < 100, out);
            await sleep(100);
        }
        await sleep(500);
        assert.equal(await fetch(url(3, '/status'))
            .then(() => true)
            .catch(() => false), false);
        const exited = new Promise((r) => cluster.once('exit', (code) => r(code)));
        cluster.kill('SIGTERM');
        assert.equal(await exited, 1, 'cluster reports that a replica died');
        for (let i = 0; i < 3; i++)
            assert.equal(await fetch(url(i, '/status'))
                .then(() => true)
                .catch(() => false), false);
        assert.match(out, /\[replica 0\] .*stopped/);
    }
    finally {
        await stopCluster();
    }
});
/** `init` of a 4-replica kv cluster in `dir` on `base`, with its files and modes checked. */
function initAndCheck(dir, base) {
    execFileSync(process.execPath, [
        BIN_PATH,
        'init',
        '--replicas',
        '4',
        '--dir',
        dir,
        '--base-port',
        String(base),
        '--app',
        'kv',
    ]);
    const g = JSON.parse(fs.readFileSync(path.join(dir, 'genesis.json'), 'utf8'));
    assert.equal(typeof g.chainId, 'string');
    assert.equal(g.quorum, 3);
    assert.deepEqual(g.replicas.map((r) => [r.index, r.address]), [0, 1, 2, 3].map((i) => [i, `127.0.0.1:${base + i}`]));
    for (const r of g.replicas) {
        assert.match(r.publicKey, /^[0-9a-f]{96}$/);
        assert.match(r.pop, /^[0-9a-f]{192}$/);
    }
    for (let i = 0; i < 4; i++) {
        const cfg = JSON.parse(fs.readFileSync(path.join(dir, `replica-${i}`, 'config.json'), 'utf8'));
        assert.deepEqual(cfg.listen, { host: '127.0.0.1', port: base + i });
        assert.deepEqual(cfg.http, { host: '127.0.0.1', port: base + 100 + i });
        assert.equal(fs.statSync(path.join(dir, `replica-${i}`, cfg.secretKeyFile)).mode & 0o777, 0o600);
    }
    // init refuses to overwrite keys
    assert.throws(() => execFileSync(process.execPath, [BIN_PATH, 'init', '--replicas', '4', '--dir', dir, '--base-port', String(base)], { stdio: 'pipe' }));
    return g;
}
/**
 * Waits until the 4 replicas on `base` answer with our genesis and see their 3 peers. A replica of
 * another chain on our port, or a replica that could not bind, is a PortTakenError (a neighbour).
 */
async function waitOwnClusterReady(base, chainId, output) {
    const url = (i, p) => `http://127.0.0.1:${base + 100 + i}${p}`;
    for (let k = 0;; k++) {
        if (/EADDRINUSE/.test(output()))
            throw new PortTakenError(`a port was taken: ${output()}`);
        const ok = await Promise.all([0, 1, 2, 3].map(async (i) => {
            const ours = await fetch(url(i, '/genesis'))
                .then((r) => r.json())
                .catch(() => null);
            if (!ours)
                return false;
            if (ours.chainId !== chainId)
                throw new PortTakenError(`a replica of chain ${ours.chainId} answers on ${url(i, '')}`);
            return fetch(url(i, '/status'))
                .then((r) => r.json())
                .then((s) => s.peersConnected === 3)
                .catch(() => false);
        }));
        if (ok.every(Boolean))
            return;
        assert.ok(k < 600, output());
        await sleep(100);
    }
}
//# sourceMappingURL=cli.test.js.map