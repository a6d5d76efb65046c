import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import CampaignPot from '#campaigns/models/campaign_pot'

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
