import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { encodeThresholdRecord } from '@civic-budget/protocol/tx'
import { audit, type AuditActor } from '#shared/audit'
import { invalid, type Invalid, type NotFound } from '#shared/actions'
import { withLockedCampaign, isConfigurable } from '#campaigns/actions/locked_campaign'
import { queueCeremonyRecord } from '#trustees/record_queue'
import { newTrusteeToken } from '#trustees/trustee_token'
import { lockCeremonyRow } from '#trustees/ceremony_state'
import type { NameTrusteesInput } from '#trustees/validators'

export interface Invite {
  index: number
  name: string
  /** Shown once to the admin, as `/trustee#token=…`; only its hash is stored. */
  token: string
}

export type NameTrusteesResult =
  | { outcome: 'ok'; invites: Invite[] }
  | { outcome: 'locked' }
  | { outcome: 'parameters_fixed' }
  | { outcome: 'no_ledger' }
  | Invalid
  | NotFound

/**
 * An admin makes a campaign encrypted (before voting): n named trustees, threshold t, an optional
 * deadline. The `trustees` record (t of n, once per campaign on the ledger) is queued in the same
 * transaction. Saving again before any trustee key was accepted renames the trustees and issues new
 * invite links (the old ones stop working); t and n are fixed by the first save — the ledger holds
 * them — and nothing but the deadline changes once a key is on its way.
 */
export default async function nameTrustees(
  actor: AuditActor,
  campaignId: number,
  input: NameTrusteesInput
): Promise<NameTrusteesResult> {
  const n = input.names.length
  if (input.threshold > n) {
    return invalid({ field: 'threshold', rule: 'threshold_too_high', meta: { trustees: n } })
  }
  return withLockedCampaign(campaignId, async (campaign, trx) => {
    if (!isConfigurable(campaign)) return { outcome: 'locked' as const }
    const existing = await lockCeremonyRow(trx, campaignId)
    const deadlineAt = input.deadlineAt ? input.deadlineAt.toJSDate() : null
    const now = new Date()
    if (existing) {
      const sameShape = existing.threshold === input.threshold && existing.trustees === n
      const keys = await trx
        .from('ceremony_records')
        .where({ campaign_id: campaignId, kind: 'trustee-key' })
        .first()
      if (!sameShape || keys || existing.status !== 'keys') {
        return { outcome: 'parameters_fixed' as const }
      }
      await trx
        .from('campaign_ceremonies')
        .where('campaign_id', campaignId)
        .update({ deadline_at: deadlineAt, updated_at: now })
      await trx.from('campaign_trustees').where('campaign_id', campaignId).delete()
    } else {
      await trx.insertQuery().table('campaign_ceremonies').insert({
        campaign_id: campaignId,
        threshold: input.threshold,
        trustees: n,
        status: 'keys',
        deadline_at: deadlineAt,
        created_at: now,
        updated_at: now,
      })
      const queued = await queueTrusteesRecord(campaignId, input.threshold, n, trx)
      // Rolls the transaction back: an encrypted campaign without its record on the ledger is useless.
      if (!queued) throw new NoLedger()
    }
    const invites = await issueTokens(campaignId, input.names, trx, now)
    await audit.record(
      actor,
      existing ? 'trustees.renamed' : 'trustees.named',
      { type: 'campaign', id: campaignId },
      { threshold: input.threshold, trustees: input.names, deadlineAt },
      { client: trx }
    )
    return { outcome: 'ok' as const, invites }
  }).catch((error) => {
    if (error instanceof NoLedger) return { outcome: 'no_ledger' as const }
    throw error
  })
}

class NoLedger extends Error {}

async function queueTrusteesRecord(
  campaignId: number,
  threshold: number,
  trustees: number,
  trx: TransactionClientContract
): Promise<boolean> {
  const payload = encodeThresholdRecord({ kind: 'trustees', campaignId, threshold, trustees })
  const queued = await queueCeremonyRecord(trx, {
    campaignId,
    kind: 'trustees',
    trusteeIndex: null,
    payload,
  })
  if (queued === 'duplicate') throw new Error(`assertion: trustees record of ${campaignId} twice`)
  return queued !== 'no_ledger'
}

/** The trustees' rows (index = position + 1) with fresh invite tokens; the tokens, once. */
export async function issueTokens(
  campaignId: number,
  names: string[],
  trx: TransactionClientContract,
  now: Date
): Promise<Invite[]> {
  const invites: Invite[] = []
  for (const [position, name] of names.entries()) {
    const { token, tokenHash } = newTrusteeToken()
    await trx
      .insertQuery()
      .table('campaign_trustees')
      .insert({
        campaign_id: campaignId,
        index: position + 1,
        name,
        token_hash: tokenHash,
        created_at: now,
        updated_at: now,
      })
    invites.push({ index: position + 1, name, token })
  }
  return invites
}
