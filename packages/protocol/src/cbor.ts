/**
 * Deterministic CBOR of wire protocol v1 (protocol.md "Encodings"): definite lengths, shortest
 * integers, arrays only. `cborDecode` is strict (the canonical re-encoding must reproduce the input);
 * the `read*` field readers check shapes and size limits and throw `EncodingError`.
 *
 * Isomorphic: runs in browsers and Node.
 */
import { decode as cborgDecode, encode as cborgEncode } from 'cborg'
import { equalBytes } from './bytes.js'
import { EncodingError } from './errors.js'

/**
 * The only values that occur in v1 structures: unsigned integers (JS safe integers), text strings,
 * byte strings and arrays of those. No maps, floats, negative numbers, booleans, null or tags.
 */
export type CborValue = number | string | Uint8Array | CborValue[]

export function isUint(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function assertCborValue(value: unknown, depth: number): asserts value is CborValue {
  if (depth > 16) throw new EncodingError('cbor_too_deep', 'CBOR nesting too deep')
  if (typeof value === 'number') {
    if (!isUint(value)) {
      throw new EncodingError('cbor_bad_type', 'only unsigned safe integers are allowed')
    }
    return
  }
  if (typeof value === 'string' || value instanceof Uint8Array) return
  if (Array.isArray(value)) {
    for (const item of value) assertCborValue(item, depth + 1)
    return
  }
  throw new EncodingError('cbor_bad_type', `unsupported CBOR value (${typeof value})`)
}

/** Deterministic CBOR of a v1 value (cborg emits definite lengths and shortest integers). */
export function cborEncode(value: CborValue): Uint8Array {
  assertCborValue(value, 0)
  return cborgEncode(value)
}

const DECODE_OPTIONS = {
  strict: true,
  allowIndefinite: false,
  allowUndefined: false,
  allowNaN: false,
  allowInfinity: false,
  allowBigInt: true,
  useMaps: true,
  rejectDuplicateMapKeys: true,
}

/**
 * Decodes CBOR and accepts it only if it is a v1 value whose canonical re-encoding reproduces the
 * input exactly (so no floats passing as integers, no over-long heads, no trailing bytes, valid UTF-8).
 */
export function cborDecode(bytes: Uint8Array): CborValue {
  if (!(bytes instanceof Uint8Array)) throw new EncodingError('cbor_bad_input', 'bytes expected')
  let value: unknown
  try {
    value = cborgDecode(bytes, DECODE_OPTIONS)
  } catch (error) {
    throw new EncodingError('cbor_malformed', `malformed CBOR: ${(error as Error).message}`)
  }
  assertCborValue(value, 0)
  const again = cborgEncode(value)
  if (!equalBytes(again, bytes)) {
    throw new EncodingError('cbor_non_canonical', 'CBOR is not in canonical form')
  }
  return value
}

/* ---------------------------------------------------------------------------------- field readers */
/* Shape checks of decoded values with size limits; each throws EncodingError('malformed', …) naming
 * the field. The strict tx decoders (`pb.ts`) are built from them. */

function malformed(message: string): never {
  throw new EncodingError('malformed', message)
}

export function readArray(v: unknown, what: string, length?: number): unknown[] {
  if (!Array.isArray(v)) malformed(`${what}: expected array`)
  if (length !== undefined && v.length !== length)
    malformed(`${what}: expected ${length} items, got ${v.length}`)
  return v
}

export function readUint(v: unknown, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!isUint(v) || v > max) malformed(`${what}: expected uint ≤ ${max}`)
  return v
}

export function readBytes(
  v: unknown,
  what: string,
  length?: number,
  maxLength = 1 << 24
): Uint8Array {
  if (!(v instanceof Uint8Array)) malformed(`${what}: expected bstr`)
  if (length !== undefined && v.length !== length) malformed(`${what}: expected ${length} bytes`)
  if (v.length > maxLength) malformed(`${what}: longer than ${maxLength} bytes`)
  return v
}

export function readText(v: unknown, what: string, maxLength = 256): string {
  if (typeof v !== 'string') malformed(`${what}: expected tstr`)
  if (v.length > maxLength) malformed(`${what}: longer than ${maxLength}`)
  return v
}

export function readUintList(v: unknown, what: string, maxItems: number): number[] {
  const a = readArray(v, what)
  if (a.length > maxItems) malformed(`${what}: more than ${maxItems} items`)
  return a.map((x, i) => readUint(x, `${what}[${i}]`))
}
