import { sha256 } from '../crypto/hash.js';
import { genesisHeader as protocolGenesisHeader, headerFromCbor as protocolHeaderFromCbor, headerToCbor as protocolHeaderToCbor, } from '@civic-budget/protocol/block';
import { BLOCK_TXS_MAX, REPLICAS_MAX, TX_BYTES_MAX } from '@civic-budget/protocol/limits';
import { merkleRoot } from '@civic-budget/protocol/merkle';
import { asArray, asBytes, asUint, asUintList, CodecError, decodeCbor, encodeCbor, } from './cbor.js';
export { REPLICAS_MAX };
export const SIG_BYTES_MAX = 96 * REPLICAS_MAX;
export const BLOCK_TXS_DECODE_MAX = BLOCK_TXS_MAX;
export const TX_BYTES_DECODE_MAX = TX_BYTES_MAX;
// The header encoding is the protocol package's (the app and the check page hash the same bytes).
export function headerToCbor(h) {
    return protocolHeaderToCbor(h);
}
export function encodeHeader(h) {
    return encodeCbor(headerToCbor(h));
}
// Memo caches keyed by object identity. Headers, QCs and blocks are immutable values in this code
// base (never mutated after construction), so a cached result stays valid for the object's lifetime.
const headerHashCache = new WeakMap();
const qcHashCache = new WeakMap();
const consistencyCache = new WeakMap();
export function blockHashOf(h) {
    let hash = headerHashCache.get(h);
    if (hash === undefined) {
        hash = sha256(encodeHeader(h));
        headerHashCache.set(h, hash);
    }
    return hash;
}
/** The package's header reader (with the replicas' limits); its errors become CodecError here. */
export function headerFromCbor(v) {
    try {
        return protocolHeaderFromCbor(v);
    }
    catch (e) {
        throw new CodecError(e.message);
    }
}
export function decodeHeader(bytes) {
    return headerFromCbor(decodeCbor(bytes));
}
// ── QC ──
export function qcToCbor(qc) {
    return [1, qc.view, qc.height, qc.blockHash, [...qc.signers], qc.sig];
}
export function qcFromCbor(v) {
    const a = asArray(v, 'qc', 6);
    if (asUint(a[0], 'qc.version') !== 1)
        throw new CodecError('qc: unsupported version');
    return {
        view: asUint(a[1], 'qc.view'),
        height: asUint(a[2], 'qc.height'),
        blockHash: asBytes(a[3], 'qc.blockHash', 32),
        signers: asUintList(a[4], 'qc.signers', REPLICAS_MAX),
        sig: asBytes(a[5], 'qc.sig', undefined, SIG_BYTES_MAX),
    };
}
export function qcHash(qc) {
    let hash = qcHashCache.get(qc);
    if (hash === undefined) {
        hash = sha256(encodeCbor(qcToCbor(qc)));
        qcHashCache.set(qc, hash);
    }
    return hash;
}
// ── TC ──
export function tcToCbor(tc) {
    return [1, tc.view, [...tc.signers], [...tc.highQcViews], tc.sig];
}
export function tcFromCbor(v) {
    const a = asArray(v, 'tc', 5);
    if (asUint(a[0], 'tc.version') !== 1)
        throw new CodecError('tc: unsupported version');
    const tc = {
        view: asUint(a[1], 'tc.view'),
        signers: asUintList(a[2], 'tc.signers', REPLICAS_MAX),
        highQcViews: asUintList(a[3], 'tc.highQcViews', REPLICAS_MAX),
        sig: asBytes(a[4], 'tc.sig', undefined, SIG_BYTES_MAX),
    };
    if (tc.signers.length !== tc.highQcViews.length)
        throw new CodecError('tc: signers/highQcViews length mismatch');
    return tc;
}
// ── commit certificate ──
export function commitCertToCbor(c) {
    return [1, c.height, c.blockHash, [...c.signers], c.sig];
}
export function commitCertFromCbor(v) {
    const a = asArray(v, 'commitCert', 5);
    if (asUint(a[0], 'commitCert.version') !== 1)
        throw new CodecError('commitCert: unsupported version');
    return {
        height: asUint(a[1], 'commitCert.height'),
        blockHash: asBytes(a[2], 'commitCert.blockHash', 32),
        signers: asUintList(a[3], 'commitCert.signers', REPLICAS_MAX),
        sig: asBytes(a[4], 'commitCert.sig', undefined, SIG_BYTES_MAX),
    };
}
export function encodeCommitCert(c) {
    return encodeCbor(commitCertToCbor(c));
}
export function decodeCommitCert(bytes) {
    return commitCertFromCbor(decodeCbor(bytes));
}
// ── block ──
export function blockToCbor(b) {
    return [1, headerToCbor(b.header), [...b.txs], qcToCbor(b.justify)];
}
/** Decodes and checks internal consistency (hash, txRoot, txCount, justifyQcHash, parent/QC linkage). */
export function blockFromCbor(v) {
    const a = asArray(v, 'block', 4);
    if (asUint(a[0], 'block.version') !== 1)
        throw new CodecError('block: unsupported version');
    const header = headerFromCbor(a[1]);
    const txsRaw = asArray(a[2], 'block.txs');
    if (txsRaw.length > BLOCK_TXS_DECODE_MAX)
        throw new CodecError('block: too many txs');
    const txs = txsRaw.map((t, i) => asBytes(t, `block.txs[${i}]`, undefined, TX_BYTES_DECODE_MAX));
    const justify = qcFromCbor(a[3]);
    const problem = checkBlockConsistency(header, txs, justify);
    if (problem !== null)
        throw new CodecError(`block: ${problem}`);
    return { header, txs, justify, hash: blockHashOf(header) };
}
// Blocks are immutable values; a 2000-tx block is otherwise re-encoded for every putBlock (insert,
// vote, commit) and every send. Memoized per Block object.
const blockBytesCache = new WeakMap();
export function encodeBlock(b) {
    let bytes = blockBytesCache.get(b);
    if (bytes === undefined) {
        bytes = encodeCbor(blockToCbor(b));
        blockBytesCache.set(b, bytes);
    }
    return bytes;
}
export function decodeBlock(bytes) {
    return blockFromCbor(decodeCbor(bytes));
}
/**
 * Decode bytes this code base encoded itself (Storage): they are canonical, so they are remembered as
 * the block's encoding and not re-encoded when the block is served to a peer.
 */
export function decodeOwnBlock(bytes) {
    const b = decodeBlock(bytes);
    blockBytesCache.set(b, bytes);
    return b;
}
/** CBOR head of a definite-length array of n items (canonical: shortest form). */
export function cborArrayHead(n) {
    if (n < 24)
        return new Uint8Array([0x80 + n]);
    if (n < 0x100)
        return new Uint8Array([0x98, n]);
    if (n < 0x10000)
        return new Uint8Array([0x99, n >> 8, n & 0xff]);
    return new Uint8Array([0x9a, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}
/** Returns null if the header, txs and justify QC agree with each other; else a reason. */
export function checkBlockConsistency(header, txs, justify) {
    const cached = consistencyCache.get(header);
    if (cached !== undefined && cached.txs === txs && cached.justify === justify)
        return cached.result;
    const result = checkBlockConsistencyUncached(header, txs, justify);
    consistencyCache.set(header, { txs, justify, result });
    return result;
}
function checkBlockConsistencyUncached(header, txs, justify) {
    if (header.height === 0)
        return 'height 0 is reserved for genesis';
    if (header.txCount !== txs.length)
        return 'txCount mismatch';
    if (!bytesEq(header.txRoot, merkleRoot(txs)))
        return 'txRoot mismatch';
    if (!bytesEq(header.justifyQcHash, qcHash(justify)))
        return 'justifyQcHash mismatch';
    if (!bytesEq(header.parentHash, justify.blockHash))
        return 'justify QC does not certify the parent';
    if (justify.height + 1 !== header.height)
        return 'height is not parent height + 1';
    if (!(justify.view < header.view))
        return 'view not above the justify QC view';
    return null;
}
function bytesEq(a, b) {
    if (a.length !== b.length)
        return false;
    for (let i = 0; i < a.length; i++)
        if (a[i] !== b[i])
            return false;
    return true;
}
/** Builds a block object (computes txRoot, justifyQcHash, hash). */
export function makeBlock(args) {
    const header = {
        version: 1,
        chainId: args.chainId,
        height: args.parent.height + 1,
        view: args.view,
        parentHash: args.parent.blockHash,
        justifyQcHash: qcHash(args.parent),
        txRoot: merkleRoot(args.txs),
        txCount: args.txs.length,
        stateRoot: args.stateRoot,
        timestampMs: args.timestampMs,
        proposer: args.proposer,
    };
    return { header, txs: args.txs, justify: args.parent, hash: blockHashOf(header) };
}
/** The genesis header (the protocol package's definition, which the app's projection starts from). */
export function genesisHeader(chainId) {
    return protocolGenesisHeader(chainId);
}
/** The genesis block; its `justify` is the genesis QC (which certifies genesis itself). */
export function genesisBlock(chainId) {
    const header = genesisHeader(chainId);
    const hash = blockHashOf(header);
    return { header, txs: [], justify: genesisQc(hash), hash };
}
export function genesisQc(genesisHash) {
    return { view: 0, height: 0, blockHash: genesisHash, signers: [], sig: new Uint8Array(0) };
}
//# sourceMappingURL=block.js.map