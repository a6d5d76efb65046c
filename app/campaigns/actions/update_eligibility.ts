import { audit, type AuditActor } from '#shared/audit'
import type Campaign from '#campaigns/models/campaign'
import type { EligibilityInput } from '#campaigns/validators/settings_validators'
import {
  isConfigurable,
  locked,
  withLockedCampaign,
  type Locked,
} from '#campaigns/actions/locked_campaign'
import type { NotFound } from '#shared/actions'

export type UpdateEligibilityResult = { outcome: 'ok' } | Locked | NotFound

function settingsOf(campaign: Campaign) {
  return {
    eligibilityMode: campaign.eligibilityMode,
    acceptedDistrictSource: campaign.acceptedDistrictSource,
    minAge: campaign.minAge,
  }
}

/** Who may take part (anyone signed in / residents, with which districts count / census register) and the
 * minimum age. */
export default async function updateEligibility(
  actor: AuditActor,
  campaignId: number,
  input: EligibilityInput
): Promise<UpdateEligibilityResult> {
  return withLockedCampaign(campaignId, async (campaign, trx) => {
    if (!isConfigurable(campaign)) return locked
    const before = settingsOf(campaign)
    campaign.merge({
      eligibilityMode: input.eligibilityMode,
      acceptedDistrictSource: input.acceptedDistrictSource ?? campaign.acceptedDistrictSource,
      minAge: input.minAge ?? null,
    })
    campaign.useTransaction(trx)
    await campaign.save()
    await audit.record(
      actor,
      'campaign.eligibility_updated',
      { type: 'campaign', id: campaign.id },
      { before, after: settingsOf(campaign) },
      { client: trx }
    )
    return { outcome: 'ok' as const }
  })
}
