// Corrupted, missing and foreign data directories (the replica refuses to start, never serves wrong
// data), and malformed / oversized frames from a fake peer (the peer is dropped, the replica survives).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { encode } from 'cborg';
import { Cluster, KvLoad, checkConsistency, sleep } from './harness.js';
import { encodeFrame } from '../../src/net/frame.js';
import { handshakeMessage } from '../../src/net/transport.js';
import { bls } from '../../src/crypto/bls.js';
import { fromHex } from '../../src/crypto/hash.js';
function connect(port) {
    return new Promise((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => resolve(s));
        s.on('error', reject);
    });
}
function closed(s, ms = 5000) {
    return new Promise((resolve) => {
        s.resume();
        const t = setTimeout(() => resolve(false), ms);
        s.once('close', () => {
            clearTimeout(t);
            resolve(true);
        });
    });
}
/** Authenticates as replica `as` (with its real key) to replica 0's peer port; resolves after "ok". */
async function authenticatedLink(c, as) {
    const genesis = JSON.parse(fs.readFileSync(path.join(c.dir, 'genesis.json'), 'utf8'));
    const sk = fromHex(fs.readFileSync(path.join(c.dir, `replica-${as}`, 'secret.key'), 'utf8').trim());
    const s = await connect(c.basePort);
    const { decode } = await import('cborg');
    let buf = Buffer.alloc(0);
    let stage = 0;
    await new Promise((resolve, reject) => {
        s.on('data', (d) => {
            buf = Buffer.concat([buf, d]);
            while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
                const f = buf.subarray(4, 4 + buf.readUInt32BE(0));
                buf = buf.subarray(4 + f.length);
                const m = decode(f);
                if (stage === 0 && m[1] === 'challenge') {
                    const sig = bls.sign(sk, handshakeMessage(genesis.chainId, as, 0, m[4]));
                    s.write(encodeFrame(encode([1, 'auth', as, sig])));
                    stage = 1;
                }
                else if (stage === 1 && m[1] === 'ok') {
                    stage = 2;
                    resolve();
                }
                else
                    reject(new Error('unexpected handshake frame'));
            }
        });
    });
    return s;
}
test('malformed and oversized frames; corrupted, missing and foreign data directories', { timeout: 150_000 }, async () => {
    const c = await Cluster.create({ app: 'kv', basePort: 22800 });
    const load = new KvLoad(c, 100, 50, 'f');
    try {
        load.start();
        await sleep(1500);
        // 1. unauthenticated fake peer: oversized length prefix, then garbage handshake
        let s = await connect(c.basePort);
        const big = Buffer.alloc(4);
        big.writeUInt32BE(64 * 1024 * 1024);
        s.write(big);
        assert.ok(await closed(s), 'oversized frame must drop the link');
        s = await connect(c.basePort);
        s.write(encodeFrame(Buffer.from('this is not CBOR at all \xff\xff')));
        assert.ok(await closed(s), 'garbage handshake must drop the link');
        s = await connect(c.basePort);
        s.write(encodeFrame(encode([1, 'auth', 2, new Uint8Array(96)])));
        assert.ok(await closed(s), 'bad handshake signature must drop the link');
        // 2. an authenticated peer (replica 3's key) sending garbage and oversized frames after the handshake
        s = await authenticatedLink(c, 3);
        s.write(encodeFrame(Buffer.from([0x85, 0x01, 0x02])));
        assert.ok(await closed(s), 'malformed consensus message must drop the link');
        s = await authenticatedLink(c, 3);
        s.write(encodeFrame(encode([1, 'vote', 'nonsense'])));
        assert.ok(await closed(s), 'ill-typed consensus message must drop the link');
        s = await authenticatedLink(c, 3);
        const huge = Buffer.alloc(4);
        huge.writeUInt32BE(0xfffffff0);
        s.write(huge);
        assert.ok(await closed(s), 'oversized frame after authentication must drop the link');
        await sleep(1500);
        assert.ok(await c.status(0), 'replica 0 survived');
        const log0 = c.logs(0);
        assert.match(log0, /dropping peer .*bad frame: frame length/);
        assert.match(log0, /dropping peer 3: malformed message/);
        // 3. missing data directory of a replica that has run before
        await c.kill(1, 'SIGTERM');
        const data1 = path.join(c.dir, 'replica-1', 'data');
        fs.renameSync(data1, data1 + '.bak');
        let r = await c.runOnce(1);
        assert.equal(r.code, 3, r.output);
        assert.match(r.output, /refus/i);
        assert.match(r.output, /missing or empty/);
        // 4. a foreign data directory (replica 2's) in replica 1's place
        fs.cpSync(path.join(c.dir, 'replica-2', 'data'), data1, { recursive: true });
        fs.rmSync(path.join(data1, 'LOCK'), { force: true });
        r = await c.runOnce(1);
        assert.equal(r.code, 3, r.output);
        assert.match(r.output, /belongs to chain .* replica 2/);
        fs.rmSync(data1, { recursive: true, force: true });
        // 5. a corrupted data directory (every RocksDB file overwritten)
        fs.cpSync(data1 + '.bak', data1, { recursive: true });
        for (const f of fs.readdirSync(data1)) {
            if (/^(MANIFEST|CURRENT|OPTIONS)|\.sst$|\.log$/.test(f))
                fs.writeFileSync(path.join(data1, f), Buffer.alloc(4096, 0x5a));
        }
        r = await c.runOnce(1);
        assert.equal(r.code, 3, r.output);
        assert.match(r.output, /refusing to start/);
        // restore the good directory: the replica starts and catches up
        fs.rmSync(data1, { recursive: true, force: true });
        fs.renameSync(data1 + '.bak', data1);
        c.start(1);
        await c.waitReady([1], 60_000);
        await sleep(2000);
        await load.stop();
        await checkConsistency(c, load.acked, 40_000);
    }
    finally {
        await load.stop();
        await c.cleanup();
    }
});
//# sourceMappingURL=faults.test.js.map