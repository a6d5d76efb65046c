/**
 * Independent protocol client — ballot v2 (protocol.md "Threshold encryption"), from the text alone:
 * ristretto255 through noble's point type (its group operations only), HKDF-SHA256, SHA-256 and
 * SHA-512 through node:crypto, ChaCha20-Poly1305 through node:crypto (IETF, 12-byte nonce, 16-byte
 * tag appended). Nothing from `@civic-budget/protocol`.
 *
 *   plaintext  = uint16be(len) ‖ CBOR([[projectId, weight]…]) ‖ zeros  (paddedLength bytes)
 *   R = r·G, S = r·PK, key ‖ nonce = HKDF-SHA256(S, no salt, info = "civic-budget/ballot-kem/v1" ‖ 0x00 ‖
 *                uint64be(campaignId) ‖ PK ‖ R, 44 bytes)
 *   ciphertext = ChaCha20-Poly1305(key, nonce, plaintext, aad = "civic-budget/encrypted-choices/v1" ‖
 *                0x00 ‖ uint64be(campaignId) ‖ voterKey)
 *   proof      = A ‖ s: A = k·G, c = LE(SHA-512("civic-budget/ballot-pok/v1" ‖ 0x00 ‖ context ‖ R ‖ A))
 *                mod ℓ, s = k + c·r (32 bytes LE); context = uint64be(campaignId) ‖ voterKey ‖ PK ‖
 *                SHA-256(ciphertext)
 */
import { createCipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto'
import { ristretto255 } from '@noble/curves/ed25519.js'
import { encode, type Item } from './cbor.js'
import { ascii, cat, fromHex, sha256 } from './crypto.js'

const Point = ristretto255.Point
const ORDER = Point.Fn.ORDER

export interface IndependentEncryption {
  electionKey: string
  paddedLength: number
}

const uint64be = (n: number) => {
  const out = Buffer.alloc(8)
  out.writeBigUInt64BE(BigInt(n))
  return new Uint8Array(out)
}
const tagged = (tag: string, ...parts: Uint8Array[]) =>
  cat(ascii(tag), new Uint8Array([0]), ...parts)
const le32 = (k: bigint) =>
  Uint8Array.from({ length: 32 }, (_, i) => Number((k >> BigInt(8 * i)) & 0xffn))
const fromLe = (bytes: Uint8Array) =>
  [...bytes].reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n)
const scalar = () => (BigInt(`0x${randomBytes(64).toString('hex')}`) % (ORDER - 1n)) + 1n

/** `[R, ciphertext, proof]`, the encrypted item of ballot v2, for sorted `[projectId, weight]` pairs. */
export function encryptChoicesIndependently(
  encryption: IndependentEncryption,
  campaignId: number,
  voterKey: Uint8Array,
  pairs: [number, number][]
): Item[] {
  const PK = Point.fromBytes(fromHex(encryption.electionKey))
  const body = encode(pairs as Item[])
  if (body.length + 2 > encryption.paddedLength) throw new Error('the choices do not fit')
  const plaintext = new Uint8Array(encryption.paddedLength)
  plaintext.set([body.length >> 8, body.length & 0xff], 0)
  plaintext.set(body, 2)

  const r = scalar()
  const R = Point.BASE.multiply(r).toBytes()
  const S = PK.multiply(r).toBytes()
  const id = uint64be(campaignId)
  const okm = new Uint8Array(
    hkdfSync(
      'sha256',
      S,
      new Uint8Array(0),
      tagged('civic-budget/ballot-kem/v1', id, PK.toBytes(), R),
      44
    )
  )
  const cipher = createCipheriv('chacha20-poly1305', okm.subarray(0, 32), okm.subarray(32), {
    authTagLength: 16,
  })
  cipher.setAAD(tagged('civic-budget/encrypted-choices/v1', id, voterKey), {
    plaintextLength: plaintext.length,
  })
  const ciphertext = cat(cipher.update(plaintext), cipher.final(), cipher.getAuthTag())

  const context = cat(id, voterKey, PK.toBytes(), sha256(ciphertext))
  const k = scalar()
  const A = Point.BASE.multiply(k).toBytes()
  const digest = createHash('sha512')
    .update(tagged('civic-budget/ballot-pok/v1', context, R, A))
    .digest()
  const c = fromLe(new Uint8Array(digest)) % ORDER
  return [R, ciphertext, cat(A, le32((k + c * r) % ORDER))]
}
