import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Transport } from '../../src/net/transport.js';
import { FrameDecoder, encodeFrame } from '../../src/net/frame.js';
import { keygen, bls } from '../../src/crypto/bls.js';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
test('frame decoder splits, joins and rejects bad lengths', () => {
    const d = new FrameDecoder(10);
    const a = encodeFrame(Buffer.from('hello'));
    const b = encodeFrame(Buffer.from('xy'));
    const all = Buffer.concat([a, b]);
    const out = [];
    for (let i = 0; i < all.length; i++)
        for (const f of d.push(all.subarray(i, i + 1)))
            out.push(f.toString());
    assert.deepEqual(out, ['hello', 'xy']);
    const big = Buffer.alloc(4);
    big.writeUInt32BE(11);
    assert.throws(() => new FrameDecoder(10).push(big));
    assert.throws(() => new FrameDecoder(10).push(Buffer.alloc(4)));
});
test('two replicas authenticate and exchange; fake peers are dropped', async () => {
    const sks = [0, 1].map((i) => keygen(new Uint8Array(32).fill(i + 9)));
    const peers = sks.map((sk, i) => ({
        index: i,
        host: '127.0.0.1',
        port: 39400 + i,
        publicKey: bls.publicKey(sk),
    }));
    const logs = [];
    const ts = sks.map((sk, i) => new Transport({
        chainId: 't',
        index: i,
        secretKey: sk,
        listenHost: '127.0.0.1',
        listenPort: 39400 + i,
        peers,
        backoffMsMin: 20,
        log: (m) => logs.push(m),
    }));
    const got = [];
    ts[1].onMessage = (from, p) => got.push([from, p.toString()]);
    await Promise.all(ts.map((t) => t.start()));
    for (let i = 0; i < 100 && ts[0].peersConnected() < 1; i++)
        await sleep(20);
    assert.equal(ts[0].peersConnected(), 1);
    ts[0].send(1, Buffer.from('ping'));
    for (let i = 0; i < 100 && got.length < 1; i++)
        await sleep(10);
    assert.deepEqual(got, [[0, 'ping']]);
    // oversized frame from an unauthenticated fake peer
    const fake = net.connect(39401, '127.0.0.1');
    fake.resume();
    await new Promise((r) => fake.once('connect', r));
    const hdr = Buffer.alloc(4);
    hdr.writeUInt32BE(100 * 1024 * 1024);
    fake.write(hdr);
    await new Promise((r) => fake.once('close', r));
    // malformed handshake
    const fake2 = net.connect(39401, '127.0.0.1');
    fake2.resume();
    await new Promise((r) => fake2.once('connect', r));
    fake2.write(encodeFrame(Buffer.from([0xff, 0x00, 0x13])));
    await new Promise((r) => fake2.once('close', r));
    // the real link still works
    ts[0].send(1, Buffer.from('again'));
    for (let i = 0; i < 100 && got.length < 2; i++)
        await sleep(10);
    assert.deepEqual(got[1], [0, 'again']);
    assert.ok(logs.some((l) => l.includes('bad frame')), logs.join('\n'));
    assert.ok(logs.some((l) => l.includes('undecodable') || l.includes('malformed')), logs.join('\n'));
    console.log('closing');
    await Promise.all(ts.map((t) => t.close()));
    console.log('closed');
});
//# sourceMappingURL=transport.test.js.map