/**
 * The injected signature scheme of the consensus core.
 *
 * Production: BLS12-381 minimal-pubkey-size (src/crypto/bls.ts, other engineer) — `aggregate` is G2 point
 * addition, `verifyAggregate` is fast-aggregate-verify over the signers' public keys, `verifyAggregateMulti`
 * is aggregate-verify with one message per signer.
 * Simulator/tests: `FakeCrypto` below (HMAC-SHA256 with per-key secrets; fast and deterministic).
 *
 * Contract (all implementations):
 *  - `sign` is deterministic for a given key and message (BLS is; the fake is HMAC).
 *  - verification functions never throw on malformed input: they return false.
 *  - `aggregate(sigs)` receives the signatures in the SAME order as the signer indices later passed to
 *    `verifyAggregate*` (the core always sorts signers ascending and aggregates in that order).
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto'
import { bytesEqual, concatBytes } from '../crypto/hash.js'

export interface ConsensusCrypto {
  /** Index of the replica whose key `sign` uses. */
  readonly selfIndex: number
  sign(message: Uint8Array): Uint8Array
  verify(signerIndex: number, message: Uint8Array, sig: Uint8Array): boolean
  aggregate(sigs: readonly Uint8Array[]): Uint8Array
  /** All signers signed the same message. */
  verifyAggregate(
    signerIndices: readonly number[],
    message: Uint8Array,
    aggSig: Uint8Array
  ): boolean
  /** Signer signerIndices[i] signed messages[i]. */
  verifyAggregateMulti(
    signerIndices: readonly number[],
    messages: readonly Uint8Array[],
    aggSig: Uint8Array
  ): boolean
}

const FAKE_SIG_BYTES = 32

/**
 * Fake scheme for the simulator: sig = HMAC-SHA256(secret[i], message); aggregate = concatenation in
 * signer order. Every instance knows every secret (it is a simulation); twins are two replicas built
 * with the same `selfIndex`, hence the same secret.
 */
export class FakeCrypto implements ConsensusCrypto {
  readonly selfIndex: number
  private readonly secrets: readonly KeyObject[]

  constructor(selfIndex: number, replicaCount: number, seed = 'civic-budget-sim') {
    if (!(Number.isInteger(selfIndex) && selfIndex >= 0 && selfIndex < replicaCount)) {
      throw new Error(`FakeCrypto: selfIndex ${selfIndex} out of range`)
    }
    this.selfIndex = selfIndex
    const secrets: KeyObject[] = []
    for (let i = 0; i < replicaCount; i++)
      secrets.push(createSecretKey(new TextEncoder().encode(`${seed}/secret/${i}`)))
    this.secrets = secrets
  }

  private mac(index: number, message: Uint8Array): Uint8Array {
    const secret = this.secrets[index]
    if (secret === undefined) return new Uint8Array(0)
    return new Uint8Array(createHmac('sha256', secret).update(message).digest())
  }

  sign(message: Uint8Array): Uint8Array {
    return this.mac(this.selfIndex, message)
  }

  verify(signerIndex: number, message: Uint8Array, sig: Uint8Array): boolean {
    if (!Number.isInteger(signerIndex) || signerIndex < 0 || signerIndex >= this.secrets.length)
      return false
    return sig.length === FAKE_SIG_BYTES && bytesEqual(this.mac(signerIndex, message), sig)
  }

  aggregate(sigs: readonly Uint8Array[]): Uint8Array {
    return concatBytes(...sigs)
  }

  verifyAggregate(
    signerIndices: readonly number[],
    message: Uint8Array,
    aggSig: Uint8Array
  ): boolean {
    return this.verifyAggregateMulti(
      signerIndices,
      signerIndices.map(() => message),
      aggSig
    )
  }

  verifyAggregateMulti(
    signerIndices: readonly number[],
    messages: readonly Uint8Array[],
    aggSig: Uint8Array
  ): boolean {
    if (signerIndices.length !== messages.length) return false
    if (aggSig.length !== FAKE_SIG_BYTES * signerIndices.length) return false
    for (const [i, signerIndex] of signerIndices.entries()) {
      const part = aggSig.subarray(i * FAKE_SIG_BYTES, (i + 1) * FAKE_SIG_BYTES)
      if (!this.verify(signerIndex!, messages[i]!, part)) return false
    }
    return true
  }
}
