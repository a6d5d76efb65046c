import db from '@adonisjs/lucid/services/db'
import type { AuditActor } from '#shared/audit'
import Campaign from '#campaigns/models/campaign'
import { stageIndex } from '#campaigns/stages'
import type CampaignOutcome from '#outcomes/models/campaign_outcome'
import { computeCampaignOutcome, publishOutcome } from './campaign_outcome.js'

/*
 * A documented override (CONSUL #5857): an admin replaces the rule's selection of one or more pots
 * with a reason. The reason is required, stored, shown on the public results, put in the `outcome`
 * ledger record and audited (before/after). The override is not limited by the pot budget — the
 * city may add money — but every project must be one of the pot's projects. Pots not mentioned keep
 * the rule's selection.
 */

export type OverrideResult =
  | { outcome: 'ok'; row: CampaignOutcome }
  | { outcome: 'too_early' }
  | { outcome: 'invalid'; field: string; rule: string }
  | { outcome: 'not_found' }

export async function overrideOutcome(
  actor: AuditActor,
  campaignId: number,
  input: { reason: string; pots: { potId: number; projectIds: number[] }[] }
): Promise<OverrideResult> {
  return db.transaction(async (trx) => {
    const campaign = await Campaign.query({ client: trx })
      .where('id', campaignId)
      .forUpdate()
      .first()
    if (!campaign) return { outcome: 'not_found' as const }
    if (stageIndex(campaign.stage) < stageIndex('results')) return { outcome: 'too_early' as const }
    const computed = await computeCampaignOutcome(campaign, campaign.outcomeRule, trx)
    const pots = computed.pots.map((pot) => ({ ...pot }))
    for (const [index, wanted] of input.pots.entries()) {
      const pot = pots.find((p) => p.potId === wanted.potId)
      if (!pot)
        return { outcome: 'invalid' as const, field: `pots.${index}.potId`, rule: 'unknown_pot' }
      const all = [...pot.selected, ...pot.skipped]
      const rows = await trx.from('projects').where('pot_id', pot.potId).select('id', 'cost')
      const costs = new Map(rows.map((r) => [r.id as number, Number(r.cost)]))
      if (
        new Set(wanted.projectIds).size !== wanted.projectIds.length ||
        wanted.projectIds.some((id) => !costs.has(id))
      ) {
        return {
          outcome: 'invalid' as const,
          field: `pots.${index}.projectIds`,
          rule: 'unknown_project',
        }
      }
      const votes = new Map(pot.selected.map((s) => [s.projectId, s.votes]))
      pot.selected = wanted.projectIds.map((projectId) => ({
        projectId,
        cost: costs.get(projectId)!,
        votes: votes.get(projectId) ?? 0,
      }))
      pot.skipped = all
        .filter((p) => !wanted.projectIds.includes(p.projectId))
        .map((p) => ({ projectId: p.projectId, reason: 'override' }))
      pot.totalCost = pot.selected.reduce((sum, s) => sum + s.cost, 0)
    }
    const imported = await trx.from('pabulib_imports').where('campaign_id', campaign.id).first()
    const row = await publishOutcome(campaign, { ...computed, pots }, trx, {
      actor,
      overrideReason: input.reason,
      ledger: !imported,
    })
    return { outcome: 'ok' as const, row }
  })
}
