/**
 * `H(x)` = SHA-256 (protocol.md "Encodings"). Pure JS (`@noble/hashes`) by default; a Node process may
 * install a faster implementation with `useSha256` (`@civic-budget/protocol-node` installs
 * `node:crypto`'s). Both give the same bytes, so the choice never changes a hash.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from './bytes.js'

/** One-shot SHA-256 of a byte string (32-byte result). */
export type Sha256 = (data: Uint8Array) => Uint8Array

let implementation: Sha256 = nobleSha256

/** Replaces the SHA-256 implementation for the whole process (a native fast path). */
export function useSha256(sha256Impl: Sha256): void {
  implementation = sha256Impl
}

export function sha256(data: Uint8Array): Uint8Array {
  return implementation(data)
}

/** `H(x)` as lowercase hex. */
export function sha256Hex(data: Uint8Array): string {
  return bytesToHex(implementation(data))
}
