import { audit, type AuditActor } from '#shared/audit'
import type { OutcomeInput } from '#campaigns/validators/settings_validators'
import {
  isConfigurable,
  locked,
  withLockedCampaign,
  type Locked,
} from '#campaigns/actions/locked_campaign'
import type { NotFound } from '#shared/actions'

export type UpdateOutcomeResult = { outcome: 'ok' } | Locked | NotFound

/**
 * The winner rule (greedy / Method of Equal Shares) and whether live results
 * are public during voting. The rule is fixed once voting opens; the live
 * results switch may still change (it only affects what is shown).
 */
export default async function updateOutcome(
  actor: AuditActor,
  campaignId: number,
  input: OutcomeInput
): Promise<UpdateOutcomeResult> {
  return withLockedCampaign(campaignId, async (campaign, trx) => {
    if (input.outcomeRule !== campaign.outcomeRule && !isConfigurable(campaign)) return locked
    const before = {
      outcomeRule: campaign.outcomeRule,
      liveResultsPublic: campaign.liveResultsPublic,
    }
    campaign.merge({ outcomeRule: input.outcomeRule, liveResultsPublic: input.liveResultsPublic })
    campaign.useTransaction(trx)
    await campaign.save()
    await audit.record(
      actor,
      'campaign.outcome_updated',
      { type: 'campaign', id: campaign.id },
      { before, after: input },
      { client: trx }
    )
    return { outcome: 'ok' as const }
  })
}
