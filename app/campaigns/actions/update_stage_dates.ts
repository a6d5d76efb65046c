import type { AuditActor } from '#shared/audit'
import { invalid, type Invalid, type NotFound } from '#shared/actions'
import type Campaign from '#campaigns/models/campaign'
import { STAGE_DATE_FIELDS } from '#campaigns/stages'
import { saveCampaignChanges, withLockedCampaign } from '#campaigns/actions/locked_campaign'
import { stageDateErrors, type StageDates } from '#campaigns/actions/stage_dates'

export type UpdateStageDatesResult = { outcome: 'ok'; campaign: Campaign } | Invalid | NotFound

/**
 * Changes some stage dates of a campaign (the staff API; the settings form changes them with
 * the other basics in `updateCampaignBasics`). A date left out keeps its value, null clears it;
 * the resulting dates must keep their order (`stageDateErrors`), checked on the locked row.
 */
export default async function updateStageDates(
  actor: AuditActor,
  campaignId: number,
  changes: StageDates
): Promise<UpdateStageDatesResult> {
  return withLockedCampaign(campaignId, async (campaign, trx) => {
    const dates: StageDates = {}
    for (const field of STAGE_DATE_FIELDS) {
      dates[field] = changes[field] === undefined ? campaign[field] : changes[field]
    }
    const errors = stageDateErrors(dates)
    if (errors.length > 0) return invalid(...errors)
    await saveCampaignChanges(actor, campaign, trx, dates)
    return { outcome: 'ok' as const, campaign }
  })
}
