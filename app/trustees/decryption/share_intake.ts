import db from '@adonisjs/lucid/services/db'
import { decodeDecryptionShareBatch } from '@civic-budget/protocol/decryption'
import {
  canonicalBatchCount,
  checkCeremony,
  checkShareBatches,
  SHARE_CHUNK,
} from '@civic-budget/protocol/threshold_tally'
import { queueCeremonyRecord } from '#trustees/record_queue'
import { audit } from '#shared/audit'
import type { TrusteeRow } from '#trustees/trustee_token'
import {
  ceremonyRecordsOf,
  encryptedBallotCount,
  encryptedBallotsOf,
  encryptedCampaignOf,
} from '#trustees/decryption/campaign_inputs'
import { votingClosed } from '#trustees/decryption/voting_closed'

/*
| A trustee's decryption shares (`POST /api/v1/trustee/shares`). Refused and nothing stored: before
| the close (409), a record that does not decode, names another campaign or trustee, covers a
| non-canonical range (first a multiple of 1024, count = min(1024, total − first)) or repeats a
| range this trustee already posted (422). Otherwise the proofs are verified against the ballots and
| the record is stored and queued for the ledger whatever the verdict: a bad share is named publicly
| (`decryption_batches`) and not used; the other trustees suffice.
*/

const UNIQUE_VIOLATION = '23505'

export type IntakeRefusal = {
  ok: false
  status: 409 | 422 | 503
  code: string
  /** i18n key under `decryption.errors`. */
  message: string
  details?: Record<string, unknown>
}

export type IntakeResult =
  | { ok: true; verdict: 'valid'; complete: boolean }
  | { ok: true; verdict: 'invalid'; badPositions: number[]; complete: boolean }
  | IntakeRefusal

const refuse = (
  status: IntakeRefusal['status'],
  code: string,
  details?: Record<string, unknown>
): IntakeRefusal => ({ ok: false, status, code, message: `decryption.errors.${code}`, details })

export async function receiveShares(
  trustee: TrusteeRow,
  payload: Uint8Array,
  ip: string | null
): Promise<IntakeResult> {
  const campaignId = trustee.campaignId
  if (!(await votingClosed(campaignId))) return refuse(409, 'voting_not_closed')
  const decoded = decodeDecryptionShareBatch(payload)
  if (!decoded.ok) return refuse(422, 'malformed_record', { reason: decoded.error.message })
  const batch = decoded.value
  if (batch.campaignId !== campaignId)
    return refuse(422, 'wrong_campaign', { campaignId: batch.campaignId })
  if (batch.trustee !== trustee.index)
    return refuse(422, 'wrong_trustee', { trustee: batch.trustee })
  const total = await encryptedBallotCount(campaignId, db)
  const count = canonicalBatchCount(batch.first, total)
  if (count === 0 || count !== batch.shares.length)
    return refuse(422, 'wrong_range', { first: batch.first, count: batch.shares.length, total })
  const already = await db
    .from('decryption_batches')
    .where({ campaign_id: campaignId, trustee_index: trustee.index, first: batch.first })
    .first()
  if (already) return refuse(422, 'duplicate_range', { first: batch.first })

  const campaign = await encryptedCampaignOf(campaignId, db)
  const records = await ceremonyRecordsOf(campaignId, db)
  const ballots = await encryptedBallotsOf(campaignId, db, { first: batch.first, limit: count })
  if (!campaign.ok || !records.ok || !ballots.ok) return refuse(409, 'ceremony_unavailable')
  const ceremony = checkCeremony(campaign.value, records.value)
  if (!ceremony.ok) return refuse(409, 'ceremony_unavailable')
  const { verdicts } = checkShareBatches(
    ceremony,
    ballots.value.map((b) => b.ballot),
    [batch],
    { first: batch.first, total }
  )
  const [verdict] = verdicts
  const badPositions = verdict.valid
    ? []
    : verdict.reason === 'invalid_shares'
      ? verdict.badPositions
      : []
  if (!verdict.valid && verdict.reason !== 'invalid_shares')
    return refuse(422, 'wrong_range', { first: batch.first, count: batch.shares.length, total })

  try {
    const stored = await db.transaction(async (trx) => {
      const row = await queueCeremonyRecord(trx, {
        campaignId,
        kind: 'decryption-shares',
        trusteeIndex: trustee.index,
        payload,
      })
      if (row === 'no_ledger' || row === 'duplicate') return row
      const now = new Date()
      await trx
        .insertQuery()
        .table('decryption_batches')
        .insert({
          ceremony_record_id: row.id,
          campaign_id: campaignId,
          trustee_index: trustee.index,
          first: batch.first,
          count,
          valid: verdict.valid,
          bad_positions: JSON.stringify(badPositions),
          created_at: now,
        })
      await audit.record(
        { type: 'system', id: null, ip },
        'trustees.shares_received',
        { type: 'campaign', id: campaignId },
        { trustee: trustee.index, first: batch.first, count, valid: verdict.valid, badPositions },
        { client: trx }
      )
      return 'stored' as const
    })
    if (stored === 'no_ledger') return refuse(503, 'ledger_unavailable')
    if (stored === 'duplicate') return refuse(422, 'duplicate_range', { first: batch.first })
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION)
      return refuse(422, 'duplicate_range', { first: batch.first })
    throw error
  }
  const complete = await everyChunkHasThreshold(campaignId, total, ceremony.params.threshold)
  return verdict.valid
    ? { ok: true, verdict: 'valid', complete }
    : { ok: true, verdict: 'invalid', badPositions, complete }
}

/** Whether every chunk of 1,024 ballots has t valid batches (the combination can run). */
export async function everyChunkHasThreshold(
  campaignId: number,
  total: number,
  threshold: number
): Promise<boolean> {
  if (total === 0) return false
  const rows = await db
    .from('decryption_batches')
    .where({ campaign_id: campaignId, valid: true })
    .groupBy('first')
    .select('first')
    .count('* as n')
  const valid = new Map(rows.map((r) => [Number(r.first), Number(r.n)]))
  for (let first = 0; first < total; first += SHARE_CHUNK) {
    if ((valid.get(first) ?? 0) < threshold) return false
  }
  return true
}
