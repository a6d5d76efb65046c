import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import { ceremonyResult } from '@civic-budget/protocol/dkg'
import { campaignPaddedLength } from '@civic-budget/protocol/encrypted_ballot'
import { pointBytes } from '@civic-budget/protocol/ristretto'
import { audit, type AuditActor } from '#shared/audit'
import CampaignPot from '#campaigns/models/campaign_pot'
import { normalizeRule, type BallotRuleInput } from '#campaigns/ballot_rules'
import Project from '#proposals/models/project'
import {
  deadlinePassed,
  dealers,
  decodedState,
  hasPendingRecords,
  loadCeremony,
  recordsOf,
  type CeremonyStatus,
  type StoredCeremony,
} from '#trustees/ceremony_state'

/*
| The ceremony's progress: keys → dealing (every trustee's key is recorded) → review (every trustee
| has dealt, or the deadline passed with at least t dealings) → complete | failed. Completion counts
| only records whose outbox row is committed, so the election key is what anyone recomputes from
| the ledger; it waits while any record is still on its way (a complaint not yet on the ledger must
| not be ignored). It happens by itself once every trustee has reviewed, or when an admin asks after
| the deadline (without trustees who never reviewed).
*/
const SYSTEM: AuditActor = { type: 'system', id: null, ip: null }

export type CompletionRefusal = 'wrong_stage' | 'reviews_missing' | 'records_pending'

function nextStatus(stored: StoredCeremony, now: Date): CeremonyStatus {
  const { ceremony } = stored
  if (ceremony.status === 'keys') {
    const keys = new Set(recordsOf(stored, 'trustee-key').map((r) => r.trusteeIndex))
    return keys.size === ceremony.trustees ? 'dealing' : 'keys'
  }
  if (ceremony.status === 'dealing') {
    const dealt = dealers(stored).size
    const enough = dealt === ceremony.trustees
    const late = deadlinePassed(ceremony, now) && dealt >= ceremony.threshold
    return enough || late ? 'review' : 'dealing'
  }
  return ceremony.status
}

function allReviewed(stored: StoredCeremony): boolean {
  return stored.trustees.every((t) => t.reviewedAt !== null)
}

/**
 * Moves a locked ceremony as far as its records allow (and completes it when every trustee has
 * reviewed and every record is committed). Returns the fresh state.
 */
export async function advanceCeremony(
  campaignId: number,
  trx: TransactionClientContract,
  now = new Date()
): Promise<StoredCeremony | null> {
  let stored = await loadCeremony(campaignId, trx, { lock: true })
  if (!stored) return null
  for (let status = nextStatus(stored, now); status !== stored.ceremony.status;) {
    await trx
      .from('campaign_ceremonies')
      .where('campaign_id', campaignId)
      .update({ status, updated_at: now })
    stored = { ...stored, ceremony: { ...stored.ceremony, status } }
    status = nextStatus(stored, now)
  }
  if (stored.ceremony.status === 'review' && allReviewed(stored) && !hasPendingRecords(stored)) {
    await finish(stored, SYSTEM, trx, now)
    stored = (await loadCeremony(campaignId, trx))!
  }
  return stored
}

/** Why an admin cannot complete the ceremony now, or null. */
export function completionRefusal(
  stored: StoredCeremony,
  now = new Date()
): CompletionRefusal | null {
  const { status } = stored.ceremony
  const late = deadlinePassed(stored.ceremony, now)
  if (status === 'review' && (allReviewed(stored) || late)) {
    return hasPendingRecords(stored) ? 'records_pending' : null
  }
  if (status === 'dealing' && late) return hasPendingRecords(stored) ? 'records_pending' : null
  return status === 'review' || status === 'dealing' ? 'reviews_missing' : 'wrong_stage'
}

/** An admin completes a locked ceremony (`completionRefusal` was null). */
export async function completeCeremony(
  stored: StoredCeremony,
  actor: AuditActor,
  trx: TransactionClientContract,
  now = new Date()
): Promise<void> {
  await finish(stored, actor, trx, now)
}

async function finish(
  stored: StoredCeremony,
  actor: AuditActor,
  trx: TransactionClientContract,
  now: Date
): Promise<void> {
  const { campaignId, threshold } = stored.ceremony
  const state = decodedState(stored, true)
  const subject = { type: 'campaign', id: campaignId }
  if (!state.params) return fail(stored, 'keys_missing', actor, trx, now)
  const result = ceremonyResult(state.params, state.dealings, state.complaints)
  const outcome = { qualified: result.qualified, excluded: result.excluded, absent: result.absent }
  if (!result.ok) return fail(stored, result.reason, actor, trx, now, outcome)
  const electionKey = bytesToHex(pointBytes(result.electionKey))
  const paddedLength = await currentPaddedLength(campaignId, trx)
  await trx
    .from('campaign_ceremonies')
    .where('campaign_id', campaignId)
    .update({
      status: 'complete',
      election_key: electionKey,
      padded_length: paddedLength,
      outcome: JSON.stringify(outcome),
      completed_at: now,
      updated_at: now,
    })
  await audit.record(
    actor,
    'trustees.ceremony_completed',
    subject,
    { threshold, electionKey, paddedLength, ...outcome },
    { client: trx }
  )
}

async function fail(
  stored: StoredCeremony,
  reason: string,
  actor: AuditActor,
  trx: TransactionClientContract,
  now: Date,
  outcome: object = {}
): Promise<void> {
  const { campaignId } = stored.ceremony
  await trx
    .from('campaign_ceremonies')
    .where('campaign_id', campaignId)
    .update({
      status: 'failed',
      outcome: JSON.stringify({ ...outcome, reason }),
      completed_at: now,
      updated_at: now,
    })
  await audit.record(
    actor,
    'trustees.ceremony_failed',
    { type: 'campaign', id: campaignId },
    { reason, ...outcome },
    { client: trx }
  )
}

/** `campaignPaddedLength` over the campaign's pots and projects as they are now. */
export async function currentPaddedLength(
  campaignId: number,
  trx: TransactionClientContract
): Promise<number> {
  const pots = await CampaignPot.query({ client: trx }).where('campaignId', campaignId)
  const projects = await Project.query({ client: trx }).where('campaignId', campaignId)
  return campaignPaddedLength({
    pots: pots.map((pot) => ({ rule: normalizeRule(pot.ballotRule as BallotRuleInput) })),
    projects: projects.map((p) => ({ id: p.id })),
  })
}
