/**
 * Credential = blind BLS signature of the registrar (protocol.md "Credential").
 *
 *   credMsg = "civic-budget/credential/v1" ‖ 0x00 ‖ uint64be(campaignId) ‖ voterKey(32)
 *   client:    P = hashToG2(credMsg, DST), r ∈ [1, n) random, B = r·P        → sends B (96 B hex)
 *   registrar: checks B (on curve, in subgroup, not identity), S' = sk·B    → returns S' (96 B hex)
 *   client:    S = r⁻¹·S' and verify(PK_R, credMsg, S)                       → S is the credential
 *
 * Since BLS is deterministic, S equals the ordinary signature sk·H(credMsg): the registrar never sees
 * credMsg (so it cannot link the credential to the voter key) and anyone can check it with PK_R.
 */
import {
  bls,
  BLS_POP_DST,
  CURVE_ORDER,
  encodeG2,
  G2_BYTES,
  G1_BYTES,
  hashToG2,
  invertScalar,
  parseG1,
  parseG2,
  parseSecretKey,
  publicKeyOf,
  randomScalar,
  scalarToBytes,
  verifyBls,
} from './bls.js'
import { type BytesLike, bytesToHex, domainMessage, toBytes, uint64be } from './bytes.js'
import { isUint } from './cbor.js'
import { TAG_CREDENTIAL } from './tags.js'
import { EncodingError, InvalidPointError, ProtocolError } from './errors.js'

export { InvalidPointError } from './errors.js'

export interface BlindingResult {
  /** `B = r·P`, compressed G2, lowercase hex (192 characters): the `blinded` field of the request. */
  blinded: string
  /** The blinding scalar; keep it (in memory only) until `unblind`. */
  r: bigint
}

export function credentialMessage(campaignId: number, voterKey: BytesLike): Uint8Array {
  if (!isUint(campaignId)) throw new EncodingError('bad_campaign_id', 'campaignId must be a uint')
  return domainMessage(TAG_CREDENTIAL, uint64be(campaignId), toBytes(voterKey, 32, 'voterKey'))
}

export function blind(
  campaignId: number,
  voterKey: BytesLike,
  rng?: (length: number) => Uint8Array
): BlindingResult {
  const P = hashToG2(credentialMessage(campaignId, voterKey))
  const r = randomScalar(rng)
  return { blinded: bytesToHex(encodeG2(P.multiply(r))), r }
}

/** `S = r⁻¹·S'`. Throws `InvalidPointError` if the registrar's answer is not a valid G2 point. */
export function unblind(blindSignature: BytesLike, r: bigint): string {
  if (typeof r !== 'bigint' || r <= 0n || r >= CURVE_ORDER) {
    throw new EncodingError('bad_scalar', 'r must be a scalar in [1, n)')
  }
  const Sprime = parseG2(toBytes(blindSignature, G2_BYTES, 'blindSignature'), 'blind signature')
  return bytesToHex(encodeG2(Sprime.multiply(invertScalar(r))))
}

/** Ordinary BLS verification `verify(PK_R, credMsg, S)`; false for any malformed input. */
export function verifyCredential(
  registrarKey: BytesLike,
  campaignId: number,
  voterKey: BytesLike,
  credential: BytesLike
): boolean {
  try {
    const pk = parseG1(toBytes(registrarKey, G1_BYTES), 'registrar public key')
    const S = parseG2(toBytes(credential, G2_BYTES), 'credential')
    return verifyBls(pk, credentialMessage(campaignId, voterKey), S)
  } catch {
    return false
  }
}

/**
 * Client convenience: unblind the registrar's answer and check the result. Throws
 * `InvalidPointError` for a malformed answer and `ProtocolError('invalid_credential')` when the
 * unblinded signature does not verify under the registrar key (wrong key, or a cheating registrar).
 */
export function finishCredential(
  registrarKey: BytesLike,
  campaignId: number,
  voterKey: BytesLike,
  blindSignature: BytesLike,
  r: bigint
): string {
  const credential = unblind(blindSignature, r)
  if (!verifyCredential(registrarKey, campaignId, voterKey, credential)) {
    throw new ProtocolError('invalid_credential', 'the credential does not verify')
  }
  return credential
}

/**
 * Proof of possession of a replica (or registrar) key, as in the IETF BLS POP ciphersuite:
 * `PopVerify(PK, proof)` = BLS verification of the 48-byte public key itself under
 * `BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_`. protocol.md says keys are published with a PoP but
 * does not fix its message; this is the standard choice.
 */
export function verifyPop(publicKey: BytesLike, pop: BytesLike): boolean {
  try {
    const pkBytes = toBytes(publicKey, G1_BYTES)
    const pk = parseG1(pkBytes, 'public key')
    const proof = parseG2(toBytes(pop, G2_BYTES), 'proof of possession')
    return bls.verify(proof, bls.hash(pkBytes, BLS_POP_DST), pk)
  } catch {
    return false
  }
}

/** Standard PoP of a secret key (see `verifyPop`). */
export function popProve(secretKey: BytesLike): string {
  const sk = toBytes(secretKey, 32, 'secret key')
  parseSecretKey(sk)
  return bytesToHex(encodeG2(bls.sign(bls.hash(publicKeyOf(sk), BLS_POP_DST), sk)))
}

/**
 * The bytes of a blinded point from a request (lowercase hex or bytes), exactly `G2_BYTES` of them.
 * Throws `InvalidPointError` `bad_encoding` (not hex) or `bad_length`; the point itself is not
 * judged here (`parseBlinded`, or the registrar's native fast path in protocol-node).
 */
export function blindedBytes(blinded: BytesLike): Uint8Array {
  let bytes: Uint8Array
  try {
    bytes = toBytes(blinded, undefined, 'blinded')
  } catch {
    throw new InvalidPointError('bad_encoding', 'blinded: lowercase hex expected')
  }
  if (bytes.length !== G2_BYTES) {
    throw new InvalidPointError('bad_length', `blinded point: expected ${G2_BYTES} bytes`)
  }
  return bytes
}

/**
 * Parses and validates a blinded point from a request. Throws `InvalidPointError` with code
 * `bad_length` | `bad_encoding` | `not_on_curve` | `not_in_subgroup` | `identity` (hex errors are
 * reported as `bad_encoding`).
 */
export function parseBlinded(blinded: BytesLike) {
  return parseG2(blindedBytes(blinded), 'blinded point')
}

/** Registrar side: `S' = sk·B` as hex, after full validation of `B` (see `parseBlinded`). */
export function signBlinded(registrarSecretKey: BytesLike, blinded: BytesLike): string {
  const k = parseSecretKey(toBytes(registrarSecretKey, 32, 'registrar secret key'))
  return bytesToHex(encodeG2(parseBlinded(blinded).multiply(k)))
}

/** A fresh registrar key pair: 32-byte secret scalar and 48-byte G1 public key, both hex. */
export function generateRegistrarKey(rng?: (length: number) => Uint8Array): {
  secretKey: string
  publicKey: string
} {
  const secretKey = scalarToBytes(randomScalar(rng))
  return { secretKey: bytesToHex(secretKey), publicKey: bytesToHex(publicKeyOf(secretKey)) }
}

export function registrarPublicKey(secretKey: BytesLike): string {
  return bytesToHex(publicKeyOf(toBytes(secretKey, 32, 'registrar secret key')))
}
