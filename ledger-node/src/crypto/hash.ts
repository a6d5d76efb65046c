/**
 * Hashing and byte helpers of the replicas: H(x) = SHA-256 (protocol.md). The byte helpers are the
 * protocol package's (one strict lowercase `fromHex` for the app, the browser and the replicas);
 * SHA-256 is node:crypto's (`@civic-budget/protocol-node`), installed for the whole package too, so
 * its Merkle trees and header hashes also run natively here.
 */
import * as nodeCrypto from 'node:crypto'
import { concatBytes, hexToBytes } from '@civic-budget/protocol/bytes'
import { sha256Hex as protocolSha256Hex } from '@civic-budget/protocol/hash'
import { installNodeSha256, nodeSha256 } from '@civic-budget/protocol-node/sha256'

installNodeSha256()

export {
  bytesToHex as toHex,
  concatBytes,
  equalBytes as bytesEqual,
} from '@civic-budget/protocol/bytes'

type OneShotHex = (algorithm: string, data: Uint8Array, encoding: 'hex') => string
const oneShotHex = (nodeCrypto as unknown as { hash?: OneShotHex }).hash

/**
 * `H(x)` as lowercase hex, hex-encoded natively (`crypto.hash`, Node ≥ 20.12) rather than digit by
 * digit in JS: every tx hash of a replica goes through here. Same string as the package's sha256Hex.
 */
export const sha256Hex: (data: Uint8Array) => string =
  oneShotHex === undefined ? protocolSha256Hex : (data) => oneShotHex('sha256', data, 'hex')

export const HASH_BYTES = 32

/** Strict lowercase hex → bytes (one argument, so `strings.map(fromHex)` is safe). */
export function fromHex(hex: string): Uint8Array {
  return hexToBytes(hex)
}

export function sha256(...parts: Uint8Array[]): Uint8Array {
  return nodeSha256(parts.length === 1 ? parts[0]! : concatBytes(...parts))
}

export const ZERO_HASH: Uint8Array = new Uint8Array(32)
