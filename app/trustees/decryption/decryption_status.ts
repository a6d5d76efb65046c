import db from '@adonisjs/lucid/services/db'
import { encryptedBallotCount } from '#trustees/decryption/campaign_inputs'

/*
| The public account of a campaign's decryption (`GET /api/v1/campaigns/:id/decryption`): every
| share batch the trustees posted with its verdict — a trustee whose share failed its proof is
| named with the positions — and, once combined, how many ballots counted and how many were spoiled
| for which reason. And, for the ballot check page, what became of one encrypted ballot.
*/

export interface DecryptionStatus {
  campaignId: number
  threshold: number
  trustees: number
  /** Encrypted ballots committed on the ledger. */
  ballots: number
  decrypted: boolean
  counted: number | null
  spoiled: number | null
  spoiledReasons: { reason: string; ballots: number }[]
  batches: {
    trustee: number
    name: string
    first: number
    count: number
    valid: boolean
    badPositions: number[]
  }[]
}

/** Null when the campaign is unknown, a draft, or not encrypted. */
export async function decryptionStatus(campaignId: number): Promise<DecryptionStatus | null> {
  const ceremony = await db
    .from('campaign_ceremonies')
    .join('campaigns', 'campaigns.id', 'campaign_ceremonies.campaign_id')
    .where('campaign_ceremonies.campaign_id', campaignId)
    .whereNot('campaigns.stage', 'drafting')
    .select('campaign_ceremonies.threshold', 'campaign_ceremonies.trustees')
    .first()
  if (!ceremony) return null
  const ballots = await encryptedBallotCount(campaignId, db)
  const done = await db.from('campaign_decryptions').where('campaign_id', campaignId).first()
  const reasons = await db
    .from('spoiled_ballots')
    .where('campaign_id', campaignId)
    .groupBy('reason')
    .orderBy('reason')
    .select('reason')
    .count('* as n')
  const batches = await db
    .from('decryption_batches')
    .leftJoin('campaign_trustees', (join) => {
      join
        .on('campaign_trustees.campaign_id', 'decryption_batches.campaign_id')
        .andOn('campaign_trustees.index', 'decryption_batches.trustee_index')
    })
    .where('decryption_batches.campaign_id', campaignId)
    .orderBy('decryption_batches.first')
    .orderBy('decryption_batches.trustee_index')
    .select(
      'decryption_batches.trustee_index',
      'decryption_batches.first',
      'decryption_batches.count',
      'decryption_batches.valid',
      'decryption_batches.bad_positions',
      'campaign_trustees.name'
    )
  return {
    campaignId,
    threshold: ceremony.threshold,
    trustees: ceremony.trustees,
    ballots,
    decrypted: Boolean(done),
    counted: done ? Number(done.counted) : null,
    spoiled: done ? Number(done.spoiled) : null,
    spoiledReasons: reasons.map((r) => ({ reason: r.reason, ballots: Number(r.n) })),
    batches: batches.map((b) => ({
      trustee: b.trustee_index,
      name: b.name ?? '',
      first: b.first,
      count: b.count,
      valid: b.valid,
      badPositions: b.bad_positions,
    })),
  }
}

export type EncryptedBallotVerdict =
  { status: 'pending' } | { status: 'counted' } | { status: 'spoiled'; reason: string }

/** What became of an encrypted ballot (by its hash, from a receipt); null when it is not one. */
export async function encryptedBallotVerdict(
  ballotHash: string
): Promise<EncryptedBallotVerdict | null> {
  const ballot = await db
    .from('encrypted_ballots')
    .where('ballot_hash', ballotHash)
    .select('campaign_id')
    .first()
  if (!ballot) return null
  // Not its `ballot_records` row: the projection writes one (without choices, for the turnout)
  // as soon as the ballot is committed. Only the campaign's combination decides.
  const decrypted = await db
    .from('campaign_decryptions')
    .where('campaign_id', ballot.campaign_id)
    .first()
  if (!decrypted) return { status: 'pending' }
  const spoiled = await db.from('spoiled_ballots').where('ballot_hash', ballotHash).first()
  return spoiled ? { status: 'spoiled', reason: spoiled.reason } : { status: 'counted' }
}
