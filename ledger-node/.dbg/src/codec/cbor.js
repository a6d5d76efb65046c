/**
 * Canonical CBOR for ledger-node (protocol.md "Encodings"): definite lengths, shortest-form integers,
 * arrays only (no maps), no floats, no tags, no undefined. Decoding is strict: non-shortest integers,
 * indefinite lengths, trailing bytes and out-of-range values are rejected with CodecError.
 */
import { encode, decode } from 'cborg';
export class CodecError extends Error {
    constructor(message) {
        super(message);
        this.name = 'CodecError';
    }
}
export function encodeCbor(value) {
    return encode(value);
}
export function decodeCbor(bytes) {
    try {
        return decode(bytes, {
            strict: true,
            allowIndefinite: false,
            allowUndefined: false,
            allowBigInt: false,
            rejectDuplicateMapKeys: true,
        });
    }
    catch (e) {
        throw new CodecError(`invalid CBOR: ${e.message}`);
    }
}
// ── field readers (throw CodecError) ──
export function asArray(v, what, len) {
    if (!Array.isArray(v))
        throw new CodecError(`${what}: expected array`);
    if (len !== undefined && v.length !== len)
        throw new CodecError(`${what}: expected ${len} items, got ${v.length}`);
    return v;
}
export function asUint(v, what, max = Number.MAX_SAFE_INTEGER) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > max) {
        throw new CodecError(`${what}: expected uint ≤ ${max}`);
    }
    return v;
}
export function asBytes(v, what, len, maxLen = 1 << 24) {
    if (!(v instanceof Uint8Array))
        throw new CodecError(`${what}: expected bstr`);
    if (len !== undefined && v.length !== len)
        throw new CodecError(`${what}: expected ${len} bytes`);
    if (v.length > maxLen)
        throw new CodecError(`${what}: longer than ${maxLen} bytes`);
    return v;
}
export function asText(v, what, maxLen = 256) {
    if (typeof v !== 'string')
        throw new CodecError(`${what}: expected tstr`);
    if (v.length > maxLen)
        throw new CodecError(`${what}: longer than ${maxLen}`);
    return v;
}
export function asUintList(v, what, maxItems) {
    const a = asArray(v, what);
    if (a.length > maxItems)
        throw new CodecError(`${what}: more than ${maxItems} items`);
    return a.map((x, i) => asUint(x, `${what}[${i}]`));
}
//# sourceMappingURL=cbor.js.map