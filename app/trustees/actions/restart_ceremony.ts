import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { CEREMONY_RESTARTS_MAX } from '@civic-budget/protocol/limits'
import { encodeThresholdRecord } from '@civic-budget/protocol/tx'
import { audit, type AuditActor } from '#shared/audit'
import { invalid, type Invalid, type NotFound } from '#shared/actions'
import { withLockedCampaign, isConfigurable } from '#campaigns/actions/locked_campaign'
import { queueCeremonyRecord } from '#trustees/record_queue'
import { deadlinePassed, ledgerProgress, type StoredCeremony } from '#trustees/ceremony_state'
import { advanceCeremony } from '#trustees/progress'
import { issueTokens, type Invite } from '#trustees/actions/name_trustees'
import type { NameTrusteesInput } from '#trustees/validators'

export type RestartRefusal =
  | 'locked'
  | 'no_ceremony'
  | 'not_restartable'
  | 'records_pending'
  | 'too_many_restarts'
  | 'no_ledger'

export type RestartResult =
  { outcome: 'ok'; invites: Invite[] } | { outcome: RestartRefusal } | Invalid | NotFound

/** A ceremony that failed, or stalled past its deadline without completing. */
function stalled(stored: StoredCeremony, now: Date): boolean {
  const { ceremony } = stored
  if (ceremony.status === 'failed') return true
  return ceremony.status !== 'complete' && deadlinePassed(ceremony, now)
}

/** Whether the staff screen offers "Start the ceremony again" (the POST may still wait). */
export function restartable(stored: StoredCeremony, now = new Date()): boolean {
  return stalled(stored, now) && stored.ceremony.restarts < CEREMONY_RESTARTS_MAX
}

class Refused extends Error {
  constructor(readonly outcome: RestartRefusal) {
    super(outcome)
  }
}

/**
 * An admin starts a failed or stalled key ceremony over (before voting): a `ceremony-restart`
 * record `[1, campaignId, restart, t, n]` goes to the ledger, from whose block on the replicas judge records
 * against the new ceremony. The old ceremony's records stay on the ledger but leave the app, its
 * trustees and their invite links go, and the new trustees get new links (in this answer only).
 */
export default async function restartCeremony(
  actor: AuditActor,
  campaignId: number,
  input: NameTrusteesInput
): Promise<RestartResult> {
  const n = input.names.length
  if (input.threshold > n) {
    return invalid({ field: 'threshold', rule: 'threshold_too_high', meta: { trustees: n } })
  }
  return withLockedCampaign(campaignId, async (campaign, trx) => {
    if (!isConfigurable(campaign)) return { outcome: 'locked' as const }
    const stored = await advanceCeremony(campaignId, trx)
    if (!stored) return { outcome: 'no_ceremony' as const }
    const refusal = await restartRefusal(stored, trx)
    if (refusal) return { outcome: refusal }
    const restarts = stored.ceremony.restarts + 1
    const now = new Date()
    // The old ceremony's records leave the app (the ledger keeps them); the record goes first, so
    // its row is the only one left.
    await trx.from('ceremony_records').where('campaign_id', campaignId).delete()
    await queueRestartRecord(campaignId, restarts, input.threshold, n, trx)
    await trx.from('campaign_trustees').where('campaign_id', campaignId).delete()
    const deadlineAt = input.deadlineAt ? input.deadlineAt.toJSDate() : null
    await trx.from('campaign_ceremonies').where('campaign_id', campaignId).update({
      threshold: input.threshold,
      trustees: n,
      status: 'keys',
      deadline_at: deadlineAt,
      election_key: null,
      padded_length: null,
      outcome: null,
      completed_at: null,
      restarts,
      updated_at: now,
    })
    const invites = await issueTokens(campaignId, input.names, trx, now)
    await audit.record(
      actor,
      'trustees.ceremony_restarted',
      { type: 'campaign', id: campaignId },
      { threshold: input.threshold, trustees: n, names: input.names, deadlineAt, restarts },
      { client: trx }
    )
    return { outcome: 'ok' as const, invites }
  }).catch((error) => {
    if (error instanceof Refused) return { outcome: error.outcome }
    throw error
  })
}

async function restartRefusal(
  stored: StoredCeremony,
  trx: TransactionClientContract
): Promise<RestartRefusal | null> {
  const { ceremony } = stored
  if (!stalled(stored, new Date())) return 'not_restartable'
  // A record still on its way could land after the restart and count for the wrong ceremony.
  const progress = await ledgerProgress(ceremony.campaignId, trx)
  if (progress.anyPending) return 'records_pending'
  return ceremony.restarts >= CEREMONY_RESTARTS_MAX ? 'too_many_restarts' : null
}

/** Queues the record; throws (rolling everything back) when it cannot reach the ledger. */
async function queueRestartRecord(
  campaignId: number,
  restart: number,
  threshold: number,
  trustees: number,
  trx: TransactionClientContract
): Promise<void> {
  const payload = encodeThresholdRecord({
    kind: 'ceremony-restart',
    campaignId,
    restart,
    threshold,
    trustees,
  })
  const queued = await queueCeremonyRecord(trx, {
    campaignId,
    kind: 'ceremony-restart',
    trusteeIndex: null,
    payload,
  })
  if (queued === 'no_ledger') throw new Refused('no_ledger')
  // numbered by the locked row's count: the same bytes again would be the same restart twice
  if (queued === 'duplicate')
    throw new Error(`assertion: restart ${restart} of ${campaignId} twice`)
}
