// TCP transport between replicas.
//
// Each replica dials every peer and sends only on its own outbound connections; it receives only on
// inbound connections that authenticated. Handshake (all frames CBOR arrays):
//   acceptor → dialer  [1, "challenge", chainId, acceptorIndex, nonce(32)]
//   dialer → acceptor  [1, "auth", dialerIndex, blsSig(HANDSHAKE_TAG ‖ 0x00 ‖ CBOR([chainId, dialerIndex,
//                       acceptorIndex, nonce]))]
//   acceptor → dialer  [1, "ok"]
// After "ok" the dialer sends opaque payload frames; the acceptor hands them up as coming from
// dialerIndex. Consensus messages carry their own BLS signatures; the handshake authenticates the link.
//
// Invariants:
// - a malformed, oversized or unexpected frame drops that connection (logged), never the process;
// - before authentication a peer may send at most one small frame (`handshakeFrameBytesMax`);
// - the bytes waiting in a socket's write buffer never exceed `sendQueueBytesMax`, and a peer whose link is
//   down holds at most `pendingFramesMax` / `pendingBytesMax` (excess frames are dropped and counted:
//   consensus recovers lost messages through timeouts and catch-up);
// - reconnect delays grow exponentially and are capped at `backoffMsMax`.
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { encode, decode } from 'cborg';
import { bls } from '../crypto/bls.js';
import { encodeFrame, FrameDecoder, FRAME_BYTES_MAX_DEFAULT } from './frame.js';
export const HANDSHAKE_TAG = 'civic-budget/handshake/v1';
export function handshakeMessage(chainId, dialer, acceptor, nonce) {
    const tag = new TextEncoder().encode(HANDSHAKE_TAG);
    const body = encode([chainId, dialer, acceptor, nonce]);
    const out = new Uint8Array(tag.length + 1 + body.length);
    out.set(tag, 0);
    out[tag.length] = 0;
    out.set(body, tag.length + 1);
    return out;
}
export class Transport {
    opts;
    onMessage = () => { };
    onPeerReady = () => { };
    stats = {
        framesIn: 0,
        framesOut: 0,
        framesDropped: 0,
        peersDropped: 0,
        bytesIn: 0,
        bytesOut: 0,
    };
    /** Test-only fault switch: when set, every payload in and out is dropped (connections stay up). */
    partitioned = false;
    server = null;
    outbound = new Map();
    inbound = new Map();
    pending = new Set();
    closed = false;
    frameBytesMax;
    handshakeFrameBytesMax;
    handshakeTimeoutMs;
    sendQueueBytesMax;
    backoffMsMin;
    backoffMsMax;
    pendingFramesMax;
    pendingBytesMax;
    log;
    peersByIndex = new Map();
    constructor(opts) {
        this.opts = opts;
        this.frameBytesMax = opts.frameBytesMax ?? FRAME_BYTES_MAX_DEFAULT;
        this.handshakeFrameBytesMax = opts.handshakeFrameBytesMax ?? 1024;
        this.handshakeTimeoutMs = opts.handshakeTimeoutMs ?? 5000;
        this.sendQueueBytesMax = opts.sendQueueBytesMax ?? 64 * 1024 * 1024;
        this.backoffMsMin = opts.backoffMsMin ?? 100;
        this.backoffMsMax = opts.backoffMsMax ?? 3000;
        this.pendingFramesMax = opts.pendingFramesMax ?? 256;
        this.pendingBytesMax = opts.pendingBytesMax ?? 16 * 1024 * 1024;
        this.log = opts.log ?? (() => { });
        for (const p of opts.peers) {
            if (p.index !== opts.index)
                this.peersByIndex.set(p.index, p);
        }
    }
    async start() {
        this.server = net.createServer((s) => this.onAccept(s));
        this.server.on('error', (e) => this.log(`net: server error ${e.message}`));
        await new Promise((resolve, reject) => {
            this.server.once('error', reject);
            this.server.listen(this.opts.listenPort, this.opts.listenHost, () => {
                this.server.off('error', reject);
                resolve();
            });
        });
        for (const p of this.peersByIndex.values()) {
            const o = {
                peer: p,
                socket: null,
                ready: false,
                pending: [],
                pendingBytes: 0,
                backoffMs: this.backoffMsMin,
                timer: null,
            };
            this.outbound.set(p.index, o);
            this.dial(o);
        }
    }
    peersConnected() {
        let n = 0;
        for (const o of this.outbound.values())
            if (o.ready)
                n++;
        return n;
    }
    send(to, payload) {
        const o = this.outbound.get(to);
        if (!o || this.partitioned) {
            this.stats.framesDropped++;
            return false;
        }
        if (payload.length > this.frameBytesMax) {
            this.log(`net: refusing to send ${payload.length}-byte frame to ${to} (max ${this.frameBytesMax})`);
            this.stats.framesDropped++;
            return false;
        }
        if (!o.ready || !o.socket) {
            // Hold a bounded number of frames until the link is up (start-up, reconnect after a restart).
            const f = encodeFrame(payload, this.frameBytesMax);
            o.pending.push(f);
            o.pendingBytes += f.length;
            while (o.pending.length > this.pendingFramesMax || o.pendingBytes > this.pendingBytesMax) {
                o.pendingBytes -= o.pending.shift().length;
                this.stats.framesDropped++;
            }
            return true;
        }
        if (o.socket.writableLength > this.sendQueueBytesMax) {
            this.stats.framesDropped++;
            return false;
        }
        const f = encodeFrame(payload, this.frameBytesMax);
        o.socket.write(f);
        this.stats.framesOut++;
        this.stats.bytesOut += f.length;
        return true;
    }
    broadcast(payload) {
        for (const i of this.outbound.keys())
            this.send(i, payload);
    }
    async close() {
        this.closed = true;
        for (const o of this.outbound.values()) {
            if (o.timer)
                clearTimeout(o.timer);
            o.socket?.destroy();
        }
        for (const s of this.inbound.values())
            s.destroy();
        for (const s of this.pending)
            s.destroy();
        if (this.server)
            await new Promise((r) => this.server.close(() => r()));
    }
    // ---------------------------------------------------------------------------------------------
    // Dialer side
    dial(o) {
        if (this.closed)
            return;
        o.ready = false;
        const s = net.connect({ host: o.peer.host, port: o.peer.port });
        s.setNoDelay(true);
        s.setKeepAlive(true, 5000);
        o.socket = s;
        const dec = new FrameDecoder(this.handshakeFrameBytesMax);
        let stage = 'challenge';
        const fail = (why) => {
            if (why)
                this.log(`net: outbound to ${o.peer.index}: ${why}`);
            s.destroy();
        };
        s.on('data', (chunk) => {
            let frames;
            try {
                frames = dec.push(chunk);
            }
            catch (e) {
                return fail(`bad frame: ${e.message}`);
            }
            for (const f of frames) {
                if (stage === 'ready')
                    continue; // the acceptor has nothing more to say on this link
                let m;
                try {
                    m = decode(f);
                }
                catch {
                    return fail('undecodable handshake frame');
                }
                if (!Array.isArray(m) || m[0] !== 1)
                    return fail('bad handshake frame');
                if (stage === 'challenge') {
                    if (m[1] !== 'challenge' ||
                        m[2] !== this.opts.chainId ||
                        m[3] !== o.peer.index ||
                        !(m[4] instanceof Uint8Array) ||
                        m[4].length !== 32) {
                        return fail('bad challenge (wrong chain or replica index?)');
                    }
                    const sig = bls.sign(this.opts.secretKey, handshakeMessage(this.opts.chainId, this.opts.index, o.peer.index, m[4]));
                    s.write(encodeFrame(encode([1, 'auth', this.opts.index, sig])));
                    stage = 'ok';
                }
                else if (stage === 'ok') {
                    if (m[1] !== 'ok')
                        return fail('handshake refused');
                    stage = 'ready';
                    o.ready = true;
                    o.backoffMs = this.backoffMsMin;
                    for (const pf of o.pending) {
                        s.write(pf);
                        this.stats.framesOut++;
                        this.stats.bytesOut += pf.length;
                    }
                    o.pending = [];
                    o.pendingBytes = 0;
                    this.onPeerReady(o.peer.index);
                }
            }
        });
        s.on('error', () => { });
        s.on('close', () => {
            o.ready = false;
            o.socket = null;
            if (this.closed)
                return;
            const delay = o.backoffMs;
            o.backoffMs = Math.min(o.backoffMs * 2, this.backoffMsMax);
            o.timer = setTimeout(() => {
                o.timer = null;
                this.dial(o);
            }, delay);
        });
    }
    // ---------------------------------------------------------------------------------------------
    // Acceptor side
    onAccept(s) {
        if (this.closed) {
            s.destroy();
            return;
        }
        s.setNoDelay(true);
        s.setKeepAlive(true, 5000);
        this.pending.add(s);
        const remote = `${s.remoteAddress}:${s.remotePort}`;
        const nonce = randomBytes(32);
        let peerIndex = -1;
        const dec = new FrameDecoder(this.handshakeFrameBytesMax);
        const timer = setTimeout(() => drop('handshake timeout'), this.handshakeTimeoutMs);
        const drop = (why) => {
            this.log(`net: dropping peer ${peerIndex >= 0 ? peerIndex : '?'} (${remote}): ${why}`);
            this.stats.peersDropped++;
            clearTimeout(timer);
            s.destroy();
        };
        s.on('error', () => { });
        s.on('close', () => {
            clearTimeout(timer);
            this.pending.delete(s);
            if (peerIndex >= 0 && this.inbound.get(peerIndex) === s)
                this.inbound.delete(peerIndex);
        });
        s.write(encodeFrame(encode([1, 'challenge', this.opts.chainId, this.opts.index, nonce])));
        s.on('data', (chunk) => {
            let frames;
            try {
                frames = dec.push(chunk);
            }
            catch (e) {
                return drop(`bad frame: ${e.message}`);
            }
            for (const f of frames) {
                if (s.destroyed)
                    return;
                if (peerIndex < 0) {
                    let m;
                    try {
                        m = decode(f);
                    }
                    catch {
                        return drop('undecodable handshake frame');
                    }
                    if (!Array.isArray(m) ||
                        m[0] !== 1 ||
                        m[1] !== 'auth' ||
                        typeof m[2] !== 'number' ||
                        !(m[3] instanceof Uint8Array)) {
                        return drop('malformed auth frame');
                    }
                    const idx = m[2];
                    const peer = this.peersByIndex.get(idx);
                    if (!peer)
                        return drop(`unknown replica index ${idx}`);
                    if (!bls.verify(peer.publicKey, handshakeMessage(this.opts.chainId, idx, this.opts.index, nonce), m[3])) {
                        return drop(`handshake signature of replica ${idx} does not verify`);
                    }
                    peerIndex = idx;
                    clearTimeout(timer);
                    this.pending.delete(s);
                    const old = this.inbound.get(idx);
                    if (old && old !== s)
                        old.destroy();
                    this.inbound.set(idx, s);
                    dec.frameBytesMax = this.frameBytesMax;
                    s.write(encodeFrame(encode([1, 'ok'])));
                    continue;
                }
                this.stats.framesIn++;
                this.stats.bytesIn += f.length + 4;
                if (this.partitioned)
                    continue;
                try {
                    this.onMessage(peerIndex, f);
                }
                catch (e) {
                    return drop(`message handler failed: ${e.message}`);
                }
            }
        });
    }
    /** Drops the authenticated inbound link of a peer (e.g. after it sent an invalid message). */
    dropPeer(index, why) {
        const s = this.inbound.get(index);
        if (!s)
            return;
        this.log(`net: dropping peer ${index}: ${why}`);
        this.stats.peersDropped++;
        s.destroy();
    }
}
//# sourceMappingURL=transport.js.map