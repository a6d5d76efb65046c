/**
 * Ledger transactions (protocol.md): `txBytes = CBOR([1, kind (tstr), payload…])`, `txHash = hex H(txBytes)`.
 * The core treats txs as opaque bytes; apps decode them. This module only checks the outer form.
 */
import { sha256Hex } from '../crypto/hash.js';
import { asArray, asText, asUint, CodecError, decodeCbor } from './cbor.js';
// Memo keyed by the byte array's identity: tx byte arrays are never mutated once they exist (they are
// decoded from frames or HTTP bodies and then only read), and the same array is hashed at admission, at
// block execution, at commit and in the node's indexes. Hash each tx once.
const txHashCache = new WeakMap();
export function txHash(txBytes) {
    let h = txHashCache.get(txBytes);
    if (h === undefined) {
        h = sha256Hex(txBytes);
        txHashCache.set(txBytes, h);
    }
    return h;
}
/** Decodes the outer form; throws CodecError if it is not `[1, kind, …]`. */
export function decodeTxOuter(txBytes) {
    const a = asArray(decodeCbor(txBytes), 'tx');
    if (a.length < 2)
        throw new CodecError('tx: expected [1, kind, payload…]');
    if (asUint(a[0], 'tx.version') !== 1)
        throw new CodecError('tx: unsupported version');
    const kind = asText(a[1], 'tx.kind', 64);
    return { kind, payload: a.slice(2) };
}
//# sourceMappingURL=tx.js.map