import { campaignEncryption } from '#trustees/encryption'
import { type PublishedOutcome, publishedOutcome } from '#outcomes/platform/published_outcome'

/*
| Whether a campaign's per-project counts are sealed: it is encrypted (`#trustees/encryption`) and
| its outcome is not yet published from the decrypted ballots. Its ballots are ciphertexts until t
| trustees decrypt them after the close, so only turnout exists: results and staff reports show no
| project or pot counts (not zeros that look like results).
*/
export async function countsSealed(
  campaignId: number,
  outcome?: PublishedOutcome | null
): Promise<boolean> {
  const published = outcome === undefined ? await publishedOutcome(campaignId) : outcome
  if (published !== null) return false
  const state = await campaignEncryption(campaignId)
  return state.encrypted
}
