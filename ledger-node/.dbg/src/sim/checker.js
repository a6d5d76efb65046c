/**
 * Invariant checker of the simulator (TigerBeetle `state_checker` analogue). Fed with every action the
 * simulated replicas execute; records a Violation as soon as an invariant breaks.
 *
 *   agreement        no two honest replicas commit different blocks at one height (also across restarts)
 *   no-regression    each replica's committed chain only grows: contiguous heights, parent = previous tip,
 *                    and a restarted replica comes back with at least what it had committed
 *   vote-discipline  an honest key never signs two different blocks for one view (votes and proposals),
 *                    never votes below a view it already signed in, never votes in a view it timed out in,
 *                    and votes for a block not in its justify's next view only under a TC it respects
 *                    (justify view ≥ every high-QC view of the TC: the voter's TC lock)
 *   proposal-discipline  an honest leader entering a view through a TC extends a QC at least as high as
 *                    every high-QC view in it (the leader's TC guard)
 *   commit-rule      the first block an honest replica commits at a height has a child proposed in the
 *                    very next view (a necessary condition of the two-chain rule; every proposal sent is
 *                    recorded; later commits may rest on a commit certificate)
 *   validity         every committed tx was submitted by a client, is valid for the app, and is committed
 *                    at most once in the chain
 *   durability       every tx acknowledged by a commit certificate is in every honest replica's storage
 *                    after all of them lost power and restarted
 *   liveness         checked by the simulator (final txs committed by all honest replicas after heal)
 */
import { decodeKvTx } from '../app/kv.js';
import { blockHashOf, checkBlockConsistency } from '../codec/block.js';
import { txHash } from '../codec/tx.js';
import { bytesEqual, toHex } from '../crypto/hash.js';
import { parseSigned } from './recording_crypto.js';
const TRACE = process.env['SIM_TRACE'] === '1';
export class Checker {
    violations = [];
    faultsWithinBound;
    honest;
    committedAt = new Map();
    instTip = new Map();
    votes = new Map();
    proposals = new Map();
    maxSignedView = new Map();
    timedOut = new Map();
    submitted = new Set();
    txHeight = new Map();
    blockTxs = new Map();
    acked = new Map();
    /** Every proposal sent by anyone: block hash → the max high-QC view of each TC it came with (-1: none). */
    proposed = new Map();
    /** Block hash → views of the children proposed on it. */
    childViews = new Map();
    maxHeight = 0;
    healAtMs = -1;
    liveAtMs = -1;
    constructor(honestIndices, faultsWithinBound) {
        this.honest = new Set(honestIndices);
        this.faultsWithinBound = faultsWithinBound;
    }
    violate(invariant, detail, timeMs) {
        if (this.violations.length < 20)
            this.violations.push({ invariant, detail, timeMs });
    }
    onSubmitted(tx) {
        this.submitted.add(txHash(tx));
    }
    onHeal(nowMs) {
        this.healAtMs = nowMs;
    }
    onLive(nowMs) {
        this.liveAtMs = nowMs;
    }
    /**
     * A signature an honest key made, recorded when it is made (sim/recording_crypto.ts) — before any
     * persist or send, so a vote the leader delivers to itself or one lost in a crash counts too.
     */
    onSigned(index, message, nowMs) {
        const signed = parseSigned(message);
        if (signed === null)
            return;
        if (signed.kind === 'timeout') {
            let s = this.timedOut.get(index);
            if (s === undefined)
                this.timedOut.set(index, (s = new Set()));
            s.add(signed.view);
            return;
        }
        const isNew = this.votes.get(index)?.get(signed.view) === undefined;
        this.signed(index, signed.view, signed.hash, this.votes, 'vote', nowMs);
        const block = this.proposed.get(signed.hash);
        if (block !== undefined &&
            block.justifyView + 1 !== signed.view &&
            !block.tcMax.some((m) => m >= 0 && block.justifyView >= m)) {
            this.violate('vote-discipline', `key ${index} voted in view ${signed.view} for a block on QC ${block.justifyView} against its TC lock`, nowMs);
        }
        if (isNew && this.timedOut.get(index)?.has(signed.view)) {
            this.violate('vote-discipline', `key ${index} voted in view ${signed.view} after timing out in it`, nowMs);
        }
    }
    /** Any proposal sent by any instance, honest or not (what voters and the commit rule act on). */
    onProposalSent(msg) {
        const b = msg.block;
        // A mutated copy (sim/byzantine.ts) keeps the original hash: only consistent blocks count.
        if (!bytesEqual(b.hash, blockHashOf(b.header)))
            return;
        if (checkBlockConsistency(b.header, b.txs, b.justify) !== null)
            return;
        const hex = toHex(b.hash);
        let p = this.proposed.get(hex);
        if (p === undefined)
            this.proposed.set(hex, (p = { view: b.header.view, justifyView: b.justify.view, tcMax: [] }));
        const tcMax = msg.tc === null ? -1 : Math.max(...msg.tc.highQcViews);
        if (!p.tcMax.includes(tcMax))
            p.tcMax.push(tcMax);
        const parent = toHex(b.header.parentHash);
        let children = this.childViews.get(parent);
        if (children === undefined)
            this.childViews.set(parent, (children = new Set()));
        children.add(b.header.view);
    }
    /** A message sent by an honest instance with key `index` (proposals: their view is in the block). */
    onSend(index, msg, nowMs) {
        if (msg.kind !== 'proposal' || msg.block.header.proposer !== index)
            return;
        const view = msg.block.header.view;
        const hash = toHex(msg.block.hash);
        if (msg.tc !== null && msg.block.justify.view < Math.max(...msg.tc.highQcViews)) {
            this.violate('proposal-discipline', `key ${index} proposed in view ${view} on QC ${msg.block.justify.view} below its TC's high QCs`, nowMs);
        }
        this.signed(index, view, hash, this.proposals, 'proposal', nowMs);
        const voted = this.votes.get(index)?.get(view);
        if (voted !== undefined && voted !== hash) {
            this.violate('vote-discipline', `key ${index} proposed a block it did not vote for in view ${view}`, nowMs);
        }
    }
    signed(index, view, hash, table, what, nowMs) {
        let byView = table.get(index);
        if (byView === undefined)
            table.set(index, (byView = new Map()));
        const prev = byView.get(view);
        if (prev !== undefined) {
            if (prev !== hash)
                this.violate('vote-discipline', `key ${index} signed two ${what}s in view ${view}`, nowMs);
            return; // identical re-send
        }
        if (what === 'vote') {
            const max = this.maxSignedView.get(index) ?? 0;
            if (view < max)
                this.violate('vote-discipline', `key ${index} voted in view ${view} after view ${max}`, nowMs);
            this.maxSignedView.set(index, Math.max(max, view));
        }
        byView.set(view, hash);
    }
    onRecovered(instId, index, height, hash, nowMs) {
        if (TRACE)
            console.log(`${nowMs} recovered inst ${instId} key ${index} at ${height} ${hash.slice(0, 8)}`);
        const prev = this.instTip.get(instId);
        if (prev !== undefined && height < prev.height) {
            this.violate('no-regression', `instance ${instId} restarted at height ${height} < ${prev.height}`, nowMs);
        }
        if (this.honest.has(index)) {
            const agreed = this.committedAt.get(height);
            if (height > 0 && agreed !== undefined && agreed !== hash) {
                this.violate('agreement', `instance ${instId} recovered block ${hash.slice(0, 12)} at height ${height}, others ${agreed.slice(0, 12)}`, nowMs);
            }
        }
        this.instTip.set(instId, { height, hash });
    }
    onCommit(instId, index, blocks, nowMs) {
        const honest = this.honest.has(index);
        // Only the first honest commit at a height must follow the rule itself: later ones may rest on
        // that replica's commit certificate (catch-up).
        const top = blocks.at(-1)?.block;
        if (honest && top !== undefined && !this.committedAt.has(top.header.height)) {
            const children = this.childViews.get(toHex(top.hash));
            if (!children?.has(top.header.view + 1))
                this.violate('commit-rule', `instance ${instId} committed height ${top.header.height} (view ${top.header.view}) without a child in the next view`, nowMs);
        }
        for (const { block } of blocks) {
            const h = block.header.height;
            if (TRACE)
                console.log(`${nowMs} commit inst ${instId} key ${index} h${h} v${block.header.view} ${toHex(block.hash).slice(0, 8)} parent ${toHex(block.header.parentHash).slice(0, 8)}`);
            const hex = toHex(block.hash);
            const tip = this.instTip.get(instId);
            if (tip !== undefined) {
                if (h !== tip.height + 1 || toHex(block.header.parentHash) !== tip.hash) {
                    this.violate('no-regression', `instance ${instId} committed height ${h} on top of ${tip.height}`, nowMs);
                }
            }
            this.instTip.set(instId, { height: h, hash: hex });
            const hashes = block.txs.map(txHash);
            if (!this.blockTxs.has(hex))
                this.blockTxs.set(hex, { height: h, txs: hashes });
            if (!honest)
                continue;
            const agreed = this.committedAt.get(h);
            if (agreed === undefined) {
                this.committedAt.set(h, hex);
                this.maxHeight = Math.max(this.maxHeight, h);
                block.txs.forEach((tx, i) => {
                    const th = hashes[i];
                    if (!this.submitted.has(th))
                        this.violate('validity', `tx ${th.slice(0, 12)} at height ${h} was never submitted`, nowMs);
                    if ('error' in decodeKvTx(tx))
                        this.violate('validity', `invalid tx ${th.slice(0, 12)} committed at ${h}`, nowMs);
                    const other = this.txHeight.get(th);
                    if (other !== undefined && other !== h) {
                        this.violate('validity', `tx ${th.slice(0, 12)} committed twice (heights ${other} and ${h})`, nowMs);
                    }
                    this.txHeight.set(th, h);
                });
            }
            else if (agreed !== hex) {
                this.violate('agreement', `height ${h}: instance ${instId} committed ${hex.slice(0, 12)}, others ${agreed.slice(0, 12)}`, nowMs);
            }
        }
    }
    /** `stored`: the certified block as found in the certifying replica's storage (if the commit action was lost to a crash). */
    onCertified(cert, stored, nowMs) {
        const hex = toHex(cert.blockHash);
        if (!this.blockTxs.has(hex) && stored !== undefined && toHex(stored.hash) === hex) {
            this.blockTxs.set(hex, { height: stored.header.height, txs: stored.txs.map(txHash) });
        }
        const b = this.blockTxs.get(hex);
        if (b === undefined) {
            this.violate('validity', `commit certificate for unknown block ${hex.slice(0, 12)}`, nowMs);
            return;
        }
        for (const th of b.txs)
            this.acked.set(th, b.height);
    }
    ackedAtPowerCut = new Set();
    /** Called right before every honest replica loses power at once (durability phase). */
    onPowerCut() {
        this.ackedAtPowerCut = new Set(this.acked.keys());
    }
    checkDurability(instances, nowMs) {
        for (const { id, storage } of instances) {
            const tip = storage.getCommittedTipSync()?.height ?? 0;
            for (const [th, h] of this.acked) {
                // Acknowledged before the power cut: must be everywhere. Acknowledged since (the cluster runs
                // on after the restart): only where the committed chain already reaches that height.
                if (!this.ackedAtPowerCut.has(th) && h > tip)
                    continue;
                const loc = storage.getTxSync(th);
                if (loc === undefined || loc.height !== h) {
                    this.violate('durability', `acknowledged tx ${th.slice(0, 12)} (height ${h}) missing at instance ${id}`, nowMs);
                    return;
                }
            }
        }
    }
    maxHonestHeight() {
        return this.maxHeight;
    }
    committedTxCount() {
        return this.txHeight.size;
    }
    isAcked(hash) {
        return this.acked.has(hash);
    }
    ackedCount() {
        return this.acked.size;
    }
}
//# sourceMappingURL=checker.js.map