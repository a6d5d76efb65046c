/**
 * Byte-level helpers of wire protocol v1 (protocol.md "Encodings"): UTF-8, concatenation, constant-time
 * equality, lowercase hex, base64, uint64be and domain-separated messages.
 *
 * Isomorphic: runs in browsers and Node (no `node:` imports, no Buffer).
 */
import { EncodingError } from './errors.js'

/** Bytes given either as a `Uint8Array` or as lowercase hex. */
export type BytesLike = Uint8Array | string

const textEncoder = new TextEncoder()

export function utf8(text: string): Uint8Array {
  return textEncoder.encode(text)
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** Byte equality that does not stop at the first difference. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i]
  return diff === 0
}

/* ----------------------------------------------------------------------------------------------- hex */

const HEX_DIGITS = '0123456789abcdef'

export function bytesToHex(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += HEX_DIGITS[byte >> 4] + HEX_DIGITS[byte & 15]
  return out
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48 // 0-9
  if (code >= 97 && code <= 102) return code - 87 // a-f
  return -1
}

/** Strict: lowercase hex digits only, even length, optional `expectedLength` in bytes. */
export function hexToBytes(hex: string, expectedLength?: number): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0) {
    throw new EncodingError('bad_hex', 'hex string of even length expected')
  }
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) {
    const hi = hexValue(hex.charCodeAt(2 * i))
    const lo = hexValue(hex.charCodeAt(2 * i + 1))
    if (hi < 0 || lo < 0) throw new EncodingError('bad_hex', 'lowercase hex digits expected')
    out[i] = (hi << 4) | lo
  }
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new EncodingError('bad_length', `expected ${expectedLength} bytes, got ${out.length}`)
  }
  return out
}

/** Accepts bytes or lowercase hex; checks the length when given. Returns a copy-free view for bytes. */
export function toBytes(value: BytesLike, expectedLength?: number, name = 'value'): Uint8Array {
  let bytes: Uint8Array
  if (typeof value === 'string') bytes = hexToBytes(value)
  else if (value instanceof Uint8Array) bytes = value
  else throw new EncodingError('bad_type', `${name}: bytes or hex expected`)
  if (expectedLength !== undefined && bytes.length !== expectedLength) {
    throw new EncodingError(
      'bad_length',
      `${name}: expected ${expectedLength} bytes, got ${bytes.length}`
    )
  }
  return bytes
}

/* -------------------------------------------------------------------------------------------- base64 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const B64_LOOKUP = new Int16Array(128).fill(-1)
for (let i = 0; i < B64.length; i++) B64_LOOKUP[B64.charCodeAt(i)] = i

/** RFC 4648 §4 base64 with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2]
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63]
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i] << 16
    out += B64[n >> 18] + B64[(n >> 12) & 63] + '=='
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8)
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + '='
  }
  return out
}

/**
 * RFC 4648 §4 base64. Padding may be omitted; anything else non-canonical (other alphabets,
 * whitespace, non-zero trailing bits, misplaced padding) is refused, so one string ↔ one byte string.
 */
export function base64ToBytes(text: string): Uint8Array {
  if (typeof text !== 'string') throw new EncodingError('bad_base64', 'base64 string expected')
  let body = text
  if (body.length % 4 === 0 && body.endsWith('==')) body = body.slice(0, -2)
  else if (body.length % 4 === 0 && body.endsWith('=')) body = body.slice(0, -1)
  if (body.length % 4 === 1) throw new EncodingError('bad_base64', 'bad base64 length')
  const out = new Uint8Array(Math.floor((body.length * 3) / 4))
  let acc = 0
  let bits = 0
  let o = 0
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i)
    const v = code < 128 ? B64_LOOKUP[code] : -1
    if (v < 0) throw new EncodingError('bad_base64', 'bad base64 character')
    acc = ((acc << 6) | v) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 0xff
    }
  }
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) {
    throw new EncodingError('bad_base64', 'non-zero trailing bits in base64')
  }
  return out
}

/* -------------------------------------------------------------------------------------------- uint64 */

export function uint64be(value: number | bigint): Uint8Array {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new EncodingError('bad_uint', 'uint64 out of range')
  }
  const n = typeof value === 'bigint' ? value : BigInt(value)
  if (n < 0n || n > 0xffffffffffffffffn) throw new EncodingError('bad_uint', 'uint64 out of range')
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, n, false)
  return out
}

/** `utf8(tag) ‖ 0x00 ‖ parts…` */
export function domainMessage(tag: string, ...parts: Uint8Array[]): Uint8Array {
  return concatBytes(utf8(tag), new Uint8Array([0]), ...parts)
}
