import { audit, type AuditActor } from '#shared/audit'
import type { EligibilityInput } from '#campaigns/validators/settings_validators'
import {
  isConfigurable,
  locked,
  withLockedCampaign,
  type Locked,
} from '#campaigns/actions/locked_campaign'
import type { NotFound } from '#shared/actions'

export type UpdateEligibilityResult = { outcome: 'ok' } | Locked | NotFound

/** Who may take part (anyone signed in / residents / census register) and the minimum age. */
export default async function updateEligibility(
  actor: AuditActor,
  campaignId: number,
  input: EligibilityInput
): Promise<UpdateEligibilityResult> {
  return withLockedCampaign(campaignId, async (campaign, trx) => {
    if (!isConfigurable(campaign)) return locked
    const before = { eligibilityMode: campaign.eligibilityMode, minAge: campaign.minAge }
    campaign.merge({ eligibilityMode: input.eligibilityMode, minAge: input.minAge ?? null })
    campaign.useTransaction(trx)
    await campaign.save()
    await audit.record(
      actor,
      'campaign.eligibility_updated',
      { type: 'campaign', id: campaign.id },
      { before, after: { eligibilityMode: campaign.eligibilityMode, minAge: campaign.minAge } },
      { client: trx }
    )
    return { outcome: 'ok' as const }
  })
}
