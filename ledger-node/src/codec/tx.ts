/**
 * Ledger transactions (protocol.md): `txBytes = CBOR([1, kind (tstr), payload…])`, `txHash = hex H(txBytes)`.
 * The core treats txs as opaque bytes; apps decode them. This module only checks the outer form.
 */
import { sha256, toHex } from '../crypto/hash.js'
import { asArray, asText, asUint, CodecError, decodeCbor } from './cbor.js'

export function txHash(txBytes: Uint8Array): string {
  return toHex(sha256(txBytes))
}

export interface TxOuter {
  readonly kind: string
  readonly payload: readonly unknown[]
}

/** Decodes the outer form; throws CodecError if it is not `[1, kind, …]`. */
export function decodeTxOuter(txBytes: Uint8Array): TxOuter {
  const a = asArray(decodeCbor(txBytes), 'tx')
  if (a.length < 2) throw new CodecError('tx: expected [1, kind, payload…]')
  if (asUint(a[0], 'tx.version') !== 1) throw new CodecError('tx: unsupported version')
  const kind = asText(a[1], 'tx.kind', 64)
  return { kind, payload: a.slice(2) }
}
