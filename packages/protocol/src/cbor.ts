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
