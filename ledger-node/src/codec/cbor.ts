/**
 * Canonical CBOR for ledger-node (protocol.md "Encodings"): definite lengths, shortest-form integers,
 * arrays only (no maps), no floats, no tags, no undefined. Decoding is strict: non-shortest integers,
 * indefinite lengths, trailing bytes and out-of-range values are rejected with CodecError.
 */
import { encode, decode } from 'cborg'

export class CodecError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CodecError'
  }
}

export type CborValue = number | string | boolean | null | Uint8Array | CborValue[]

export function encodeCbor(value: CborValue): Uint8Array {
  return encode(value)
}

export function decodeCbor(bytes: Uint8Array): unknown {
  try {
    return decode(bytes, {
      strict: true,
      allowIndefinite: false,
      allowUndefined: false,
      allowBigInt: false,
      rejectDuplicateMapKeys: true,
    })
  } catch (e) {
    throw new CodecError(`invalid CBOR: ${(e as Error).message}`)
  }
}

// ── field readers (throw CodecError) ──

export function asArray(v: unknown, what: string, len?: number): unknown[] {
  if (!Array.isArray(v)) throw new CodecError(`${what}: expected array`)
  if (len !== undefined && v.length !== len)
    throw new CodecError(`${what}: expected ${len} items, got ${v.length}`)
  return v
}

export function asUint(v: unknown, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > max) {
    throw new CodecError(`${what}: expected uint ≤ ${max}`)
  }
  return v
}

export function asBytes(v: unknown, what: string, len?: number, maxLen = 1 << 24): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new CodecError(`${what}: expected bstr`)
  if (len !== undefined && v.length !== len) throw new CodecError(`${what}: expected ${len} bytes`)
  if (v.length > maxLen) throw new CodecError(`${what}: longer than ${maxLen} bytes`)
  return v
}

export function asText(v: unknown, what: string, maxLen = 256): string {
  if (typeof v !== 'string') throw new CodecError(`${what}: expected tstr`)
  if (v.length > maxLen) throw new CodecError(`${what}: longer than ${maxLen}`)
  return v
}

export function asUintList(v: unknown, what: string, maxItems: number): number[] {
  const a = asArray(v, what)
  if (a.length > maxItems) throw new CodecError(`${what}: more than ${maxItems} items`)
  return a.map((x, i) => asUint(x, `${what}[${i}]`))
}
