import { KvApp } from '../app/kv.js';
import { makeBlock } from '../codec/block.js';
import { commitSigningMessage, proposalSigningMessage, voteSigningMessage, } from '../codec/signing.js';
import { quorumSize } from '../consensus/config.js';
import { toHex } from '../crypto/hash.js';
export const ADVERSARIES = [
    'equivocate',
    'stale-qc',
    'wrong-height',
    'bad-sig',
    'far-future',
    'commit-spam',
    'vote-flood',
    'selective',
    'withhold-qc',
];
/** `a,b,…` or `all` → names; a string is an error message. */
export function parseAdversaries(spec) {
    if (spec === 'all')
        return [...ADVERSARIES];
    const names = spec.split(',').filter((s) => s !== '');
    for (const name of names)
        if (!ADVERSARIES.includes(name))
            return `--adversary: unknown "${name}" (one of ${ADVERSARIES.join(',')} or all)`;
    return names.length > 0 ? names : '--adversary: empty list';
}
/** Blocks and QCs remembered for building on (bounded: the adversary is not under test). */
const SEEN_MAX = 64;
const COMMIT_SPAM_PER_SIG = 4;
/** Spam reaches beyond the pools' windows (64 heights, 8 views by default). */
const COMMIT_SPAM_HEIGHTS = 200;
const VOTE_FLOOD_PER_PROPOSAL = 4;
const VOTE_FLOOD_VIEWS = 40;
/** Far-future blocks live until the block they extend is pruned (two views): they come in bursts. */
const FAR_FUTURE_PER_PROPOSAL = 12;
export class Adversary {
    key;
    n;
    chainId;
    rng;
    on;
    blocks = new Map();
    qcs = [];
    /** Timeouts of the latest views (withhold-qc): view → signer → message. */
    timeouts = new Map();
    /** Signatures made by the adversary itself (for metrics in the sim result). */
    injected = 0;
    constructor(names, key, n, chainId, rng) {
        this.key = key;
        this.n = n;
        this.chainId = chainId;
        this.rng = rng;
        this.on = new Set(names);
    }
    get quorum() {
        return quorumSize(this.n);
    }
    get index() {
        return this.key.selfIndex;
    }
    incoming(msg) {
        if (msg.kind === 'timeout' && this.on.has('withhold-qc'))
            return this.pool(msg);
        if (msg.kind !== 'proposal')
            return [];
        this.learn(msg.block);
        const b = msg.block;
        const out = [];
        if (this.on.has('wrong-height')) {
            const h = b.header;
            out.push(this.vote(h.view, h.height + 1, b.hash));
        }
        if (this.on.has('far-future')) {
            for (let i = 0; i < FAR_FUTURE_PER_PROPOSAL; i++) {
                // Views it leads in round robin: most pass the proposer check of the next few views.
                const ahead = b.header.view + this.n * this.rng.int(1, 500);
                const view = ahead - (ahead % this.n) + this.index;
                const far = this.emptyBlock(b.justify, view);
                if (far !== null)
                    out.push(this.proposal(far, null));
            }
        }
        if (this.on.has('vote-flood')) {
            for (let i = 0; i < VOTE_FLOOD_PER_PROPOSAL; i++) {
                const ahead = this.rng.int(0, VOTE_FLOOD_VIEWS);
                out.push(this.vote(b.header.view + ahead, b.header.height + ahead, this.rng.bytes(32)));
            }
        }
        return out;
    }
    outgoing(to, msg) {
        const out = [];
        if (this.on.has('bad-sig') && this.rng.chance(0.3)) {
            const forged = withRandomSig(msg, this.rng);
            if (forged !== null)
                out.push({ to, msg: forged });
        }
        const withhold = this.on.has('withhold-qc');
        if (withhold && msg.kind === 'timeout' && msg.sender === this.index) {
            out.push(...this.pool(msg)); // kept to itself
        }
        else if (msg.kind === 'proposal' && msg.block.header.proposer === this.index) {
            this.learn(msg.block);
            if (!withhold || this.rng.chance(0.5))
                out.push(...this.ownProposal(to, msg));
        }
        else {
            out.push({ to, msg });
        }
        if (msg.kind === 'commitSig' && this.on.has('commit-spam')) {
            for (let i = 0; i < COMMIT_SPAM_PER_SIG; i++) {
                const height = msg.height + this.rng.int(0, COMMIT_SPAM_HEIGHTS);
                const blockHash = this.rng.bytes(32);
                const sig = this.sign(commitSigningMessage(blockHash));
                out.push({
                    to: 'all',
                    msg: { kind: 'commitSig', height, blockHash, signer: this.index, sig },
                });
            }
        }
        return this.on.has('selective') ? out.flatMap((o) => this.selective(o)) : out;
    }
    ownProposal(to, p) {
        if (this.on.has('stale-qc') && this.rng.chance(0.5)) {
            const older = this.qcs.filter((qc) => qc.view < p.block.justify.view);
            const base = older.length > 0 ? this.rng.pick(older) : undefined;
            const stale = base && this.emptyBlock(base, p.block.header.view);
            if (stale)
                return [this.proposal(stale, p.tc)];
        }
        if (this.on.has('equivocate') && to === 'all' && this.rng.chance(0.7)) {
            const b = p.block;
            const twin = makeBlock({
                chainId: this.chainId,
                view: b.header.view,
                parent: b.justify,
                txs: b.txs,
                stateRoot: b.header.stateRoot,
                timestampMs: b.header.timestampMs + 1,
                proposer: this.index,
            });
            const other = this.proposal(twin, p.tc).msg;
            const out = [];
            for (let peer = 0; peer < this.n; peer++) {
                if (peer === this.index)
                    continue;
                out.push({ to: peer, msg: this.rng.chance(0.5) ? p : other });
            }
            const h = twin.header;
            out.push(this.vote(h.view, h.height, twin.hash));
            return out;
        }
        return [{ to, msg: p }];
    }
    /** An empty block on `qc` for `view`: its state root is computable from the parent's alone. */
    emptyBlock(qc, view) {
        const parent = this.blocks.get(toHex(qc.blockHash));
        if (parent === undefined || parent.header.height !== qc.height)
            return null;
        const parentState = {
            parent: null,
            writes: new Map(),
            height: qc.height,
            committed: true,
        };
        const done = new KvApp()
            .beginBlock(parentState, parent.header.stateRoot, {
            chainId: this.chainId,
            height: qc.height + 1,
            timestampMs: parent.header.timestampMs,
        })
            .finish();
        return makeBlock({
            chainId: this.chainId,
            view,
            parent: qc,
            txs: [],
            stateRoot: done.stateRoot,
            timestampMs: parent.header.timestampMs,
            proposer: this.index,
        });
    }
    /** Pools a timeout; at a quorum of signers, a TC handed to all without the QCs behind it. */
    pool(t) {
        let byView = this.timeouts.get(t.view);
        if (byView === undefined) {
            if (this.timeouts.size >= SEEN_MAX)
                this.timeouts.delete(Math.min(...this.timeouts.keys()));
            this.timeouts.set(t.view, (byView = new Map()));
        }
        if (byView.has(t.sender) || byView.size >= this.quorum)
            return [];
        byView.set(t.sender, t);
        if (byView.size < this.quorum || !byView.has(this.index))
            return [];
        const signers = [...byView.keys()].sort((a, b) => a - b);
        const msgs = signers.map((s) => byView.get(s));
        const highTc = {
            view: t.view,
            signers,
            highQcViews: msgs.map((m) => m.highQc.view),
            sig: this.key.aggregate(msgs.map((m) => m.sig)),
        };
        return [
            { to: 'all', msg: { kind: 'syncResponse', blocks: [], certs: [], highQc: null, highTc } },
        ];
    }
    learn(b) {
        const hex = toHex(b.hash);
        if (this.blocks.has(hex))
            return;
        if (this.blocks.size >= SEEN_MAX)
            this.blocks.delete(this.blocks.keys().next().value);
        this.blocks.set(hex, b);
        if (b.justify.view > 0) {
            if (this.qcs.length >= SEEN_MAX)
                this.qcs.shift();
            this.qcs.push(b.justify);
        }
    }
    selective(o) {
        if (o.to !== 'all')
            return this.rng.chance(0.7) ? [o] : [];
        const out = [];
        for (let peer = 0; peer < this.n; peer++)
            if (peer !== this.index && this.rng.chance(0.5))
                out.push({ to: peer, msg: o.msg });
        return out;
    }
    sign(message) {
        this.injected++;
        return this.key.sign(message);
    }
    vote(view, height, blockHash) {
        const sig = this.sign(voteSigningMessage(height, view, blockHash));
        return { to: 'all', msg: { kind: 'vote', view, height, blockHash, voter: this.index, sig } };
    }
    proposal(block, tc) {
        const sig = this.sign(proposalSigningMessage(block.hash));
        return { to: 'all', msg: { kind: 'proposal', block, tc, sig } };
    }
}
/** The same message with random signature bytes of the same length (null: nothing signed). */
function withRandomSig(msg, rng) {
    switch (msg.kind) {
        case 'vote':
        case 'timeout':
        case 'commitSig':
        case 'proposal':
            return { ...msg, sig: rng.bytes(msg.sig.length) };
        default:
            return null;
    }
}
//# sourceMappingURL=adversary.js.map