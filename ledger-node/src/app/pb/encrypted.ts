// Encrypted campaigns on the ledger (protocol.md "Ledger records of an encrypted campaign"): the
// replicas' check of a ballot v2's encryption (ciphertext length and the proof of knowledge that binds
// it to the campaign, the election key and the voter key) and the rules of `decryption-shares`.
//
// The replicas do not verify decryption-share proofs: 200,000 ballots × t trustees would cost minutes
// of replica CPU per campaign. They only keep the batches canonical (one per trustee and range of
// 1024 positions, so a trustee has at most ceil(N / 1024) batches) and after the close; the app's
// decryption and `ledger:audit` verify every share and name a trustee whose share is bad.
import {
  AEAD_TAG_BYTES,
  checkEncryptedChoices,
  checkEncryptedChoicesBatch,
  type EncryptedBallot,
  type EncryptionContext,
} from '@civic-budget/protocol/encrypted_ballot'
import type { DecryptionShareBatch } from '@civic-budget/protocol/decryption'
import { DECRYPTION_SHARES_MAX } from '@civic-budget/protocol/limits'
import type { CampaignEntry } from './app.js'
import { encryptedCountOf, votingClosesAtMs, type ThresholdView } from './threshold_state.js'

const CACHE_MAX = 200_000
/** Proofs verified together; a bad one makes only its chunk fall back to one by one. */
const BATCH_CHUNK = 128

/** What a replica needs of an encrypted campaign: the context of its ballots and a cache key. */
export interface CampaignEncryptionContext {
  context: EncryptionContext
  /** Election key (hex) and padded length: a proof verdict holds for exactly these. */
  cacheKey: string
}

export interface EncryptedBallotItem {
  entry: CampaignEntry
  ballot: EncryptedBallot
  hash: string
}

/**
 * Verdicts of ballot proofs, cached by (election key, padded length, txHash): a pure function of its
 * inputs, so the cache never changes a verdict, only when it is computed.
 */
export class ProofVerdicts {
  private readonly ok = new Map<string, boolean>()

  constructor(private readonly stats: { proofVerifies: number }) {}

  /** `wrong_length`, `invalid_proof` or null for a ballot v2 of an encrypted campaign. */
  refusal(entry: CampaignEntry, ballot: EncryptedBallot, hash: string): string | null {
    const enc = entry.encryption!
    if (!rightLength(ballot, enc.context)) return 'wrong_length'
    const key = enc.cacheKey + hash
    let ok = this.ok.get(key)
    if (ok === undefined) {
      ok = checkEncryptedChoices(ballot, enc.context).ok
      this.stats.proofVerifies++
      this.remember(key, ok)
    }
    return ok ? null : 'invalid_proof'
  }

  /** Verifies the proofs of many ballots in batches per campaign and caches the verdicts. */
  prevalidate(items: readonly EncryptedBallotItem[]): void {
    const groups = new Map<string, EncryptedBallotItem[]>()
    for (const item of items) {
      const enc = item.entry.encryption
      if (!enc || !rightLength(item.ballot, enc.context)) continue
      if (this.ok.has(enc.cacheKey + item.hash)) continue
      const group = groups.get(enc.cacheKey) ?? []
      group.push(item)
      groups.set(enc.cacheKey, group)
    }
    for (const [cacheKey, group] of groups) {
      const context = group[0]!.entry.encryption!.context
      for (let i = 0; i < group.length; i += BATCH_CHUNK) {
        const part = group.slice(i, i + BATCH_CHUNK)
        const failed = new Set(
          checkEncryptedChoicesBatch(
            part.map((p) => p.ballot),
            context
          ).map((f) => f.index)
        )
        part.forEach((p, k) => this.remember(cacheKey + p.hash, !failed.has(k)))
        this.stats.proofVerifies += part.length
      }
    }
  }

  private remember(key: string, ok: boolean): void {
    if (this.ok.size >= CACHE_MAX) this.ok.clear()
    this.ok.set(key, ok)
  }
}

function rightLength(ballot: EncryptedBallot, context: EncryptionContext): boolean {
  return ballot.encrypted.ciphertext.length === context.paddedLength + AEAD_TAG_BYTES
}

const sharesKey = (b: DecryptionShareBatch) => `${b.campaignId}/${b.trustee}/${b.first}`

/**
 * Why a decryption-shares batch cannot be accepted (`code` or `code: detail`), or null. Batches are
 * canonical: `first` a multiple of 1024 and exactly min(1024, N − first) shares, N the campaign's
 * encrypted ballots (final once a block at or after the close exists: block times never decrease).
 * `admission` = the answer for admission against the committed state: only what cannot change.
 */
export function decryptionSharesRefusal(
  view: ThresholdView,
  batch: DecryptionShareBatch,
  timestampMs: number,
  admission = false
): string | null {
  const e = view.campaign(batch.campaignId)
  if (!e) return admission ? null : 'unknown_campaign'
  const enc = e.campaign.encryption
  if (!enc) return 'not_encrypted_campaign'
  if (timestampMs < votingClosesAtMs(view, e)) return 'voting_not_closed'
  if (batch.trustee > enc.trustees) return `bad_index: trustee ${batch.trustee} of ${enc.trustees}`
  const { first } = batch
  if (first % DECRYPTION_SHARES_MAX !== 0)
    return `bad_range: first ${first} is not a multiple of ${DECRYPTION_SHARES_MAX}`
  if (!admission) {
    // ballots of a block before the close may still be uncommitted at admission time
    const total = encryptedCountOf(view, batch.campaignId)
    const expected = Math.min(DECRYPTION_SHARES_MAX, total - first)
    if (expected <= 0) return `bad_range: first ${first}, but only ${total} encrypted ballots`
    if (batch.shares.length !== expected)
      return `bad_range: ${batch.shares.length} shares from ${first}, expected ${expected}`
  }
  return view.get((m) => m.shares, sharesKey(batch)) ? 'duplicate_shares' : null
}

export function storeDecryptionShares(
  view: ThresholdView,
  batch: DecryptionShareBatch,
  payloadHash: Uint8Array
): void {
  view.put((m) => m.shares, sharesKey(batch), payloadHash)
}
