import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { withLockedRow, type NotFound } from '#shared/actions'
import { audit, type AuditActor } from '#shared/audit'
import Campaign from '#campaigns/models/campaign'
import { CONFIGURABLE_STAGES } from '#campaigns/stages'

/** The ballot-shaping settings cannot change once voting has opened. */
export type Locked = { outcome: 'locked' }
export const locked: Locked = { outcome: 'locked' }

export function isConfigurable(campaign: Campaign): boolean {
  return CONFIGURABLE_STAGES.includes(campaign.stage)
}

/**
 * Runs `work` with the campaign row locked, so concurrent edits of one campaign (two admins,
 * the scheduler) apply one after the other. Returns `not_found` when there is no such campaign.
 */
export function withLockedCampaign<T>(
  campaignId: number,
  work: (campaign: Campaign, trx: TransactionClientContract) => Promise<T>
): Promise<T | NotFound> {
  return withLockedRow(Campaign, { id: campaignId }, work)
}

/**
 * Merges `changes` into the locked campaign, saves it in `trx` and audits what really changed
 * (`campaign.updated`, each column from → to).
 */
export async function saveCampaignChanges(
  actor: AuditActor,
  campaign: Campaign,
  trx: TransactionClientContract,
  changes: Partial<Campaign>
): Promise<void> {
  const before = { ...campaign.$attributes }
  campaign.merge(changes)
  const dirty = Object.keys(campaign.$dirty)
  campaign.useTransaction(trx)
  await campaign.save()
  await audit.record(
    actor,
    'campaign.updated',
    { type: 'campaign', id: campaign.id },
    Object.fromEntries(
      dirty.map((key) => [key, { from: before[key], to: campaign.$attributes[key] }])
    ),
    { client: trx }
  )
}
