import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Campaign from '#campaigns/models/campaign'
import CampaignPot from '#campaigns/models/campaign_pot'
import { CONFIGURABLE_STAGES } from '#campaigns/stages'

/**
 * A field error of an action, as a code: the controller turns it into a
 * localized message (`campaigns.errors.<rule>`) and a 422 / redirect back.
 */
export interface FieldError {
  field: string
  rule: string
  meta?: Record<string, string | number>
}

export type Invalid = { outcome: 'invalid'; errors: FieldError[] }
export type NotFound = { outcome: 'not_found' }
/** The ballot-shaping settings cannot change once voting has opened. */
export type Locked = { outcome: 'locked' }

export const notFound: NotFound = { outcome: 'not_found' }
export const locked: Locked = { outcome: 'locked' }
export function invalid(...errors: FieldError[]): Invalid {
  return { outcome: 'invalid', errors }
}

/**
 * Runs `work` in a transaction with the campaign row locked (`SELECT … FOR
 * UPDATE`), so concurrent edits of one campaign (two admins, the scheduler)
 * apply one after the other against fresh data — Decidim's fix for double-spent
 * budgets. Returns `not_found` when there is no such campaign.
 */
export async function withLockedCampaign<T>(
  campaignId: number,
  work: (campaign: Campaign, trx: TransactionClientContract) => Promise<T>
): Promise<T | NotFound> {
  return db.transaction(async (trx) => {
    const campaign = await Campaign.query({ client: trx })
      .where('id', campaignId)
      .forUpdate()
      .first()
    if (!campaign) return notFound
    return work(campaign, trx)
  })
}

export function isConfigurable(campaign: Campaign): boolean {
  return CONFIGURABLE_STAGES.includes(campaign.stage)
}

/** Sum of the pots' budgets, optionally without one pot (the one being edited). */
export async function potsBudgetSum(
  campaignId: number,
  trx: TransactionClientContract,
  exceptPotId: number | null = null
): Promise<number> {
  const query = CampaignPot.query({ client: trx }).where('campaignId', campaignId)
  if (exceptPotId !== null) query.whereNot('id', exceptPotId)
  const [row] = await query.sum('budget as total')
  return Number(row?.$extras.total ?? 0)
}
