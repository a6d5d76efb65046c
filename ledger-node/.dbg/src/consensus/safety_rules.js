/**
 * SafetyRules (Aptos `safety_rules_2chain` analogue): the only holder of the replica's signing key and
 * of the durable safety data (last voted view, highest timeout view, high QC, last vote and timeout).
 *
 * Every `sign*` method checks the safety rules first and refuses (returns a `Refusal`, signs nothing)
 * when they do not hold. A vote or timeout updates the safety data and hands the new record to
 * `persist` BEFORE the signed message is returned: in the core, `persist` appends a synced write
 * batch to the action list, which the node completes before any later `send` (types.ts `Action`). If
 * `persist` throws, nothing is returned and the in-memory data stays as it was.
 *
 * Commit signatures need no safety data of their own: one is signed only for a block proven committed
 * (two-chain QC or commit certificate) that extends the chain this unit already signed commits for,
 * so the key never signs two blocks at one height.
 */
import { commitSigningMessage, proposalSigningMessage, timeoutSigningMessage, voteSigningMessage, } from '../codec/signing.js';
import { bytesEqual } from '../crypto/hash.js';
import { genesisQc } from '../codec/block.js';
export function isRefusal(x) {
    return 'refused' in x;
}
/** A safety record that cannot be trusted: the replica must not start on it. */
export class SafetyRecordError extends Error {
    constructor(message) {
        super(`safety record rejected: ${message}`);
        this.name = 'SafetyRecordError';
    }
}
const refuse = (refused) => ({ refused });
export class SafetyRules {
    crypto;
    verifier;
    rules;
    persist;
    chainId;
    committedWindow;
    data;
    committedHeight = 0;
    committedHash;
    /** height → hash of the recently committed blocks (commit signatures may be re-sent for them). */
    committed = new Map();
    constructor(crypto, verifier, rules, persist, chainId, genesis, committedWindow) {
        this.crypto = crypto;
        this.verifier = verifier;
        this.rules = rules;
        this.persist = persist;
        this.chainId = chainId;
        this.committedWindow = committedWindow;
        this.committedHash = genesis.hash;
        this.data = {
            lastVotedView: 0,
            highQc: genesisQc(genesis.hash),
            highestTimeoutView: 0,
            lastVote: null,
            lastTimeout: null,
        };
    }
    get self() {
        return this.crypto.selfIndex;
    }
    get lastVotedView() {
        return this.data.lastVotedView;
    }
    get highestTimeoutView() {
        return this.data.highestTimeoutView;
    }
    get lastVote() {
        return this.data.lastVote;
    }
    get lastTimeout() {
        return this.data.lastTimeout;
    }
    get highQc() {
        return this.data.highQc;
    }
    /** The record as it would be written now (the last persisted one plus a newer high QC). */
    get record() {
        return this.data;
    }
    /**
     * Start from the persisted record (null on a fresh store) and the committed chain read from storage
     * (ascending, hash-linked, ending at the committed tip). Throws SafetyRecordError when the record is
     * inconsistent or a certificate or signature in it does not verify.
     */
    recover(record, committedTail) {
        for (const b of committedTail)
            this.rememberCommitted(b);
        if (record === null)
            return;
        const { lastVotedView: lv, highestTimeoutView: ht, highQc, lastVote, lastTimeout } = record;
        const view = (v) => Number.isSafeInteger(v) && v >= 0;
        if (!view(lv) || !view(ht) || ht > lv)
            throw new SafetyRecordError(`views out of order (last voted ${lv}, last timeout ${ht})`);
        if (!this.verifier.verifyQc(highQc))
            throw new SafetyRecordError(`high QC of view ${highQc.view} does not verify`);
        if (lastVote !== null) {
            const msg = voteSigningMessage(lastVote.height, lastVote.view, lastVote.blockHash);
            if (lastVote.voter !== this.self || lastVote.view > lv)
                throw new SafetyRecordError(`last vote (view ${lastVote.view}) is not ours or above ${lv}`);
            if (!this.crypto.verify(this.self, msg, lastVote.sig))
                throw new SafetyRecordError(`signature of the last vote (view ${lastVote.view}) fails`);
        }
        if (lastTimeout !== null) {
            const t = lastTimeout;
            if (t.sender !== this.self || t.view > ht)
                throw new SafetyRecordError(`last timeout (view ${t.view}) is not ours or above ${ht}`);
            const msg = timeoutSigningMessage(this.chainId, t.view, t.highQc.view);
            if (!this.crypto.verify(this.self, msg, t.sig) || !this.verifier.verifyQc(t.highQc))
                throw new SafetyRecordError(`last timeout (view ${t.view}) does not verify`);
        }
        this.data = record;
    }
    /** A higher verified QC is kept in memory and written with the next vote or timeout. */
    observeQc(qc) {
        if (qc.view > this.data.highQc.view && this.verifier.verifyQc(qc))
            this.data = { ...this.data, highQc: qc };
    }
    /**
     * Vote for `block` in `currentView` (Jolteon safe_to_vote). `withOps` are written in the same synced
     * batch as the safety record (the voted block, so it survives a restart).
     */
    signVote(block, tc, currentView, withOps = []) {
        const h = block.header;
        const v = h.view;
        if (!bytesEqual(block.justify.blockHash, h.parentHash) || block.justify.view >= v)
            return refuse('justify QC does not certify the parent below the block view');
        if (!this.verifier.verifyQc(block.justify))
            return refuse('justify QC does not verify');
        if (tc !== null && !this.verifier.verifyTc(tc))
            return refuse('TC does not verify');
        // One vote per view (I2), also across restarts: lastVotedView comes from the durable record.
        if (v <= this.data.lastVotedView || v <= this.data.highestTimeoutView)
            return refuse(`already signed in view ${v} or later`);
        const ok = this.rules.safeToVote({
            blockView: v,
            justifyView: block.justify.view,
            tc,
            currentView,
            lastVotedView: this.data.lastVotedView,
            highestTimeoutView: this.data.highestTimeoutView,
        });
        if (!ok)
            return refuse('vote rule');
        this.observeQc(block.justify);
        const vote = {
            kind: 'vote',
            view: v,
            height: h.height,
            blockHash: block.hash,
            voter: this.self,
            sig: this.crypto.sign(voteSigningMessage(h.height, v, block.hash)),
        };
        this.update({ ...this.data, lastVotedView: v, lastVote: vote }, withOps);
        return vote;
    }
    /** Time out in `view` (Jolteon safe_to_timeout), reporting `highQc` (never lower than the record's). */
    signTimeout(view, highQc, highTc) {
        if (!this.verifier.verifyQc(highQc))
            return refuse('high QC does not verify');
        if (highQc.view < this.data.highQc.view)
            return refuse('high QC below the recorded one');
        if (highTc !== null && !this.verifier.verifyTc(highTc))
            return refuse('TC does not verify');
        const ok = this.rules.safeToTimeout({
            view,
            highQcView: highQc.view,
            highTcView: highTc?.view ?? null,
            lastVotedView: this.data.lastVotedView,
            highestTimeoutView: this.data.highestTimeoutView,
        });
        if (!ok)
            return refuse('timeout rule');
        const msg = {
            kind: 'timeout',
            view,
            sender: this.self,
            highQc,
            lastTc: highTc !== null && highTc.view + 1 === view ? highTc : null,
            sig: this.crypto.sign(timeoutSigningMessage(this.chainId, view, highQc.view)),
        };
        this.update({
            ...this.data,
            highQc,
            lastVotedView: Math.max(this.data.lastVotedView, view),
            highestTimeoutView: view,
            lastTimeout: msg,
        }, []);
        return msg;
    }
    /**
     * Sign our own block as its proposer. Only after this key's vote for exactly this block in its view
     * is durable (signVote), so a restarted leader can never sign a second block for that view.
     */
    signProposal(block, tc) {
        const h = block.header;
        if (h.proposer !== this.self)
            return refuse('not our block');
        const lv = this.data.lastVote;
        if (lv === null || lv.view !== h.view || !bytesEqual(lv.blockHash, block.hash))
            return refuse('proposal without our recorded vote for it');
        return {
            kind: 'proposal',
            block,
            tc,
            sig: this.crypto.sign(proposalSigningMessage(block.hash)),
        };
    }
    /**
     * Commit signatures for `path` (ascending, hash-linked, starting right above the chain committed so
     * far), whose last block `proof` shows committed. Refused unless the proof verifies; on success the
     * path becomes the committed chain of this unit.
     */
    signCommit(path, proof) {
        const last = path[path.length - 1];
        if (last === undefined)
            return refuse('empty commit path');
        let parentHash = this.committedHash;
        for (const [i, b] of path.entries()) {
            if (b.header.height !== this.committedHeight + 1 + i ||
                !bytesEqual(b.header.parentHash, parentHash))
                return refuse('commit path does not extend the committed chain');
            parentHash = b.hash;
        }
        if (proof.kind === 'qc') {
            const { child, qc } = proof;
            if (!bytesEqual(child.header.parentHash, last.hash) || !bytesEqual(qc.blockHash, child.hash))
                return refuse('commit proof is not a QC on a child of the block');
            if (qc.view !== child.header.view || qc.height !== child.header.height)
                return refuse('commit proof QC does not match its block');
            if (!this.rules.commits(last.header.view, child.header.view))
                return refuse('two-chain commit rule');
            if (!this.verifier.verifyQc(qc))
                return refuse('commit proof QC does not verify');
        }
        else {
            const c = proof.cert;
            if (c.height !== last.header.height || !bytesEqual(c.blockHash, last.hash))
                return refuse('commit certificate is for another block');
            if (!this.verifier.verifyCommitCert(c))
                return refuse('commit certificate does not verify');
        }
        for (const b of path)
            this.rememberCommitted(b);
        return path.map((b) => this.commitSig(b.header.height, b.hash));
    }
    /** Re-send (deterministically re-sign) the commit signature of a block this unit committed. */
    resignCommit(height) {
        const hash = this.committed.get(height);
        if (hash === undefined)
            return refuse(`height ${height} not among the committed blocks`);
        return this.commitSig(height, hash);
    }
    commitSig(height, blockHash) {
        const sig = this.crypto.sign(commitSigningMessage(blockHash));
        return { kind: 'commitSig', height, blockHash, signer: this.self, sig };
    }
    rememberCommitted(b) {
        const h = b.header.height;
        this.committedHeight = h;
        this.committedHash = b.hash;
        if (h > 0)
            this.committed.set(h, b.hash);
        this.committed.delete(h - this.committedWindow);
    }
    update(next, withOps) {
        this.persist(next, withOps);
        this.data = next;
    }
}
//# sourceMappingURL=safety_rules.js.map