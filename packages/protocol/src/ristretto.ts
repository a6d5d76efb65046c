/**
 * The prime-order group of the threshold encryption (protocol.md "Threshold encryption"): ristretto255
 * (RFC 9496) from `@noble/curves`, its scalars, hash-to-scalar, Lagrange coefficients and the two
 * sigma proofs every record uses (Schnorr proof of knowledge, Chaum–Pedersen equality of logs), in
 * their compact `c ‖ s` form (64 bytes).
 *
 *   point   = 32 bytes, RFC 9496 canonical encoding; the identity is refused
 *   scalar  = 32 bytes little-endian, < L (the group order); non-canonical encodings are refused
 *   Hs(tag, parts…) = SHA-512(utf8(tag) ‖ 0x00 ‖ parts…) as a little-endian number mod L
 *
 * Secret scalars are only multiplied with noble's constant-time `multiply`; `multiplyUnsafe` and
 * multi-scalar multiplication are for public values (verification). Isomorphic: no `node:` imports.
 */
import { mulAddUnsafe } from '@noble/curves/abstract/curve.js'
import { ristretto255 } from '@noble/curves/ed25519.js'
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { concatBytes, domainMessage } from './bytes.js'
import { EncodingError } from './errors.js'

/** The point class (its declared type is a class with protected members, so it is typed by hand). */
export const RistrettoPoint: typeof ristretto255.Point = ristretto255.Point
export type RistrettoPoint = InstanceType<typeof ristretto255.Point>

export const POINT_BYTES = 32
export const SCALAR_BYTES = 32
/** A compact sigma proof: challenge `c` ‖ response `s`, both scalars. */
export const PROOF_BYTES = 64

/** The order L of ristretto255 (2^252 + 27742317777372353535851937790883648493). */
export const GROUP_ORDER: bigint = RistrettoPoint.Fn.ORDER
const Fn = RistrettoPoint.Fn
const G = RistrettoPoint.BASE

/** Random bytes of the given length; `crypto.getRandomValues` unless a test injects a seeded one. */
export type Rng = (length: number) => Uint8Array

export function systemRng(length: number): Uint8Array {
  const out = new Uint8Array(length)
  globalThis.crypto.getRandomValues(out)
  return out
}

/** Uniform non-zero scalar: 64 random bytes reduced mod L (bias < 2^-250). */
export function randomScalar(rng: Rng = systemRng): bigint {
  for (let attempt = 0; attempt < 8; attempt++) {
    const bytes = rng(64)
    if (!(bytes instanceof Uint8Array) || bytes.length !== 64) {
      throw new Error('rng must return the requested number of bytes')
    }
    const k = Fn.create(bytesToNumberLE(bytes))
    if (k !== 0n) return k
  }
  throw new Error('rng keeps returning zero')
}

export function scalarToBytes(k: bigint): Uint8Array {
  return numberToBytesLE(Fn.create(k), SCALAR_BYTES)
}

/** Canonical 32-byte little-endian scalar (< L); throws `EncodingError('bad_scalar')` otherwise. */
export function parseScalar(bytes: Uint8Array, what = 'scalar'): bigint {
  if (!(bytes instanceof Uint8Array) || bytes.length !== SCALAR_BYTES) {
    throw new EncodingError('bad_scalar', `${what}: expected ${SCALAR_BYTES} bytes`)
  }
  const k = bytesToNumberLE(bytes)
  if (k >= GROUP_ORDER) throw new EncodingError('bad_scalar', `${what}: not reduced mod L`)
  return k
}

/** Canonical ristretto255 encoding of a non-identity point; `EncodingError` otherwise. */
export function parsePoint(bytes: Uint8Array, what = 'point'): RistrettoPoint {
  if (!(bytes instanceof Uint8Array) || bytes.length !== POINT_BYTES) {
    throw new EncodingError('bad_point', `${what}: expected ${POINT_BYTES} bytes`)
  }
  let point: RistrettoPoint
  try {
    point = RistrettoPoint.fromBytes(bytes)
  } catch {
    throw new EncodingError('bad_point', `${what}: not a canonical ristretto255 encoding`)
  }
  if (point.is0()) throw new EncodingError('identity_point', `${what}: the identity is refused`)
  return point
}

export function pointBytes(point: RistrettoPoint): Uint8Array {
  return point.toBytes()
}

/** `k·G` for a secret scalar (constant time). */
export function baseMul(k: bigint): RistrettoPoint {
  return G.multiply(k)
}

/** `Hs(tag, parts…)`: SHA-512 of the domain message, little-endian, mod L. */
export function hashToScalar(tag: string, ...parts: Uint8Array[]): bigint {
  return Fn.create(bytesToNumberLE(sha512(domainMessage(tag, ...parts))))
}

export const addScalars = (a: bigint, b: bigint): bigint => Fn.add(a, b)
export const mulScalars = (a: bigint, b: bigint): bigint => Fn.mul(a, b)

/** `f(x) = Σ coefficients[m]·x^m mod L` (Horner). */
export function evaluatePolynomial(coefficients: readonly bigint[], x: number): bigint {
  const X = BigInt(x)
  let acc = 0n
  for (let m = coefficients.length - 1; m >= 0; m--) acc = Fn.add(Fn.mul(acc, X), coefficients[m])
  return acc
}

/** `Σ commitments[m]·x^m`: the public image `f(x)·G` of a Feldman-committed polynomial. */
export function evaluateCommitments(
  commitments: readonly RistrettoPoint[],
  x: number
): RistrettoPoint {
  const X = BigInt(x)
  let acc = RistrettoPoint.ZERO
  for (let m = commitments.length - 1; m >= 0; m--) {
    acc = acc.multiplyUnsafe(X).add(commitments[m])
  }
  return acc
}

/**
 * Lagrange coefficients at 0 for the distinct non-zero indices given: `λ_i = Π_{j≠i} j / (j − i)`,
 * so `f(0) = Σ λ_i·f(i)` for any polynomial of degree < indices.length.
 */
export function lagrangeAtZero(indices: readonly number[]): bigint[] {
  return indices.map((i) => {
    let numerator = 1n
    let denominator = 1n
    for (const j of indices) {
      if (j === i) continue
      numerator = Fn.mul(numerator, BigInt(j))
      denominator = Fn.mul(denominator, Fn.sub(BigInt(j), BigInt(i)))
    }
    return Fn.div(numerator, denominator)
  })
}

/* ------------------------------------------------------------------------------------ sigma proofs */

function splitProof(proof: Uint8Array): { c: bigint; s: bigint } | null {
  if (!(proof instanceof Uint8Array) || proof.length !== PROOF_BYTES) return null
  try {
    return {
      c: parseScalar(proof.subarray(0, 32)),
      s: parseScalar(proof.subarray(32)),
    }
  } catch {
    return null
  }
}

/**
 * Schnorr proof of knowledge of `x` with `X = x·G`:
 * `A = k·G`, `c = Hs(tag, context ‖ X ‖ A)`, `s = k + c·x`; proof = `c ‖ s`.
 */
export function proveKnowledge(
  tag: string,
  context: Uint8Array,
  x: bigint,
  X: RistrettoPoint,
  rng: Rng = systemRng
): Uint8Array {
  const k = randomScalar(rng)
  const A = baseMul(k)
  const c = hashToScalar(tag, context, X.toBytes(), A.toBytes())
  return concatBytes(scalarToBytes(c), scalarToBytes(Fn.add(k, Fn.mul(c, x))))
}

/** Verifies a `proveKnowledge` proof: `A = s·G − c·X`, then `c = Hs(tag, context ‖ X ‖ A)`. */
export function verifyKnowledge(
  tag: string,
  context: Uint8Array,
  X: RistrettoPoint,
  proof: Uint8Array
): boolean {
  const parts = splitProof(proof)
  if (!parts) return false
  const A = G.multiplyUnsafe(parts.s).subtract(X.multiplyUnsafe(parts.c))
  return hashToScalar(tag, context, X.toBytes(), A.toBytes()) === parts.c
}

/**
 * Chaum–Pedersen proof that `log_G(X) = log_B(Y)` (= the secret `x`):
 * `A1 = k·G`, `A2 = k·B`, `c = Hs(tag, context ‖ X ‖ B ‖ Y ‖ A1 ‖ A2)`, `s = k + c·x`; proof = `c ‖ s`.
 */
export function proveEqualLogs(
  tag: string,
  context: Uint8Array,
  x: bigint,
  X: RistrettoPoint,
  B: RistrettoPoint,
  Y: RistrettoPoint,
  rng: Rng = systemRng
): Uint8Array {
  const k = randomScalar(rng)
  const A1 = baseMul(k)
  const A2 = B.multiply(k)
  const c = hashToScalar(
    tag,
    context,
    X.toBytes(),
    B.toBytes(),
    Y.toBytes(),
    A1.toBytes(),
    A2.toBytes()
  )
  return concatBytes(scalarToBytes(c), scalarToBytes(Fn.add(k, Fn.mul(c, x))))
}

export function verifyEqualLogs(
  tag: string,
  context: Uint8Array,
  X: RistrettoPoint,
  B: RistrettoPoint,
  Y: RistrettoPoint,
  proof: Uint8Array
): boolean {
  const parts = splitProof(proof)
  if (!parts) return false
  const { c, s } = parts
  const A1 = G.multiplyUnsafe(s).subtract(X.multiplyUnsafe(c))
  const A2 = mulAddUnsafe(RistrettoPoint, [B, Y], [s, Fn.neg(c)])
  const expected = hashToScalar(
    tag,
    context,
    X.toBytes(),
    B.toBytes(),
    Y.toBytes(),
    A1.toBytes(),
    A2.toBytes()
  )
  return expected === c
}
