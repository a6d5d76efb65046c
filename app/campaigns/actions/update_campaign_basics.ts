import type { AuditActor } from '#shared/audit'
import Campaign from '#campaigns/models/campaign'
import { cleanTranslations } from '#campaigns/translations'
import type { UpdateCampaignBasicsInput } from '#campaigns/validators/campaign_validators'
import { invalid, type Invalid, type NotFound } from '#shared/actions'
import { potsBudgetSum } from '#campaigns/actions/pots_budget'
import { saveCampaignChanges, withLockedCampaign } from '#campaigns/actions/locked_campaign'
import { stageDateErrors } from '#campaigns/actions/stage_dates'

export type UpdateBasicsResult = { outcome: 'ok'; campaign: Campaign } | Invalid | NotFound

/**
 * Title, description, budget, currency, support threshold and stage dates.
 * The total budget may not drop below the sum of the pots' budgets.
 */
export default async function updateCampaignBasics(
  actor: AuditActor,
  campaignId: number,
  input: UpdateCampaignBasicsInput
): Promise<UpdateBasicsResult> {
  const dateErrors = stageDateErrors(input)
  if (dateErrors.length > 0) return invalid(...dateErrors)

  return withLockedCampaign(campaignId, async (campaign, trx) => {
    const potsTotal = await potsBudgetSum(campaign.id, trx)
    if (input.totalBudget < potsTotal) {
      return invalid({ field: 'totalBudget', rule: 'below_pots', meta: { pots: potsTotal } })
    }
    if (input.slug !== campaign.slug) {
      if (campaign.stage !== 'drafting') return invalid({ field: 'slug', rule: 'slug_frozen' })
      const taken = await Campaign.query({ client: trx })
        .where('slug', input.slug)
        .whereNot('id', campaign.id)
        .first()
      if (taken) return invalid({ field: 'slug', rule: 'slug_taken' })
    }
    await saveCampaignChanges(actor, campaign, trx, {
      slug: input.slug,
      title: cleanTranslations(input.title),
      description: cleanTranslations(input.description),
      totalBudget: input.totalBudget,
      currency: input.currency,
      supportThreshold: input.supportThreshold ?? campaign.supportThreshold,
      ideasOpensAt: input.ideasOpensAt ?? null,
      reviewOpensAt: input.reviewOpensAt ?? null,
      votingOpensAt: input.votingOpensAt ?? null,
      votingClosesAt: input.votingClosesAt ?? null,
      implementationOpensAt: input.implementationOpensAt ?? null,
      finishesAt: input.finishesAt ?? null,
    })
    return { outcome: 'ok' as const, campaign }
  })
}
