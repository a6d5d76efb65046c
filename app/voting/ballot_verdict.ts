import db from '@adonisjs/lucid/services/db'
import { encryptedBallotVerdict } from '#trustees/decryption/decryption_status'
import { campaignEncryption } from '#trustees/encryption'

/*
| What became of a committed ballot of an encrypted campaign (protocol.md "HTTP API", the ballot's
| `verdict`): `pending` until the trustees' decryption, then `counted` or `spoiled` with a reason
| code. A reason is one of `SPOILED_REASONS` or `other`: the stored reason can carry free text
| (which rules a ballot broke, i.e. about its choices), which the public answer leaves out.
*/
export const SPOILED_REASONS = [
  'invalid_proof',
  'not_enough_shares',
  'undecryptable',
  'bad_padding',
  'bad_choices',
  'rule_violation',
] as const

export type SpoiledReason = (typeof SPOILED_REASONS)[number] | 'other'

export type BallotVerdict =
  { status: 'pending' | 'counted' } | { status: 'spoiled'; reason: SpoiledReason }

/** Null for a ballot in clear (or a hash no ballot has). */
export async function ballotVerdict(ballotHash: string): Promise<BallotVerdict | null> {
  const verdict = await encryptedBallotVerdict(ballotHash)
  if (!verdict) {
    // Committed but not yet projected into `encrypted_ballots`: an encrypted campaign's ballots
    // are all encrypted (the replicas refuse v1 there), so it waits for the decryption too.
    const ballot = await db.from('ballots').where('ballot_hash', ballotHash).first()
    if (!ballot) return null
    const encryption = await campaignEncryption(ballot.campaign_id)
    return encryption.encrypted ? { status: 'pending' } : null
  }
  if (verdict.status !== 'spoiled') return { status: verdict.status }
  return { status: 'spoiled', reason: spoiledReason(verdict.reason) }
}

/** `rule_violation: over budget; …` → `rule_violation`. */
export function spoiledReason(stored: string): SpoiledReason {
  const code = stored.split(':', 1)[0].trim()
  return (SPOILED_REASONS as readonly string[]).includes(code) ? (code as SpoiledReason) : 'other'
}
