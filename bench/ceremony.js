/*
| The benches' key ceremony, in process (no ledger): n trustee keys, every trustee's dealing, the
| result (t of n) and each trustee's key share — what the trustees' devices compute between them.
*/
import {
  ceremonyResult,
  createDealing,
  generateTrusteeKey,
  trusteeSecretShare,
} from '@civic-budget/protocol/dkg'

export function inProcessCeremony(campaignId, threshold, trustees) {
  const keys = Array.from({ length: trustees }, (_, i) => generateTrusteeKey(campaignId, i + 1))
  const params = { campaignId, threshold, trusteeKeys: keys.map((k) => k.record.ceremonyKey) }
  const dealings = keys.map((_, i) => createDealing(params, i + 1))
  const result = ceremonyResult(params, dealings, [])
  if (!result.ok) throw new Error('ceremony failed')
  /** Trustee `index`'s secret key share. */
  const secretShare = (index) => {
    const own = trusteeSecretShare(params, result, dealings, index, keys[index - 1].secret)
    if (!own.ok) throw new Error(`trustee ${index}: ${own.reason}`)
    return own.share
  }
  return { keys, params, dealings, result, secretShare }
}
