/**
 * The injected signature scheme of the consensus core.
 *
 * Production: BLS12-381 minimal-pubkey-size (src/crypto/bls.ts, other engineer) — `aggregate` is G2 point
 * addition, `verifyAggregate` is fast-aggregate-verify over the signers' public keys, `verifyAggregateMulti`
 * is aggregate-verify with one message per signer.
 * Simulator/tests: `FakeCrypto` below (HMAC-SHA256 with per-key secrets; fast and deterministic).
 *
 * Contract (all implementations):
 *  - `sign` is deterministic for a given key and message (BLS is; the fake is HMAC).
 *  - verification functions never throw on malformed input: they return false.
 *  - `aggregate(sigs)` receives the signatures in the SAME order as the signer indices later passed to
 *    `verifyAggregate*` (the core always sorts signers ascending and aggregates in that order).
 */
import { createHmac, createSecretKey } from 'node:crypto';
import { bytesEqual, concatBytes } from '../crypto/hash.js';
const FAKE_SIG_BYTES = 32;
/**
 * Fake scheme for the simulator: sig = HMAC-SHA256(secret[i], message); aggregate = concatenation in
 * signer order. Every instance knows every secret (it is a simulation); twins are two replicas built
 * with the same `selfIndex`, hence the same secret.
 */
export class FakeCrypto {
    selfIndex;
    secrets;
    constructor(selfIndex, replicaCount, seed = 'civic-budget-sim') {
        if (!(Number.isInteger(selfIndex) && selfIndex >= 0 && selfIndex < replicaCount)) {
            throw new Error(`FakeCrypto: selfIndex ${selfIndex} out of range`);
        }
        this.selfIndex = selfIndex;
        const secrets = [];
        for (let i = 0; i < replicaCount; i++)
            secrets.push(createSecretKey(new TextEncoder().encode(`${seed}/secret/${i}`)));
        this.secrets = secrets;
    }
    mac(index, message) {
        const secret = this.secrets[index];
        if (secret === undefined)
            return new Uint8Array(0);
        return new Uint8Array(createHmac('sha256', secret).update(message).digest());
    }
    sign(message) {
        return this.mac(this.selfIndex, message);
    }
    verify(signerIndex, message, sig) {
        if (!Number.isInteger(signerIndex) || signerIndex < 0 || signerIndex >= this.secrets.length)
            return false;
        return sig.length === FAKE_SIG_BYTES && bytesEqual(this.mac(signerIndex, message), sig);
    }
    aggregate(sigs) {
        return concatBytes(...sigs);
    }
    verifyAggregate(signerIndices, message, aggSig) {
        return this.verifyAggregateMulti(signerIndices, signerIndices.map(() => message), aggSig);
    }
    verifyAggregateMulti(signerIndices, messages, aggSig) {
        if (signerIndices.length !== messages.length)
            return false;
        if (aggSig.length !== FAKE_SIG_BYTES * signerIndices.length)
            return false;
        for (const [i, signerIndex] of signerIndices.entries()) {
            const part = aggSig.subarray(i * FAKE_SIG_BYTES, (i + 1) * FAKE_SIG_BYTES);
            if (!this.verify(signerIndex, messages[i], part))
                return false;
        }
        return true;
    }
}
//# sourceMappingURL=crypto.js.map