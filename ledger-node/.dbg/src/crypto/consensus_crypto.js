import { bls } from './bls.js';
import { toHex } from './hash.js';
export class BlsConsensusCrypto {
    selfIndex;
    secretKey;
    publicKeys;
    backend;
    /** Verification count and total milliseconds (metrics). */
    stats = { verifies: 0, verifyMsTotal: 0, signs: 0 };
    constructor(selfIndex, secretKey, publicKeys, backend = bls) {
        this.selfIndex = selfIndex;
        this.secretKey = secretKey;
        this.publicKeys = publicKeys;
        this.backend = backend;
    }
    sign(message) {
        this.stats.signs++;
        return this.backend.sign(this.secretKey, message);
    }
    timed(f) {
        const t0 = performance.now();
        try {
            return f();
        }
        catch {
            return false;
        }
        finally {
            this.stats.verifies++;
            this.stats.verifyMsTotal += performance.now() - t0;
        }
    }
    pk(i) {
        return Number.isInteger(i) && i >= 0 && i < this.publicKeys.length
            ? this.publicKeys[i]
            : undefined;
    }
    verify(signerIndex, message, sig) {
        const pk = this.pk(signerIndex);
        if (!pk)
            return false;
        return this.timed(() => this.backend.verify(pk, message, sig));
    }
    aggregate(sigs) {
        return this.backend.aggregateSignatures([...sigs]);
    }
    distinctKeys(signerIndices) {
        const seen = new Set();
        const pks = [];
        for (const i of signerIndices) {
            const pk = this.pk(i);
            if (!pk || seen.has(i))
                return null;
            seen.add(i);
            pks.push(pk);
        }
        return pks.length > 0 ? pks : null;
    }
    verifyAggregate(signerIndices, message, aggSig) {
        const pks = this.distinctKeys(signerIndices);
        if (!pks)
            return false;
        return this.timed(() => this.backend.fastAggregateVerify(message, pks, aggSig));
    }
    verifyAggregateMulti(signerIndices, messages, aggSig) {
        if (signerIndices.length !== messages.length)
            return false;
        const pks = this.distinctKeys(signerIndices);
        if (!pks)
            return false;
        return this.timed(() => {
            const groups = new Map();
            for (const [i, message] of messages.entries()) {
                const k = toHex(message);
                let g = groups.get(k);
                if (!g)
                    groups.set(k, (g = { msg: message, pks: [] }));
                g.pks.push(pks[i]);
            }
            const gs = [...groups.values()];
            if (gs.length === 1)
                return this.backend.fastAggregateVerify(gs[0].msg, gs[0].pks, aggSig);
            return this.backend.aggregateVerify(gs.map((g) => g.msg), gs.map((g) => (g.pks.length === 1 ? g.pks[0] : this.backend.aggregatePublicKeys(g.pks))), aggSig);
        });
    }
}
//# sourceMappingURL=consensus_crypto.js.map