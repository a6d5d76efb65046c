import { bytesEqual, concatBytes, sha256 } from '../crypto/hash.js';
import { decodeCbor, encodeCbor } from '../codec/cbor.js';
export const KV_KEY_BYTES_MAX = 256;
export const KV_VALUE_BYTES_MAX = 4096;
const STATE_TAG = concatBytes(new TextEncoder().encode('civic-budget/kv/state/v1'), new Uint8Array([0]));
const KEY_PREFIX = new TextEncoder().encode('kv/');
export function encodeKvTx(key, value) {
    return encodeCbor([1, 'kv', key, value]);
}
// Memo by byte-array identity (tx arrays are never mutated): a voter checks and then executes the same
// tx object, the leader admits and then executes it.
const decodedCache = new WeakMap();
export function decodeKvTx(tx) {
    let d = decodedCache.get(tx);
    if (d === undefined) {
        d = decodeKvTxFast(tx) ?? decodeKvTxUncached(tx);
        decodedCache.set(tx, d);
    }
    return d;
}
/** Canonical CBOR head (major type `major`, argument n): [offset after head, n] or null if not shortest form. */
function readHead(b, at, major) {
    if (at >= b.length || b[at] >> 5 !== major)
        return null;
    const ai = b[at] & 0x1f;
    if (ai < 24)
        return [at + 1, ai];
    if (ai === 24)
        return at + 1 < b.length && b[at + 1] >= 24 ? [at + 2, b[at + 1]] : null;
    if (ai === 25) {
        if (at + 2 >= b.length)
            return null;
        const n = (b[at + 1] << 8) | b[at + 2];
        return n >= 0x100 ? [at + 3, n] : null;
    }
    return null; // longer arguments exceed every kv limit: leave them to the full decoder
}
/**
 * Fast path for the common case — the exact canonical form `[1, "kv", key, value]` with a non-empty
 * ASCII key within the limits — without building a CBOR token tree and re-encoding it. Returns null for
 * everything else, which then goes through the full decoder (same verdicts and reasons as before: for
 * the bytes accepted here the full decoder would return the same key and value).
 */
function decodeKvTxFast(tx) {
    if (tx.length < 7 || tx[0] !== 0x84 || tx[1] !== 0x01)
        return null;
    if (tx[2] !== 0x62 || tx[3] !== 0x6b || tx[4] !== 0x76)
        return null; // "kv"
    const k = readHead(tx, 5, 3);
    if (k === null)
        return null;
    const [keyAt, keyLen] = k;
    if (keyLen === 0 || keyLen > KV_KEY_BYTES_MAX || keyAt + keyLen > tx.length)
        return null;
    for (let i = keyAt; i < keyAt + keyLen; i++)
        if (tx[i] >= 0x80)
            return null;
    const v = readHead(tx, keyAt + keyLen, 2);
    if (v === null)
        return null;
    const [valueAt, valueLen] = v;
    if (valueLen > KV_VALUE_BYTES_MAX || valueAt + valueLen !== tx.length)
        return null;
    const key = Buffer.from(tx.buffer, tx.byteOffset + keyAt, keyLen).toString('latin1');
    return { key, value: tx.subarray(valueAt) };
}
/** The full decoder (generic CBOR decode + canonical re-encoding check); exported for tests. */
export function decodeKvTxUncached(tx) {
    let v;
    try {
        v = decodeCbor(tx);
    }
    catch (e) {
        return { error: e.message };
    }
    if (!Array.isArray(v) || v.length !== 4)
        return { error: 'kv tx must be [1, "kv", key, value]' };
    if (v[0] !== 1 || v[1] !== 'kv')
        return { error: 'not a kv v1 tx' };
    const key = v[2];
    const value = v[3];
    if (typeof key !== 'string')
        return { error: 'key must be tstr' };
    const keyBytes = new TextEncoder().encode(key).length;
    if (keyBytes === 0)
        return { error: 'empty key' };
    if (keyBytes > KV_KEY_BYTES_MAX)
        return { error: 'key too long' };
    if (!(value instanceof Uint8Array))
        return { error: 'value must be bstr' };
    if (value.length > KV_VALUE_BYTES_MAX)
        return { error: 'value too long' };
    if (!bytesEqual(encodeKvTx(key, value), tx))
        return { error: 'non-canonical encoding' };
    return { key, value };
}
/** Canonical CBOR head of major type `major` with argument n < 2^32. */
function head(major, n) {
    const m = major << 5;
    if (n < 24)
        return [m | n];
    if (n < 0x100)
        return [m | 24, n];
    if (n < 0x10000)
        return [m | 25, n >> 8, n & 0xff];
    return [m | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}
const utf8 = new TextEncoder();
/** = encodeCbor([key, valueHash]) (canonical CBOR is compositional), without the generic encoder. */
export function encodeKvResult(key, valueHash) {
    const k = utf8.encode(key);
    const kh = head(3, k.length);
    const vh = head(2, valueHash.length);
    const out = new Uint8Array(1 + kh.length + k.length + vh.length + valueHash.length);
    out[0] = 0x82;
    out.set(kh, 1);
    out.set(k, 1 + kh.length);
    out.set(vh, 1 + kh.length + k.length);
    out.set(valueHash, 1 + kh.length + k.length + vh.length);
    return out;
}
/** = encodeCbor(items) for an array of byte strings. */
export function encodeBstrArray(items) {
    const heads = items.map((x) => head(2, x.length));
    const ah = head(4, items.length);
    let n = ah.length;
    for (const [i, x] of items.entries())
        n += heads[i].length + x.length;
    const out = new Uint8Array(n);
    out.set(ah, 0);
    let o = ah.length;
    for (const [i, x] of items.entries()) {
        out.set(heads[i], o);
        o += heads[i].length;
        out.set(x, o);
        o += x.length;
    }
    return out;
}
export class KvApp {
    name = 'kv';
    /** The committed state as a flat map (equals the state of the latest committed block). */
    base = new Map();
    baseHeight = 0;
    checkTx(tx) {
        const d = decodeKvTx(tx);
        return 'error' in d ? { ok: false, reason: d.error } : { ok: true };
    }
    genesisState() {
        this.base = new Map();
        this.baseHeight = 0;
        return { parent: null, writes: new Map(), height: 0, committed: true };
    }
    /** Read `key` in `state` (undefined if absent). */
    get(state, key) {
        let s = state;
        while (s !== null && !s.committed) {
            const v = s.writes.get(key);
            if (v !== undefined)
                return v;
            s = s.parent;
        }
        if (s !== null && s.height !== this.baseHeight) {
            throw new Error(`kv: read through stale committed state at height ${s.height} (base ${this.baseHeight})`);
        }
        return this.base.get(key);
    }
    /** The committed value of `key` (what GET /kv/:key returns). */
    getCommitted(key) {
        return this.base.get(key);
    }
    beginBlock(parentState, parentStateRoot, ctx) {
        if (ctx.height !== parentState.height + 1)
            throw new Error('kv: block height is not parent height + 1');
        const writes = new Map();
        const results = [];
        let finished = false;
        return {
            deliverTx: (tx) => {
                if (finished)
                    throw new Error('kv: deliverTx after finish');
                const d = decodeKvTx(tx);
                if ('error' in d)
                    return { ok: false, reason: d.error };
                writes.set(d.key, d.value);
                const result = encodeKvResult(d.key, sha256(d.value));
                results.push(result);
                return { ok: true, result };
            },
            finish: () => {
                if (finished)
                    throw new Error('kv: finish twice');
                finished = true;
                const stateRoot = sha256(STATE_TAG, parentStateRoot, sha256(encodeBstrArray(results)));
                const state = { parent: parentState, writes, height: ctx.height, committed: false };
                return { state, stateRoot, results };
            },
        };
    }
    commit(state) {
        if (state.committed)
            throw new Error('kv: commit of an already committed state');
        if (state.height !== this.baseHeight + 1) {
            throw new Error(`kv: commit height ${state.height} does not follow base ${this.baseHeight}`);
        }
        if (state.parent === null || !state.parent.committed)
            throw new Error('kv: parent of committed state is not committed');
        const ops = [];
        const enc = new TextEncoder();
        for (const [k, v] of state.writes) {
            this.base.set(k, v);
            ops.push({ kind: 'putApp', key: concatBytes(KEY_PREFIX, enc.encode(k)), value: v });
        }
        // Height marker, so restore knows the base height.
        ops.push({ kind: 'putApp', key: enc.encode('meta/height'), value: encodeCbor(state.height) });
        this.baseHeight = state.height;
        state.committed = true;
        state.parent = null;
        return ops;
    }
    restore(entries) {
        this.base = new Map();
        this.baseHeight = 0;
        const dec = new TextDecoder();
        for (const [k, v] of entries) {
            const ks = dec.decode(k);
            if (ks === 'meta/height')
                this.baseHeight = decodeCbor(v);
            else if (ks.startsWith('kv/'))
                this.base.set(ks.slice(3), v);
        }
        return { parent: null, writes: new Map(), height: this.baseHeight, committed: true };
    }
}
//# sourceMappingURL=kv.js.map