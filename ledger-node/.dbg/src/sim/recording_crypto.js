/**
 * The simulator's view of every signature an honest key makes: a ConsensusCrypto wrapper that reports
 * each `sign` call to the checker at signing time, then delegates (FakeCrypto, or real BLS in a share
 * of seeds). `parseSigned` reads back what a vote or timeout signing message commits to.
 */
import { asArray, asBytes, asUint, decodeCbor } from '../codec/cbor.js';
import { TIMEOUT_TAG, VOTE_TAG } from '../codec/signing.js';
import { bytesEqual, toHex } from '../crypto/hash.js';
function startsWith(bytes, tag) {
    return bytes.length > tag.length && bytesEqual(bytes.subarray(0, tag.length), tag);
}
/** Votes and timeouts (proposals and commit signatures are checked from the messages). */
export function parseSigned(message) {
    if (startsWith(message, VOTE_TAG)) {
        const [height, view, hash] = asArray(decodeCbor(message.subarray(VOTE_TAG.length)), 'vote', 3);
        return {
            kind: 'vote',
            height: asUint(height, 'height'),
            view: asUint(view, 'view'),
            hash: toHex(asBytes(hash, 'hash', 32)),
        };
    }
    if (startsWith(message, TIMEOUT_TAG)) {
        const fields = asArray(decodeCbor(message.subarray(TIMEOUT_TAG.length)), 'timeout', 3);
        return { kind: 'timeout', view: asUint(fields[1], 'view') };
    }
    return null;
}
export class RecordingCrypto {
    inner;
    onSign;
    constructor(inner, onSign) {
        this.inner = inner;
        this.onSign = onSign;
    }
    get selfIndex() {
        return this.inner.selfIndex;
    }
    sign(message) {
        this.onSign(this.inner.selfIndex, message);
        return this.inner.sign(message);
    }
    verify(signerIndex, message, sig) {
        return this.inner.verify(signerIndex, message, sig);
    }
    aggregate(sigs) {
        return this.inner.aggregate(sigs);
    }
    verifyAggregate(signers, message, aggSig) {
        return this.inner.verifyAggregate(signers, message, aggSig);
    }
    verifyAggregateMulti(signers, messages, aggSig) {
        return this.inner.verifyAggregateMulti(signers, messages, aggSig);
    }
}
//# sourceMappingURL=recording_crypto.js.map