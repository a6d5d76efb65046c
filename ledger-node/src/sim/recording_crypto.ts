/**
 * The simulator's view of every signature an honest key makes: a ConsensusCrypto wrapper that reports
 * each `sign` call to the checker at signing time, then delegates (FakeCrypto, or real BLS in a share
 * of seeds). `parseSigned` reads back what a vote or timeout signing message commits to.
 */
import { asArray, asBytes, asUint, decodeCbor } from '../codec/cbor.js'
import { TIMEOUT_TAG, VOTE_TAG } from '../codec/signing.js'
import type { ConsensusCrypto } from '../consensus/crypto.js'
import { bytesEqual, toHex } from '../crypto/hash.js'

export type Signed =
  | { readonly kind: 'vote'; readonly view: number; readonly height: number; readonly hash: string }
  | { readonly kind: 'timeout'; readonly view: number }

function startsWith(bytes: Uint8Array, tag: Uint8Array): boolean {
  return bytes.length > tag.length && bytesEqual(bytes.subarray(0, tag.length), tag)
}

/** Votes and timeouts (proposals and commit signatures are checked from the messages). */
export function parseSigned(message: Uint8Array): Signed | null {
  if (startsWith(message, VOTE_TAG)) {
    const [height, view, hash] = asArray(decodeCbor(message.subarray(VOTE_TAG.length)), 'vote', 3)
    return {
      kind: 'vote',
      height: asUint(height, 'height'),
      view: asUint(view, 'view'),
      hash: toHex(asBytes(hash, 'hash', 32)),
    }
  }
  if (startsWith(message, TIMEOUT_TAG)) {
    const fields = asArray(decodeCbor(message.subarray(TIMEOUT_TAG.length)), 'timeout', 3)
    return { kind: 'timeout', view: asUint(fields[1], 'view') }
  }
  return null
}

export class RecordingCrypto implements ConsensusCrypto {
  constructor(
    private readonly inner: ConsensusCrypto,
    private readonly onSign: (index: number, message: Uint8Array) => void
  ) {}

  get selfIndex(): number {
    return this.inner.selfIndex
  }
  sign(message: Uint8Array): Uint8Array {
    this.onSign(this.inner.selfIndex, message)
    return this.inner.sign(message)
  }
  verify(signerIndex: number, message: Uint8Array, sig: Uint8Array): boolean {
    return this.inner.verify(signerIndex, message, sig)
  }
  aggregate(sigs: readonly Uint8Array[]): Uint8Array {
    return this.inner.aggregate(sigs)
  }
  verifyAggregate(signers: readonly number[], message: Uint8Array, aggSig: Uint8Array): boolean {
    return this.inner.verifyAggregate(signers, message, aggSig)
  }
  verifyAggregateMulti(
    signers: readonly number[],
    messages: readonly Uint8Array[],
    aggSig: Uint8Array
  ): boolean {
    return this.inner.verifyAggregateMulti(signers, messages, aggSig)
  }
}
