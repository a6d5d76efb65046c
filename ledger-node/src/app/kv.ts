/**
 * The `kv` app: a tiny key-value state machine for consensus tests and benchmarks.
 *
 *   tx    = CBOR([1, "kv", key (tstr, 1..KV_KEY_BYTES_MAX UTF-8 bytes), value (bstr ≤ KV_VALUE_BYTES_MAX)])
 *           and the bytes must be the canonical encoding of that array
 *   state = map key → value; a tx sets key := value
 *   result per tx = CBOR([key, H(value)])
 *   stateRoot = H("civic-budget/kv/state/v1" ‖ 0x00 ‖ parentStateRoot ‖ H(CBOR([result…])))
 *
 * States are overlays: {parent, writes}. Reads walk up to the first committed overlay, then read the
 * committed base map (which always equals the state of the latest committed block).
 */
import type { Hash, StorageOp } from '../consensus/types.js'
import { bytesEqual, concatBytes, sha256 } from '../crypto/hash.js'
import { type CodecError, decodeCbor, encodeCbor } from '../codec/cbor.js'
import type { App, BlockContext, BlockExecution, TxCheck, TxOutcome } from './app.js'

export const KV_KEY_BYTES_MAX = 256
export const KV_VALUE_BYTES_MAX = 4096
const STATE_TAG = concatBytes(
  new TextEncoder().encode('civic-budget/kv/state/v1'),
  new Uint8Array([0])
)
const KEY_PREFIX = new TextEncoder().encode('kv/')

export interface KvState {
  readonly parent: KvState | null
  readonly writes: ReadonlyMap<string, Uint8Array>
  readonly height: number
  committed: boolean
}

export function encodeKvTx(key: string, value: Uint8Array): Uint8Array {
  return encodeCbor([1, 'kv', key, value])
}

type KvDecoded = { key: string; value: Uint8Array } | { error: string }

// The canonical ASCII-key form is decoded from scratch every time (a few byte reads: cheaper than a
// WeakMap lookup per tx); everything else goes through the full decoder once, memoized by byte-array
// identity (tx arrays are never mutated).
const decodedCache = new WeakMap<Uint8Array, KvDecoded>()

export function decodeKvTx(tx: Uint8Array): KvDecoded {
  const fast = decodeKvTxFast(tx)
  if (fast !== null) return fast
  let d = decodedCache.get(tx)
  if (d === undefined) {
    d = decodeKvTxUncached(tx)
    decodedCache.set(tx, d)
  }
  return d
}

/** Canonical CBOR head (major type `major`, argument n): [offset after head, n] or null if not shortest form. */
function readHead(b: Uint8Array, at: number, major: number): [number, number] | null {
  if (at >= b.length || b[at]! >> 5 !== major) return null
  const ai = b[at]! & 0x1f
  if (ai < 24) return [at + 1, ai]
  if (ai === 24) return at + 1 < b.length && b[at + 1]! >= 24 ? [at + 2, b[at + 1]!] : null
  if (ai === 25) {
    if (at + 2 >= b.length) return null
    const n = (b[at + 1]! << 8) | b[at + 2]!
    return n >= 0x100 ? [at + 3, n] : null
  }
  return null // longer arguments exceed every kv limit: leave them to the full decoder
}

/**
 * Fast path for the common case — the exact canonical form `[1, "kv", key, value]` with a non-empty
 * ASCII key within the limits — without building a CBOR token tree and re-encoding it. Returns null for
 * everything else, which then goes through the full decoder (same verdicts and reasons as before: for
 * the bytes accepted here the full decoder would return the same key and value).
 */
function decodeKvTxFast(tx: Uint8Array): KvDecoded | null {
  if (tx.length < 7 || tx[0] !== 0x84 || tx[1] !== 0x01) return null
  if (tx[2] !== 0x62 || tx[3] !== 0x6b || tx[4] !== 0x76) return null // "kv"
  const k = readHead(tx, 5, 3)
  if (k === null) return null
  const [keyAt, keyLen] = k
  if (keyLen === 0 || keyLen > KV_KEY_BYTES_MAX || keyAt + keyLen > tx.length) return null
  for (let i = keyAt; i < keyAt + keyLen; i++) if (tx[i]! >= 0x80) return null
  const v = readHead(tx, keyAt + keyLen, 2)
  if (v === null) return null
  const [valueAt, valueLen] = v
  if (valueLen > KV_VALUE_BYTES_MAX || valueAt + valueLen !== tx.length) return null
  const key = Buffer.from(tx.buffer, tx.byteOffset + keyAt, keyLen).toString('latin1')
  return { key, value: tx.subarray(valueAt) }
}

/** The full decoder (generic CBOR decode + canonical re-encoding check); exported for tests. */
export function decodeKvTxUncached(tx: Uint8Array): KvDecoded {
  let v: unknown
  try {
    v = decodeCbor(tx)
  } catch (e) {
    return { error: (e as CodecError).message }
  }
  if (!Array.isArray(v) || v.length !== 4) return { error: 'kv tx must be [1, "kv", key, value]' }
  if (v[0] !== 1 || v[1] !== 'kv') return { error: 'not a kv v1 tx' }
  const key = v[2]
  const value = v[3]
  if (typeof key !== 'string') return { error: 'key must be tstr' }
  const keyBytes = new TextEncoder().encode(key).length
  if (keyBytes === 0) return { error: 'empty key' }
  if (keyBytes > KV_KEY_BYTES_MAX) return { error: 'key too long' }
  if (!(value instanceof Uint8Array)) return { error: 'value must be bstr' }
  if (value.length > KV_VALUE_BYTES_MAX) return { error: 'value too long' }
  if (!bytesEqual(encodeKvTx(key, value), tx)) return { error: 'non-canonical encoding' }
  return { key, value }
}

const utf8 = new TextEncoder()

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false
  return true
}

/** The app checkpoint key `kv/<key>` (UTF-8), without an intermediate encoding for ASCII keys. */
function appKeyOf(key: string): Uint8Array {
  if (!isAscii(key)) return concatBytes(KEY_PREFIX, utf8.encode(key))
  const out = new Uint8Array(KEY_PREFIX.length + key.length)
  out.set(KEY_PREFIX, 0)
  for (let i = 0; i < key.length; i++) out[KEY_PREFIX.length + i] = key.charCodeAt(i)
  return out
}

/** = encodeCbor([key, valueHash]) (canonical CBOR is compositional), without the generic encoder. */
export function encodeKvResult(key: string, valueHash: Uint8Array): Uint8Array {
  const ascii = isAscii(key)
  const k = ascii ? null : utf8.encode(key)
  const kLen = k === null ? key.length : k.length
  const out = new Uint8Array(
    1 + headBytes(kLen) + kLen + headBytes(valueHash.length) + valueHash.length
  )
  out[0] = 0x82
  let o = writeHead(out, 1, 3, kLen)
  if (k === null) for (let i = 0; i < kLen; i++) out[o + i] = key.charCodeAt(i)
  else out.set(k, o)
  o = writeHead(out, o + kLen, 2, valueHash.length)
  out.set(valueHash, o)
  return out
}

/** Bytes of the canonical CBOR head for argument n < 2^32. */
function headBytes(n: number): number {
  return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5
}

/** Writes the canonical CBOR head (major, n < 2^32) at `at`; returns the end. */
function writeHead(out: Uint8Array, at: number, major: number, n: number): number {
  const m = major << 5
  if (n < 24) {
    out[at] = m | n
    return at + 1
  }
  if (n < 0x100) {
    out[at] = m | 24
    out[at + 1] = n
    return at + 2
  }
  if (n < 0x10000) {
    out[at] = m | 25
    out[at + 1] = n >> 8
    out[at + 2] = n & 0xff
    return at + 3
  }
  out[at] = m | 26
  out[at + 1] = (n >>> 24) & 0xff
  out[at + 2] = (n >> 16) & 0xff
  out[at + 3] = (n >> 8) & 0xff
  out[at + 4] = n & 0xff
  return at + 5
}

/** = encodeCbor(items) for an array of byte strings, written into one buffer (no per-item garbage). */
export function encodeBstrArray(items: readonly Uint8Array[]): Uint8Array {
  let n = headBytes(items.length)
  for (const x of items) n += headBytes(x.length) + x.length
  const out = new Uint8Array(n)
  let o = writeHead(out, 0, 4, items.length)
  for (const x of items) {
    o = writeHead(out, o, 2, x.length)
    out.set(x, o)
    o += x.length
  }
  return out
}

export class KvApp implements App<KvState> {
  readonly name = 'kv'
  /** The committed state as a flat map (equals the state of the latest committed block). */
  private base = new Map<string, Uint8Array>()
  private baseHeight = 0

  checkTx(tx: Uint8Array): TxCheck {
    const d = decodeKvTx(tx)
    return 'error' in d ? { ok: false, reason: d.error } : { ok: true }
  }

  genesisState(): KvState {
    this.base = new Map()
    this.baseHeight = 0
    return { parent: null, writes: new Map(), height: 0, committed: true }
  }

  /** Read `key` in `state` (undefined if absent). */
  get(state: KvState, key: string): Uint8Array | undefined {
    let s: KvState | null = state
    while (s !== null && !s.committed) {
      const v = s.writes.get(key)
      if (v !== undefined) return v
      s = s.parent
    }
    if (s !== null && s.height !== this.baseHeight) {
      throw new Error(
        `kv: read through stale committed state at height ${s.height} (base ${this.baseHeight})`
      )
    }
    return this.base.get(key)
  }

  /** The committed value of `key` (what GET /kv/:key returns). */
  getCommitted(key: string): Uint8Array | undefined {
    return this.base.get(key)
  }

  beginBlock(
    parentState: KvState,
    parentStateRoot: Hash,
    ctx: BlockContext
  ): BlockExecution<KvState> {
    if (ctx.height !== parentState.height + 1)
      throw new Error('kv: block height is not parent height + 1')
    const writes = new Map<string, Uint8Array>()
    const results: Uint8Array[] = []
    let finished = false
    return {
      deliverTx: (tx: Uint8Array): TxOutcome => {
        if (finished) throw new Error('kv: deliverTx after finish')
        const d = decodeKvTx(tx)
        if ('error' in d) return { ok: false, reason: d.error }
        writes.set(d.key, d.value)
        const result = encodeKvResult(d.key, sha256(d.value))
        results.push(result)
        return { ok: true, result }
      },
      finish: () => {
        if (finished) throw new Error('kv: finish twice')
        finished = true
        const stateRoot = sha256(STATE_TAG, parentStateRoot, sha256(encodeBstrArray(results)))
        const state: KvState = { parent: parentState, writes, height: ctx.height, committed: false }
        return { state, stateRoot, results }
      },
    }
  }

  commit(state: KvState): StorageOp[] {
    if (state.committed) throw new Error('kv: commit of an already committed state')
    if (state.height !== this.baseHeight + 1) {
      throw new Error(`kv: commit height ${state.height} does not follow base ${this.baseHeight}`)
    }
    if (state.parent === null || !state.parent.committed)
      throw new Error('kv: parent of committed state is not committed')
    const ops: StorageOp[] = []
    const enc = new TextEncoder()
    for (const [k, v] of state.writes) {
      this.base.set(k, v)
      ops.push({ kind: 'putApp', key: appKeyOf(k), value: v })
    }
    // Height marker, so restore knows the base height.
    ops.push({ kind: 'putApp', key: enc.encode('meta/height'), value: encodeCbor(state.height) })
    this.baseHeight = state.height
    state.committed = true
    ;(state as { parent: KvState | null }).parent = null
    return ops
  }

  restore(entries: Iterable<readonly [Uint8Array, Uint8Array]>): KvState {
    this.base = new Map()
    this.baseHeight = 0
    const dec = new TextDecoder()
    for (const [k, v] of entries) {
      const ks = dec.decode(k)
      if (ks === 'meta/height') this.baseHeight = decodeCbor(v) as number
      else if (ks.startsWith('kv/')) this.base.set(ks.slice(3), v)
    }
    return { parent: null, writes: new Map(), height: this.baseHeight, committed: true }
  }
}
