/**
 * Serving catch-up from Storage (for `serveSyncFromStorage` actions): the core keeps only a window of
 * recent committed blocks in memory; older ones are read here by the node and sent back to the
 * requester as a `syncResponse` (committed blocks only, with whatever commit certificates exist).
 */
import { bytesEqual } from '../crypto/hash.js';
/** Upper bound of a block's header, QC and CBOR framing on the wire (a QC lists up to 256 signers). */
export const BLOCK_OVERHEAD_BYTES = 2048;
/** Upper bound of the CBOR head of one tx byte string. */
export const TX_HEAD_BYTES = 9;
/** An upper bound of `block`'s encoded size, for capping sync responses by bytes. */
export function blockWireBytes(block) {
    let bytes = BLOCK_OVERHEAD_BYTES;
    for (const tx of block.txs)
        bytes += tx.length + TX_HEAD_BYTES;
    return bytes;
}
/**
 * Whether a sync response holding `blocks` (of `bytes` in all) may take one more block of `next`
 * bytes: at most `batchMax` blocks and `bytesMax` bytes, but always at least one block (a block is at
 * most blockBytesMax and a frame holds two), so a lagging replica always makes progress.
 */
export function fitsInSyncResponse(blocks, bytes, next, batchMax, bytesMax) {
    return blocks === 0 || (blocks < batchMax && bytes + next <= bytesMax);
}
export async function buildSyncResponseFromStorage(reader, req, batchMax, bytesMax) {
    const limit = Math.max(1, Math.min(req.limit, batchMax));
    const blocks = [];
    const certs = [];
    // Continue after the requester's tip if it is on our committed chain, else after its committed height.
    const atTip = await reader.getCommittedHash(req.tipHeight);
    const from = atTip !== undefined && bytesEqual(atTip, req.tipHash)
        ? req.tipHeight + 1
        : req.committedHeight + 1;
    let bytes = 0;
    for (let h = from; blocks.length < limit; h++) {
        const hash = await reader.getCommittedHash(h);
        if (hash === undefined)
            break;
        const b = await reader.getBlock(hash);
        if (b === undefined)
            break;
        const size = blockWireBytes(b);
        if (!fitsInSyncResponse(blocks.length, bytes, size, limit, bytesMax))
            break;
        blocks.push(b);
        bytes += size;
        const c = await reader.getCommitCert(h);
        if (c !== undefined)
            certs.push(c);
    }
    return { kind: 'syncResponse', blocks, certs, highQc: null, highTc: null };
}
export function buildSyncResponseSync(reader, req, batchMax, bytesMax) {
    const limit = Math.max(1, Math.min(req.limit, batchMax));
    const blocks = [];
    const certs = [];
    const atTip = reader.getCommittedHashSync(req.tipHeight);
    const from = atTip !== undefined && bytesEqual(atTip, req.tipHash)
        ? req.tipHeight + 1
        : req.committedHeight + 1;
    let bytes = 0;
    for (let h = from; blocks.length < limit; h++) {
        const hash = reader.getCommittedHashSync(h);
        if (hash === undefined)
            break;
        const b = reader.getBlockSync(hash);
        if (b === undefined)
            break;
        const size = blockWireBytes(b);
        if (!fitsInSyncResponse(blocks.length, bytes, size, limit, bytesMax))
            break;
        blocks.push(b);
        bytes += size;
        const c = reader.getCommitCertSync(h);
        if (c !== undefined)
            certs.push(c);
    }
    return { kind: 'syncResponse', blocks, certs, highQc: null, highTc: null };
}
//# sourceMappingURL=sync.js.map