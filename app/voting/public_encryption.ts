import { campaignEncryption } from '#trustees/encryption'

/*
| The public campaign's `encryption` (protocol.md "Public campaign"): what a voting page, a terminal
| or a third-party client needs to build an encrypted ballot (v2). Null for a campaign in clear and
| while an encrypted campaign's key ceremony is not complete (it cannot open for voting then).
*/
export interface PublicEncryption {
  /** hex, 32 bytes (ristretto255): the election key the choices are encrypted to. */
  electionKey: string
  /** Every ballot's padded plaintext length in bytes. */
  paddedLength: number
  threshold: number
  trustees: number
}

export async function publicEncryption(campaignId: number): Promise<PublicEncryption | null> {
  const state = await campaignEncryption(campaignId)
  if (!state.encrypted || !state.complete) return null
  return {
    electionKey: state.electionKey,
    paddedLength: state.paddedLength,
    threshold: state.threshold,
    trustees: state.trustees,
  }
}
