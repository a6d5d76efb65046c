import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { withLockedRow, type NotFound } from '#shared/actions'
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
