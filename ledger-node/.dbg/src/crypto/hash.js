/**
 * Hashing and byte helpers of the replicas: H(x) = SHA-256 (protocol.md). The byte helpers are the
 * protocol package's (one strict lowercase `fromHex` for the app, the browser and the replicas);
 * SHA-256 is node:crypto's (`@civic-budget/protocol-node`), installed for the whole package too, so
 * its Merkle trees and header hashes also run natively here.
 */
import { concatBytes, hexToBytes } from '@civic-budget/protocol/bytes';
import { installNodeSha256, nodeSha256 } from '@civic-budget/protocol-node/sha256';
installNodeSha256();
export { bytesToHex as toHex, concatBytes, equalBytes as bytesEqual, } from '@civic-budget/protocol/bytes';
export { sha256Hex } from '@civic-budget/protocol/hash';
export const HASH_BYTES = 32;
/** Strict lowercase hex → bytes (one argument, so `strings.map(fromHex)` is safe). */
export function fromHex(hex) {
    return hexToBytes(hex);
}
export function sha256(...parts) {
    return nodeSha256(parts.length === 1 ? parts[0] : concatBytes(...parts));
}
export const ZERO_HASH = new Uint8Array(32);
//# sourceMappingURL=hash.js.map