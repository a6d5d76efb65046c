// The binary body of `POST /txs` (`Content-Type: application/cbor`): one canonical CBOR array of byte
// strings, `[txBytes…]` — the same bytes as the JSON form's base64 strings, without base64 (a third
// larger) and JSON parsing. Each tx is a view into the body (no copy); tx arrays are never mutated.
//
// Strict: definite lengths, shortest-form heads, nothing after the array; anything else is one error
// for the whole body (400), as a malformed JSON body is.

export class TxListError extends Error {}

/** Reads a canonical CBOR head of `major` at `at`: [argument, offset after the head]. */
function head(b: Uint8Array, at: number, major: number, what: string): [number, number] {
  if (at >= b.length) throw new TxListError(`${what}: truncated`)
  const ib = b[at]!
  if (ib >> 5 !== major) throw new TxListError(`${what}: expected major type ${major}`)
  const ai = ib & 0x1f
  if (ai < 24) return [ai, at + 1]
  const size = ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : 0
  if (size === 0) throw new TxListError(`${what}: unsupported length form`)
  if (at + 1 + size > b.length) throw new TxListError(`${what}: truncated`)
  let n = 0
  for (let i = 1; i <= size; i++) n = n * 256 + b[at + i]!
  const min = size === 1 ? 24 : size === 2 ? 0x100 : 0x10000
  if (n < min) throw new TxListError(`${what}: non-shortest length`)
  return [n, at + 1 + size]
}

/** Parses `[bstr…]` with at most `countMax` items; throws TxListError. */
export function parseCborTxList(body: Uint8Array, countMax: number): Uint8Array[] {
  const [count, start] = head(body, 0, 4, 'body')
  if (count > countMax) throw new TxListError(`more than ${countMax} txs`)
  const out: Uint8Array[] = new Array(count)
  let at = start
  for (let i = 0; i < count; i++) {
    const [len, from] = head(body, at, 2, `tx ${i}`)
    if (from + len > body.length) throw new TxListError(`tx ${i}: truncated`)
    out[i] = new Uint8Array(body.buffer, body.byteOffset + from, len)
    at = from + len
  }
  if (at !== body.length) throw new TxListError('trailing bytes after the array')
  return out
}
