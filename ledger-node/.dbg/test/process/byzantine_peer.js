// A test-only Byzantine replica: holds replica `index`'s real key, speaks the real transport
// (handshake, frames) and codec, follows the honest replicas' proposals and commit signatures, and
// answers each with validly signed attacks (issue #12, attacks 1–5):
//   1. votes naming a proposed block with a wrong height;
//   2. commit signatures that are not curve points (96 random bytes);
//   3. proposals for views far ahead (signed, extending the newest QC seen);
//   4. commit signatures on random hashes for each of the next 64 heights;
//   5. floods of junk votes (random blocks) for views ahead of the current one.
// It never votes or proposes honestly, so the three others must carry the chain alone.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeBlock } from '../../src/codec/block.js';
import { decodeMsg, encodeMsg } from '../../src/codec/messages.js';
import { commitSigningMessage, proposalSigningMessage, voteSigningMessage, } from '../../src/codec/signing.js';
import { bls } from '../../src/crypto/bls.js';
import { fromHex } from '../../src/crypto/hash.js';
import { Transport } from '../../src/net/transport.js';
export const ATTACKS = [
    'wrongHeight',
    'badPoint',
    'farFuture',
    'commitSpam',
    'voteFlood',
];
const COMMIT_SPAM_HEIGHTS = 64;
const FAR_FUTURE_VIEWS = 10;
const FLOOD_VOTES = 100;
const VOTE_VIEWS_AHEAD = 8;
export class ByzantinePeer {
    index;
    sent = new Map(ATTACKS.map((a) => [a, 0]));
    transport;
    sk;
    chainId;
    highQc = null;
    topView = 0;
    spammedUpTo = 0;
    constructor(dir, index) {
        this.index = index;
        const genesis = JSON.parse(fs.readFileSync(path.join(dir, 'genesis.json'), 'utf8'));
        this.chainId = genesis.chainId;
        const replicaDir = path.join(dir, `replica-${index}`);
        this.sk = fromHex(fs.readFileSync(path.join(replicaDir, 'secret.key'), 'utf8').trim());
        const config = JSON.parse(fs.readFileSync(path.join(replicaDir, 'config.json'), 'utf8'));
        this.transport = new Transport({
            chainId: genesis.chainId,
            index,
            secretKey: this.sk,
            listenHost: config.listen.host,
            listenPort: config.listen.port,
            peers: genesis.replicas.map((r) => {
                const i = r.address.lastIndexOf(':');
                return {
                    index: r.index,
                    host: r.address.slice(0, i),
                    port: Number(r.address.slice(i + 1)),
                    publicKey: fromHex(r.publicKey),
                };
            }),
            frameBytesMax: 16 << 20,
        });
        this.transport.onMessage = (_from, payload) => this.onFrame(payload);
    }
    async start() {
        await this.transport.start();
    }
    async stop() {
        await this.transport.close();
    }
    send(attack, msg) {
        this.transport.broadcast(encodeMsg(msg));
        this.sent.set(attack, this.sent.get(attack) + 1);
    }
    sign(msg) {
        return bls.sign(this.sk, msg);
    }
    onFrame(payload) {
        let msg;
        try {
            msg = decodeMsg(payload);
        }
        catch {
            return;
        }
        if (msg.kind === 'proposal') {
            const h = msg.block.header;
            const qc = msg.block.justify;
            if (this.highQc === null || qc.view > this.highQc.view)
                this.highQc = qc;
            if (h.view > this.topView) {
                this.topView = h.view;
                this.attackView(h.view, h.height, msg.block.hash);
            }
        }
        else if (msg.kind === 'commitSig') {
            this.attackHeight(msg.height, msg.blockHash);
        }
    }
    /** Attacks 1, 3 and 5 around a freshly proposed block. */
    attackView(view, height, blockHash) {
        const wrong = height + 7;
        this.send('wrongHeight', {
            kind: 'vote',
            view,
            height: wrong,
            blockHash,
            voter: this.index,
            sig: this.sign(voteSigningMessage(wrong, view, blockHash)),
        });
        for (let k = 0; k < FLOOD_VOTES; k++) {
            const v = view + 1 + (k % VOTE_VIEWS_AHEAD);
            const junk = randomBytes(32);
            // One validly signed junk vote per view ahead fills the attacker's slot; the rest are
            // second votes for the same slots (cheap to send, and must be cheap to drop).
            const sig = k < VOTE_VIEWS_AHEAD ? this.sign(voteSigningMessage(height + 1, v, junk)) : randomBytes(96);
            this.send('voteFlood', {
                kind: 'vote',
                view: v,
                height: height + 1,
                blockHash: junk,
                voter: this.index,
                sig,
            });
        }
        const qc = this.highQc;
        if (qc === null)
            return;
        for (let k = 1; k <= FAR_FUTURE_VIEWS; k++) {
            const block = makeBlock({
                chainId: this.chainId,
                view: qc.view + 100 + k,
                parent: qc,
                txs: [],
                stateRoot: new Uint8Array(32),
                timestampMs: Date.now(),
                proposer: this.index,
            });
            const sig = this.sign(proposalSigningMessage(block.hash));
            this.send('farFuture', { kind: 'proposal', block, tc: null, sig });
        }
    }
    /** Attacks 2 and 4 when an honest replica signs a commit. */
    attackHeight(height, blockHash) {
        this.send('badPoint', {
            kind: 'commitSig',
            height,
            blockHash,
            signer: this.index,
            sig: randomBytes(96),
        });
        for (let h = Math.max(height + 1, this.spammedUpTo + 1); h <= height + COMMIT_SPAM_HEIGHTS; h++) {
            for (let k = 0; k < 4; k++) {
                const junk = randomBytes(32);
                this.send('commitSpam', {
                    kind: 'commitSig',
                    height: h,
                    blockHash: junk,
                    signer: this.index,
                    sig: this.sign(commitSigningMessage(junk)),
                });
            }
            this.spammedUpTo = h;
        }
    }
}
//# sourceMappingURL=byzantine_peer.js.map