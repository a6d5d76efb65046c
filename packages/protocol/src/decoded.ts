/**
 * Result-returning strict decoders (the threshold-encryption records): a decoder never throws on junk
 * bytes; it answers `{ ok: false, error }` with a typed `ProtocolError` (`code` = a CBOR code such as
 * `cbor_malformed` / `cbor_non_canonical`, or `too_large`, `malformed`, `bad_version`, `bad_point`,
 * `identity_point`, `bad_scalar`).
 */
import { type CborValue, cborDecode, readBytes } from './cbor.js'
import { EncodingError, ProtocolError } from './errors.js'
import {
  parsePoint,
  parseScalar,
  POINT_BYTES,
  PROOF_BYTES,
  type RistrettoPoint,
} from './ristretto.js'

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: ProtocolError }

/** Bounds the size, decodes canonical CBOR, then runs `read` (which may throw ProtocolErrors). */
export function decodeStrict<T>(
  bytes: Uint8Array,
  maxBytes: number,
  what: string,
  read: (value: CborValue) => T
): Decoded<T> {
  try {
    if (!(bytes instanceof Uint8Array))
      throw new EncodingError('malformed', `${what}: bytes expected`)
    if (bytes.length > maxBytes) {
      throw new EncodingError('too_large', `${what}: longer than ${maxBytes} bytes`)
    }
    return { ok: true, value: read(cborDecode(bytes)) }
  } catch (error) {
    if (error instanceof ProtocolError) return { ok: false, error }
    return { ok: false, error: new EncodingError('malformed', `${what}: ${String(error)}`) }
  }
}

/** Throws the decoder's error: for callers that decode bytes they produced themselves. */
export function unwrap<T>(decoded: Decoded<T>): T {
  if (!decoded.ok) throw decoded.error
  return decoded.value
}

export function readPoint(v: unknown, what: string): RistrettoPoint {
  return parsePoint(readBytes(v, what, POINT_BYTES), what)
}

/** A proof of knowledge `A ‖ s`: a valid non-identity point and a canonical scalar. */
export function readKnowledgeProof(v: unknown, what: string): Uint8Array {
  const proof = readBytes(v, what, PROOF_BYTES)
  parsePoint(proof.subarray(0, 32), `${what}.A`)
  parseScalar(proof.subarray(32), `${what}.s`)
  return proof.slice()
}

/** A compact `c ‖ s` proof whose two scalars are canonical (so a proof has one byte form). */
export function readCompactProof(v: unknown, what: string): Uint8Array {
  const proof = readBytes(v, what, PROOF_BYTES)
  parseScalar(proof.subarray(0, 32), `${what}.c`)
  parseScalar(proof.subarray(32), `${what}.s`)
  return proof.slice()
}

export function readVersion(v: unknown, expected: number, what: string): void {
  if (v !== expected)
    throw new EncodingError('bad_version', `${what}: version ${expected} expected`)
}
