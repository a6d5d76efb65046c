// The core's ConsensusCrypto over BLS12-381 (src/crypto/bls.ts): signatures of replica keys from genesis.
// verifyAggregateMulti groups signers by message (identical messages share one aggregated public key,
// which is sound because every replica key has a verified proof of possession) and runs one
// aggregate verification over the distinct messages.
import type { ConsensusCrypto } from '../consensus/crypto.js'
import { bls, type BlsBackend } from './bls.js'
import { toHex } from './hash.js'

export class BlsConsensusCrypto implements ConsensusCrypto {
  /** Verification count and total milliseconds (metrics). */
  readonly stats = { verifies: 0, verifyMsTotal: 0, signs: 0 }

  constructor(
    readonly selfIndex: number,
    private readonly secretKey: Uint8Array,
    private readonly publicKeys: readonly Uint8Array[],
    private readonly backend: BlsBackend = bls
  ) {}

  sign(message: Uint8Array): Uint8Array {
    this.stats.signs++
    return this.backend.sign(this.secretKey, message)
  }

  private timed(f: () => boolean): boolean {
    const t0 = performance.now()
    try {
      return f()
    } catch {
      return false
    } finally {
      this.stats.verifies++
      this.stats.verifyMsTotal += performance.now() - t0
    }
  }

  private pk(i: number): Uint8Array | undefined {
    return Number.isInteger(i) && i >= 0 && i < this.publicKeys.length
      ? this.publicKeys[i]
      : undefined
  }

  verify(signerIndex: number, message: Uint8Array, sig: Uint8Array): boolean {
    const pk = this.pk(signerIndex)
    if (!pk) return false
    return this.timed(() => this.backend.verify(pk, message, sig))
  }

  aggregate(sigs: readonly Uint8Array[]): Uint8Array {
    return this.backend.aggregateSignatures([...sigs])
  }

  private distinctKeys(signerIndices: readonly number[]): Uint8Array[] | null {
    const seen = new Set<number>()
    const pks: Uint8Array[] = []
    for (const i of signerIndices) {
      const pk = this.pk(i)
      if (!pk || seen.has(i)) return null
      seen.add(i)
      pks.push(pk)
    }
    return pks.length > 0 ? pks : null
  }

  verifyAggregate(
    signerIndices: readonly number[],
    message: Uint8Array,
    aggSig: Uint8Array
  ): boolean {
    const pks = this.distinctKeys(signerIndices)
    if (!pks) return false
    return this.timed(() => this.backend.fastAggregateVerify(message, pks, aggSig))
  }

  verifyAggregateMulti(
    signerIndices: readonly number[],
    messages: readonly Uint8Array[],
    aggSig: Uint8Array
  ): boolean {
    if (signerIndices.length !== messages.length) return false
    const pks = this.distinctKeys(signerIndices)
    if (!pks) return false
    return this.timed(() => {
      const groups = new Map<string, { msg: Uint8Array; pks: Uint8Array[] }>()
      for (const [i, message] of messages.entries()) {
        const k = toHex(message!)
        let g = groups.get(k)
        if (!g) groups.set(k, (g = { msg: message!, pks: [] }))
        g.pks.push(pks[i]!)
      }
      const gs = [...groups.values()]
      if (gs.length === 1) return this.backend.fastAggregateVerify(gs[0]!.msg, gs[0]!.pks, aggSig)
      return this.backend.aggregateVerify(
        gs.map((g) => g.msg),
        gs.map((g) => (g.pks.length === 1 ? g.pks[0]! : this.backend.aggregatePublicKeys(g.pks))),
        aggSig
      )
    })
  }
}
