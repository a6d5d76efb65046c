/**
 * Verification of certificates (QC, TC, commit certificate) with a bounded cache of those that
 * verified. Shared by the Replica and its SafetyRules, so a certificate costs one aggregate check.
 * Never throws on peer input: malformed signers or signatures just fail (crypto.ts contract).
 */
import { commitSigningMessage, timeoutSigningMessage, voteSigningMessage, } from '../codec/signing.js';
import { bytesEqual, toHex } from '../crypto/hash.js';
import { quorumSize } from './config.js';
const VERIFIED_CACHE_MAX = 1024;
export class CertVerifier {
    crypto;
    chainId;
    n;
    genesis;
    quorum;
    verified = new Set();
    constructor(crypto, chainId, n, genesis) {
        this.crypto = crypto;
        this.chainId = chainId;
        this.n = n;
        this.genesis = genesis;
        this.quorum = quorumSize(n);
    }
    /** QC signature check: ≥ quorum distinct signers whose aggregate verifies over the vote message. */
    verifyQc(qc) {
        if (qc.view === 0) {
            return (qc.height === 0 && qc.signers.length === 0 && bytesEqual(qc.blockHash, this.genesis.hash));
        }
        if (qc.height === 0)
            return false;
        if (!this.signersOk(qc.signers))
            return false;
        const key = `qc:${toHex(qc.blockHash)}:${qc.view}:${qc.height}:${qc.signers.join(',')}:${toHex(qc.sig)}`;
        if (this.verified.has(key))
            return true;
        const msg = voteSigningMessage(qc.height, qc.view, qc.blockHash);
        return this.remember(key, this.crypto.verifyAggregate(qc.signers, msg, qc.sig));
    }
    verifyTc(tc) {
        if (tc.view === 0)
            return false;
        if (!this.signersOk(tc.signers))
            return false;
        if (tc.highQcViews.length !== tc.signers.length)
            return false;
        for (const hv of tc.highQcViews)
            if (!(hv < tc.view))
                return false;
        const key = `tc:${tc.view}:${tc.signers.join(',')}:${tc.highQcViews.join(',')}:${toHex(tc.sig)}`;
        if (this.verified.has(key))
            return true;
        const msgs = tc.highQcViews.map((hv) => timeoutSigningMessage(this.chainId, tc.view, hv));
        return this.remember(key, this.crypto.verifyAggregateMulti(tc.signers, msgs, tc.sig));
    }
    verifyCommitCert(c) {
        if (!this.signersOk(c.signers))
            return false;
        const key = `cc:${toHex(c.blockHash)}:${c.signers.join(',')}:${toHex(c.sig)}`;
        if (this.verified.has(key))
            return true;
        const msg = commitSigningMessage(c.blockHash);
        return this.remember(key, this.crypto.verifyAggregate(c.signers, msg, c.sig));
    }
    /** Sorted strictly ascending, in range, at least a quorum. */
    signersOk(signers) {
        if (signers.length < this.quorum || signers.length > this.n)
            return false;
        for (let i = 0; i < signers.length; i++) {
            const s = signers[i];
            if (!Number.isInteger(s) || s < 0 || s >= this.n)
                return false;
            if (i > 0 && !(signers[i - 1] < s))
                return false;
        }
        return true;
    }
    remember(key, ok) {
        if (ok) {
            if (this.verified.size >= VERIFIED_CACHE_MAX)
                this.verified.clear();
            this.verified.add(key);
        }
        return ok;
    }
}
//# sourceMappingURL=cert_verifier.js.map