/**
 * Domain-separated signing messages. Every signed message starts with an ASCII tag and a 0x00 byte
 * (protocol.md "Keys and signatures").
 *
 *   vote     = "civic-budget/vote/v1"     ‖ 0x00 ‖ CBOR([height, view, blockHash])
 *              (blockHash already commits to chainId, height and view; repeating height and view binds the
 *              QC's own fields so a valid signature cannot be paired with an inflated QC view)
 *   proposal = "civic-budget/proposal/v1" ‖ 0x00 ‖ blockHash
 *   timeout  = "civic-budget/timeout/v1"  ‖ 0x00 ‖ CBOR([chainId, view, highQcView])
 *   commit   = "civic-budget/commit/v1"   ‖ 0x00 ‖ blockHash               (protocol.md commit certificate:
 *              the protocol package's `commitMessage`, which receipts and the app check too)
 */
import { commitMessage } from '@civic-budget/protocol/block';
import { concatBytes } from '../crypto/hash.js';
import { encodeCbor } from './cbor.js';
const enc = new TextEncoder();
function tag(s) {
    return concatBytes(enc.encode(s), new Uint8Array([0]));
}
export const VOTE_TAG = tag('civic-budget/vote/v1');
export const PROPOSAL_TAG = tag('civic-budget/proposal/v1');
export const TIMEOUT_TAG = tag('civic-budget/timeout/v1');
function need32(h, what) {
    if (h.length !== 32)
        throw new Error(`${what}: block hash must be 32 bytes`);
}
export function voteSigningMessage(height, view, blockHash) {
    need32(blockHash, 'voteSigningMessage');
    return concatBytes(VOTE_TAG, encodeCbor([height, view, blockHash]));
}
export function proposalSigningMessage(blockHash) {
    need32(blockHash, 'proposalSigningMessage');
    return concatBytes(PROPOSAL_TAG, blockHash);
}
export function timeoutSigningMessage(chainId, view, highQcView) {
    if (!(highQcView < view))
        throw new Error('timeoutSigningMessage: highQcView must be < view');
    return concatBytes(TIMEOUT_TAG, encodeCbor([chainId, view, highQcView]));
}
export function commitSigningMessage(blockHash) {
    need32(blockHash, 'commitSigningMessage');
    return commitMessage(blockHash);
}
//# sourceMappingURL=signing.js.map