export { bytesToHex as toHex, concatBytes, equalBytes as bytesEqual, } from '@civic-budget/protocol/bytes';
export { sha256Hex } from '@civic-budget/protocol/hash';
export declare const HASH_BYTES = 32;
/** Strict lowercase hex → bytes (one argument, so `strings.map(fromHex)` is safe). */
export declare function fromHex(hex: string): Uint8Array;
export declare function sha256(...parts: Uint8Array[]): Uint8Array;
export declare const ZERO_HASH: Uint8Array;
