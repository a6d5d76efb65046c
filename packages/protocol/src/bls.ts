/**
 * BLS12-381 "minimal-pubkey-size" helpers (protocol.md "Keys and signatures"): public keys in G1
 * (48 bytes compressed), signatures in G2 (96 bytes compressed), DST of the POP ciphersuite.
 * Built on `@noble/curves` (pure JS) so it runs in browsers; interoperable with `@chainsafe/blst`.
 *
 * Point parsing is strict: exact length, compressed form, canonical coordinates (< p), on the curve,
 * in the prime-order subgroup and (unless allowed) not the identity — each failure has its own code.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { InvalidPointError } from './errors.js'

export const BLS_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_'
/** Proof-of-possession DST of the same ciphersuite (IETF draft-irtf-cfrg-bls-signature §4.2.3). */
export const BLS_POP_DST = 'BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_'

export const G1_BYTES = 48
export const G2_BYTES = 96

export const bls = bls12_381.longSignatures
export const G1Point = bls12_381.G1.Point
export const G2Point = bls12_381.G2.Point
export type G1 = ReturnType<typeof bls.getPublicKey>
export type G2 = ReturnType<typeof bls.hash>

const { Fp, Fp2, Fr } = bls12_381.fields
/** Order of G1/G2 (the scalar field). */
export const CURVE_ORDER: bigint = Fr.ORDER

function bytesToBigInt(bytes: Uint8Array): bigint {
  let n = 0n
  for (const byte of bytes) n = (n << 8n) | BigInt(byte)
  return n
}

function readFlags(bytes: Uint8Array, length: number, what: string) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new InvalidPointError('bad_length', `${what}: expected ${length} bytes`)
  }
  const flags = bytes[0] & 0xe0
  const compressed = (flags & 0x80) !== 0
  const infinity = (flags & 0x40) !== 0
  const sort = (flags & 0x20) !== 0
  if (!compressed) throw new InvalidPointError('bad_encoding', `${what}: compressed form expected`)
  if (infinity) {
    const rest = bytes.subarray(1).some((b) => b !== 0) || (bytes[0] & 0x3f) !== 0
    if (sort || rest) throw new InvalidPointError('bad_encoding', `${what}: malformed infinity`)
    throw new InvalidPointError('identity', `${what}: the identity point is not allowed`)
  }
  const body = bytes.slice()
  body[0] &= 0x1f
  return body
}

/** Parses a compressed G2 point (signature, blinded message, credential). Never returns the identity. */
export function parseG2(bytes: Uint8Array, what = 'G2 point'): G2 {
  const body = readFlags(bytes, G2_BYTES, what)
  const c1 = bytesToBigInt(body.subarray(0, 48))
  const c0 = bytesToBigInt(body.subarray(48))
  if (c0 >= Fp.ORDER || c1 >= Fp.ORDER) {
    throw new InvalidPointError('bad_encoding', `${what}: coordinate not reduced`)
  }
  const x = Fp2.create({ c0, c1 })
  const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), G2Point.CURVE().b)
  let y
  try {
    y = Fp2.sqrt(rhs)
  } catch {
    y = undefined
  }
  if (!y || !Fp2.eql(Fp2.sqr(y), rhs)) {
    throw new InvalidPointError('not_on_curve', `${what}: not on the curve`)
  }
  if (sortFp2(y) !== ((bytes[0] & 0x20) !== 0)) y = Fp2.neg(y)
  const point = G2Point.fromAffine({ x, y })
  if (!point.isTorsionFree()) {
    throw new InvalidPointError('not_in_subgroup', `${what}: not in the prime-order subgroup`)
  }
  return point
}

/** Parses a compressed G1 point (public key). Never returns the identity. */
export function parseG1(bytes: Uint8Array, what = 'G1 point'): G1 {
  const body = readFlags(bytes, G1_BYTES, what)
  const x = bytesToBigInt(body)
  if (x >= Fp.ORDER) throw new InvalidPointError('bad_encoding', `${what}: coordinate not reduced`)
  const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), G1Point.CURVE().b)
  let y
  try {
    y = Fp.sqrt(rhs)
  } catch {
    y = undefined
  }
  if (y === undefined || !Fp.eql(Fp.sqr(y), rhs)) {
    throw new InvalidPointError('not_on_curve', `${what}: not on the curve`)
  }
  if (sortFp(y) !== ((bytes[0] & 0x20) !== 0)) y = Fp.neg(y)
  const point = G1Point.fromAffine({ x, y })
  if (!point.isTorsionFree()) {
    throw new InvalidPointError('not_in_subgroup', `${what}: not in the prime-order subgroup`)
  }
  return point
}

/* Compressed encodings (ZCash format), written here so that encoding a point we computed ourselves
 * from valid points does not pay for another subgroup check. */

const HALF_P_TEST = (v: bigint) => 2n * v >= Fp.ORDER
/** The "sort" flag: y is lexicographically the larger of ±y. */
function sortFp(y: bigint): boolean {
  return y !== 0n && HALF_P_TEST(y)
}
function sortFp2(y: { c0: bigint; c1: bigint }): boolean {
  return y.c1 !== 0n ? HALF_P_TEST(y.c1) : y.c0 !== 0n && HALF_P_TEST(y.c0)
}
function bigIntTo48(n: bigint, out: Uint8Array, offset: number) {
  let v = n
  for (let i = 47; i >= 0; i--) {
    out[offset + i] = Number(v & 0xffn)
    v >>= 8n
  }
}

export function encodeG2(point: G2): Uint8Array {
  const out = new Uint8Array(G2_BYTES)
  if (point.is0()) {
    out[0] = 0xc0
    return out
  }
  const { x, y } = point.toAffine()
  bigIntTo48(x.c1, out, 0)
  bigIntTo48(x.c0, out, 48)
  out[0] |= 0x80 | (sortFp2(y) ? 0x20 : 0)
  return out
}

export function encodeG1(point: G1): Uint8Array {
  const out = new Uint8Array(G1_BYTES)
  if (point.is0()) {
    out[0] = 0xc0
    return out
  }
  const { x, y } = point.toAffine()
  bigIntTo48(x, out, 0)
  out[0] |= 0x80 | (sortFp(y) ? 0x20 : 0)
  return out
}

/** `hashToG2(msg, DST)` of the POP ciphersuite. */
export function hashToG2(message: Uint8Array): G2 {
  return bls.hash(message, BLS_DST)
}

/** Plain BLS verification `e(pk, H(m)) = e(g1, sig)`; false for any malformed input. */
export function verifyBls(publicKey: G1, message: Uint8Array, signature: G2): boolean {
  try {
    return bls.verify(signature, hashToG2(message), publicKey)
  } catch {
    return false
  }
}

/** Secret key as a scalar in [1, n). Accepts the 32-byte big-endian encoding. */
export function parseSecretKey(secretKey: Uint8Array): bigint {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32) {
    throw new InvalidPointError('bad_length', 'secret key: expected 32 bytes')
  }
  const k = bytesToBigInt(secretKey)
  if (k === 0n || k >= CURVE_ORDER) {
    throw new InvalidPointError('bad_encoding', 'secret key out of range')
  }
  return k
}

export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  return encodeG1(G1Point.BASE.multiply(parseSecretKey(secretKey)))
}

/** Uniform scalar in [1, n) by rejection sampling of 255-bit strings. */
export function randomScalar(rng: (length: number) => Uint8Array = defaultRandomBytes): bigint {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const bytes = rng(32)
    if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
      throw new Error('rng must return 32 bytes')
    }
    const copy = bytes.slice()
    copy[0] &= 0x7f
    const k = bytesToBigInt(copy)
    if (k !== 0n && k < CURVE_ORDER) return k
  }
  throw new Error('rng keeps returning out-of-range values')
}

export function defaultRandomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length)
  globalThis.crypto.getRandomValues(out)
  return out
}

export function scalarToBytes(k: bigint): Uint8Array {
  const out = new Uint8Array(32)
  let n = k
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(n & 0xffn)
    n >>= 8n
  }
  return out
}

export function invertScalar(k: bigint): bigint {
  return Fr.inv(Fr.create(k))
}
