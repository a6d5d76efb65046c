/**
 * Independent protocol client — cryptography, from protocol.md alone. BLS12-381 through noble's raw
 * group operations and pairing (not its signature helpers), Ed25519 and SHA-256 through node:crypto.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto'
import { bls12_381 } from '@noble/curves/bls12-381.js'

export const DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_'
const G1 = bls12_381.G1.Point
const G2 = bls12_381.G2.Point
const ORDER = bls12_381.fields.Fr.ORDER
type G1Point = InstanceType<typeof G1> | ReturnType<typeof G1.fromBytes>
type G2Point = ReturnType<typeof G2.fromBytes>

export const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return new Uint8Array(h.digest())
}
export const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex')
export const fromHex = (h: string) => {
  if (!/^([0-9a-f]{2})*$/.test(h)) throw new Error('bad hex')
  return new Uint8Array(Buffer.from(h, 'hex'))
}
export const toB64 = (b: Uint8Array) => Buffer.from(b).toString('base64')
export const fromB64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'))
export const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'ascii'))
export const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts))

/** credMsg = "civic-budget/credential/v1" ‖ 0x00 ‖ uint64be(campaignId) ‖ voterKey(32) */
export function credMsg(campaignId: number, voterKey: Uint8Array): Uint8Array {
  const id = Buffer.alloc(8)
  id.writeBigUInt64BE(BigInt(campaignId))
  if (voterKey.length !== 32) throw new Error('voter key must be 32 bytes')
  return cat(ascii('civic-budget/credential/v1'), Uint8Array.of(0), id, voterKey)
}

function hashToG2(msg: Uint8Array): G2Point {
  return bls12_381.G2.hashToCurve(msg, { DST }) as unknown as G2Point
}

function decodeG2(bytes: Uint8Array): G2Point {
  if (bytes.length !== 96) throw new Error('G2 point must be 96 bytes')
  const p = G2.fromBytes(bytes)
  p.assertValidity()
  if (p.is0()) throw new Error('identity')
  if (toHex(p.toBytes()) !== toHex(bytes)) throw new Error('non-canonical G2 encoding')
  return p
}
function decodeG1(bytes: Uint8Array): G1Point {
  if (bytes.length !== 48) throw new Error('G1 point must be 48 bytes')
  const p = G1.fromBytes(bytes)
  p.assertValidity()
  if (p.is0()) throw new Error('identity')
  if (toHex(p.toBytes()) !== toHex(bytes)) throw new Error('non-canonical G1 encoding')
  return p
}

function randomNonZeroScalar(): bigint {
  for (;;) {
    // 64 random bytes reduced mod n: bias < 2^-250
    const r = BigInt('0x' + randomBytes(64).toString('hex')) % ORDER
    if (r !== 0n) return r
  }
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m]
  let [oldS, s] = [1n, 0n]
  while (r !== 0n) {
    const q = oldR / r
    ;[oldR, r] = [r, oldR - q * r]
    ;[oldS, s] = [s, oldS - q * s]
  }
  if (oldR !== 1n) throw new Error('not invertible')
  return ((oldS % m) + m) % m
}

export function blindCredential(campaignId: number, voterKey: Uint8Array) {
  const P = hashToG2(credMsg(campaignId, voterKey))
  const r = randomNonZeroScalar()
  return { blinded: toHex(P.multiply(r).toBytes()), r }
}

export function unblindCredential(blindSignature: string, r: bigint): Uint8Array {
  const S = decodeG2(fromHex(blindSignature)).multiply(modInverse(r, ORDER))
  return S.toBytes()
}

/** e(g1, sig) = e(pk, H(msg)) by direct pairings. */
export function blsVerify(publicKey: G1Point, msg: Uint8Array, signature: Uint8Array): boolean {
  try {
    const S = decodeG2(signature)
    const H = hashToG2(msg)
    const left = bls12_381.pairing(G1.BASE, S)
    const right = bls12_381.pairing(publicKey, H)
    return bls12_381.fields.Fp12.eql(left, right)
  } catch {
    return false
  }
}

export function verifyCredentialIndependently(
  registrarPublicKeyHex: string,
  campaignId: number,
  voterKey: Uint8Array,
  credential: Uint8Array
): boolean {
  try {
    return blsVerify(
      decodeG1(fromHex(registrarPublicKeyHex)),
      credMsg(campaignId, voterKey),
      credential
    )
  } catch {
    return false
  }
}

/** Aggregate of G1 public keys (hex), each validated. */
export function aggregateKeys(keysHex: string[]): G1Point {
  let acc: G1Point = G1.ZERO
  for (const k of keysHex) acc = acc.add(decodeG1(fromHex(k)))
  return acc
}

/* ------------------------------------------------------------------------------------- Ed25519 */

export interface VoterKeys {
  privateKey: KeyObject
  publicKey: Uint8Array
}

export function makeVoterKeys(): VoterKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const jwk = publicKey.export({ format: 'jwk' })
  return { privateKey, publicKey: new Uint8Array(Buffer.from(jwk.x!, 'base64url')) }
}

/** Ed25519 over "civic-budget/ballot/v1" ‖ 0x00 ‖ ballotBytes */
export function signBallotIndependently(keys: VoterKeys, ballotBytes: Uint8Array): Uint8Array {
  return new Uint8Array(
    sign(null, cat(ascii('civic-budget/ballot/v1'), Uint8Array.of(0), ballotBytes), keys.privateKey)
  )
}

export function verifyBallotIndependently(
  publicKey: Uint8Array,
  ballotBytes: Uint8Array,
  sig: Uint8Array
) {
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
    format: 'jwk',
  })
  return verify(null, cat(ascii('civic-budget/ballot/v1'), Uint8Array.of(0), ballotBytes), key, sig)
}

export { createPrivateKey }
