/**
 * Signature schemes for simulated replicas: the fast HMAC `FakeCrypto` in most seeds, and the node's
 * own BLS12-381 backend (`crypto/bls.ts`: blst, or noble where blst is missing) in a share of seeds,
 * so its encodings, aggregation and throwing decoders meet the adversary too.
 */
import { FakeCrypto } from '../consensus/crypto.js';
import { bls, keygen } from '../crypto/bls.js';
import { BlsConsensusCrypto } from '../crypto/consensus_crypto.js';
const blsKeys = new Map();
/** Deterministic keys per cluster size (generated once per process). */
function keysFor(n) {
    let keys = blsKeys.get(n);
    if (keys === undefined) {
        const secret = Array.from({ length: n }, (_, i) => keygen(new Uint8Array(32).fill(i + 1)));
        keys = { secret, public: secret.map((sk) => bls.publicKey(sk)) };
        blsKeys.set(n, keys);
    }
    return keys;
}
export function simCrypto(index, n, realBls) {
    if (!realBls)
        return new FakeCrypto(index, n);
    const keys = keysFor(n);
    return new BlsConsensusCrypto(index, keys.secret[index], keys.public, bls);
}
//# sourceMappingURL=sim_crypto.js.map