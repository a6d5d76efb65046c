/**
 * The prime-order group of the threshold encryption (protocol.md "Threshold encryption"): ristretto255
 * (RFC 9496) from `@noble/curves`, its scalars, hash-to-scalar, Lagrange coefficients and the two
 * sigma proofs the records use: Schnorr proofs of knowledge as `A ‖ s` (64 bytes; kept in commitment
 * form so that many verify in one multi-scalar multiplication) and Chaum–Pedersen equality of logs as
 * the compact `c ‖ s` (64 bytes).
 *
 *   point   = 32 bytes, RFC 9496 canonical encoding; the identity is refused
 *   scalar  = 32 bytes little-endian, < L (the group order); non-canonical encodings are refused
 *   Hs(tag, parts…) = SHA-512(utf8(tag) ‖ 0x00 ‖ parts…) as a little-endian number mod L
 *
 * Secret scalars are only multiplied with noble's constant-time `multiply`; `multiplyUnsafe` and
 * multi-scalar multiplication are for public values (verification). Isomorphic: no `node:` imports.
 */
import { mulAddUnsafe, pippenger } from '@noble/curves/abstract/curve.js'
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
/** A sigma proof: `A ‖ s` (proof of knowledge) or `c ‖ s` (compact equality of logs). */
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
  encodings.set(point, bytes.slice())
  return point
}

/* Encoding a point costs an inversion; transcripts encode the same points again and again (R of every
 * ballot, X_i of a trustee), so each point object remembers its bytes (points are immutable). */
const encodings = new WeakMap<RistrettoPoint, Uint8Array>()

/** The 32-byte encoding of a point, cached per point object. The result must not be mutated. */
export function pointBytes(point: RistrettoPoint): Uint8Array {
  let bytes = encodings.get(point)
  if (!bytes) {
    bytes = point.toBytes()
    encodings.set(point, bytes)
  }
  return bytes
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

/** The `c ‖ s` of a compact proof, or null. */
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
 * `A = k·G`, `c = Hs(tag, context ‖ X ‖ A)`, `s = k + c·x`; proof = `A ‖ s`.
 */
export function proveKnowledge(
  tag: string,
  context: Uint8Array,
  x: bigint,
  X: RistrettoPoint,
  rng: Rng = systemRng
): Uint8Array {
  const k = randomScalar(rng)
  const A = pointBytes(baseMul(k))
  const c = hashToScalar(tag, context, pointBytes(X), A)
  return concatBytes(A, scalarToBytes(Fn.add(k, Fn.mul(c, x))))
}

/** A proof-of-knowledge statement: `proof` claims knowledge of log_G(X) under `tag` and `context`. */
export interface KnowledgeStatement {
  tag: string
  context: Uint8Array
  X: RistrettoPoint
  proof: Uint8Array
}

interface OpenedKnowledge {
  A: RistrettoPoint
  s: bigint
  c: bigint
}

function openKnowledge(statement: KnowledgeStatement): OpenedKnowledge | null {
  const { tag, context, X, proof } = statement
  if (!(proof instanceof Uint8Array) || proof.length !== PROOF_BYTES) return null
  try {
    const A = parsePoint(proof.subarray(0, 32))
    const s = parseScalar(proof.subarray(32))
    return { A, s, c: hashToScalar(tag, context, pointBytes(X), proof.subarray(0, 32)) }
  } catch {
    return null
  }
}

/** Verifies a `proveKnowledge` proof: `s·G − c·X = A`. */
export function verifyKnowledge(statement: KnowledgeStatement): boolean {
  const opened = openKnowledge(statement)
  if (!opened) return false
  return G.multiplyUnsafe(opened.s).subtract(statement.X.multiplyUnsafe(opened.c)).equals(opened.A)
}

/**
 * Verifies many proofs of knowledge at once: `(Σ ρ_k·s_k)·G − Σ ρ_k·A_k − Σ ρ_k·c_k·X_k = 0` for
 * random 128-bit ρ_k, one multi-scalar multiplication (a bad proof passes with probability ≤ 2^-127).
 * True only if every proof is valid; callers fall back to `verifyKnowledge` to find the bad ones.
 */
export function verifyKnowledgeBatch(
  statements: readonly KnowledgeStatement[],
  rng: Rng = systemRng
): boolean {
  const points: RistrettoPoint[] = [G]
  const scalars: bigint[] = [0n]
  for (const statement of statements) {
    const opened = openKnowledge(statement)
    if (!opened) return false
    const rho = randomWeight(rng)
    scalars[0] = Fn.add(scalars[0], Fn.mul(rho, opened.s))
    points.push(opened.A, statement.X)
    scalars.push(Fn.neg(rho), Fn.neg(Fn.mul(rho, opened.c)))
  }
  return pippenger(RistrettoPoint, points, scalars).is0()
}

/** A random non-zero 128-bit weight of a batch verification's linear combination. */
export function randomWeight(rng: Rng = systemRng): bigint {
  for (;;) {
    const w = bytesToNumberLE(rng(16))
    if (w !== 0n) return w
  }
}

/** The Chaum–Pedersen challenge `Hs(tag, context ‖ X ‖ B ‖ Y ‖ A1 ‖ A2)`, one transcript for prover and verifier. */
function equalLogsChallenge(tag: string, context: Uint8Array, points: RistrettoPoint[]): bigint {
  return hashToScalar(tag, context, ...points.map(pointBytes))
}

/**
 * Chaum–Pedersen proof (compact; used only for complaints, which are few) that `log_G(X) = log_B(Y)`:
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
  const c = equalLogsChallenge(tag, context, [X, B, Y, A1, A2])
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
  return equalLogsChallenge(tag, context, [X, B, Y, A1, A2]) === c
}
