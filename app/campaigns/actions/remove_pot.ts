import { audit, type AuditActor } from '#shared/audit'
import CampaignPot from '#campaigns/models/campaign_pot'
import {
  isConfigurable,
  locked,
  withLockedCampaign,
  type Locked,
} from '#campaigns/actions/locked_campaign'
import { notFound, type NotFound } from '#shared/actions'

export type RemovePotResult = { outcome: 'ok' } | { outcome: 'last_pot' } | Locked | NotFound

/** Removes a pot; a campaign always keeps at least one. */
export default async function removePot(
  actor: AuditActor,
  campaignId: number,
  potId: number
): Promise<RemovePotResult> {
  return withLockedCampaign(campaignId, async (campaign, trx) => {
    if (!isConfigurable(campaign)) return locked
    const pots = await CampaignPot.query({ client: trx }).where('campaignId', campaign.id)
    const pot = pots.find((candidate) => candidate.id === potId)
    if (!pot) return notFound
    if (pots.length === 1) return { outcome: 'last_pot' as const }
    pot.useTransaction(trx)
    await pot.delete()
    await audit.record(
      actor,
      'campaign.pot_removed',
      { type: 'campaign', id: campaign.id },
      { potId, name: pot.name, budget: pot.budget },
      { client: trx }
    )
    return { outcome: 'ok' as const }
  })
}
