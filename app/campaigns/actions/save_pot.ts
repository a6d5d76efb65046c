import { audit, type AuditActor } from '#shared/audit'
import CampaignPot from '#campaigns/models/campaign_pot'
import { normalizeRule } from '#campaigns/ballot_rules'
import { cleanTranslations } from '#campaigns/translations'
import { isWithin } from '#communities/community_tree'
import type { PotInput } from '#campaigns/validators/pot_validators'
import { invalid, notFound, type FieldError, type Invalid, type NotFound } from '#shared/actions'
import {
  isConfigurable,
  locked,
  withLockedCampaign,
  type Locked,
} from '#campaigns/actions/locked_campaign'
import { potsBudgetSum } from '#campaigns/actions/pots_budget'
import { majorAmount } from '#shared/currencies'

/** A band is ordered and its lower bound fits the pot (a project cannot cost more than the pot). */
function costBandErrors(input: PotInput, currency: string): FieldError[] {
  const min = input.minProjectCost ?? null
  const max = input.maxProjectCost ?? null
  if (min !== null && max !== null && min > max) {
    const meta = { min: majorAmount(min, currency) }
    return [{ field: 'maxProjectCost', rule: 'cost_band_inverted', meta }]
  }
  if (min !== null && min > input.budget) {
    const meta = { budget: majorAmount(input.budget, currency) }
    return [{ field: 'minProjectCost', rule: 'cost_band_over_budget', meta }]
  }
  return []
}

export type SavePotResult = { outcome: 'ok'; pot: CampaignPot } | Invalid | Locked | NotFound

/**
 * Adds a pot (`potId` null) or edits one. With the campaign locked, the pots'
 * budgets together must stay within the campaign's total budget; a district pot
 * names a district inside the campaign's community; a project cost band is ordered and its lower
 * bound fits the pot's budget.
 */
export default async function savePot(
  actor: AuditActor,
  campaignId: number,
  potId: number | null,
  input: PotInput
): Promise<SavePotResult> {
  return withLockedCampaign(campaignId, async (campaign, trx) => {
    if (!isConfigurable(campaign)) return locked
    const pot =
      potId === null
        ? new CampaignPot()
        : await CampaignPot.query({ client: trx })
            .where('id', potId)
            .where('campaignId', campaign.id)
            .first()
    if (!pot) return notFound

    const errors: FieldError[] = []
    const others = await potsBudgetSum(campaign.id, trx, potId)
    if (others + input.budget > campaign.totalBudget) {
      errors.push({
        field: 'budget',
        rule: 'pots_over_total',
        meta: {
          available: majorAmount(Math.max(0, campaign.totalBudget - others), campaign.currency),
        },
      })
    }
    errors.push(...costBandErrors(input, campaign.currency))
    const districtId = input.kind === 'district' ? (input.districtId ?? null) : null
    if (input.kind === 'district') {
      if (
        districtId === null ||
        districtId === campaign.communityId ||
        !(await isWithin(districtId, campaign.communityId, trx))
      ) {
        errors.push({ field: 'districtId', rule: 'district_outside' })
      }
    }
    if (errors.length > 0) return invalid(...errors)

    const before = pot.$isPersisted ? { ...pot.$attributes } : null
    if (!pot.$isPersisted) {
      const [row] = await CampaignPot.query({ client: trx })
        .where('campaignId', campaign.id)
        .max('position as last')
      pot.campaignId = campaign.id
      pot.position = Number(row?.$extras.last ?? -1) + 1
    }
    pot.merge({
      name: cleanTranslations(input.name),
      budget: input.budget,
      minProjectCost: input.minProjectCost ?? null,
      maxProjectCost: input.maxProjectCost ?? null,
      kind: input.kind,
      districtId,
      ballotRule: normalizeRule(input.rule),
      minSupport: input.minSupport ?? pot.minSupport ?? 1,
    })
    pot.useTransaction(trx)
    await pot.save()
    await audit.record(
      actor,
      before ? 'campaign.pot_updated' : 'campaign.pot_added',
      { type: 'campaign', id: campaign.id },
      {
        potId: pot.id,
        before: before && {
          name: before.name,
          budget: before.budget,
          costBand: [before.minProjectCost ?? null, before.maxProjectCost ?? null],
          rule: before.ballotRule,
          minSupport: before.minSupport,
        },
        after: {
          name: pot.name,
          budget: pot.budget,
          costBand: [pot.minProjectCost, pot.maxProjectCost],
          kind: pot.kind,
          rule: pot.ballotRule,
          minSupport: pot.minSupport,
        },
      },
      { client: trx }
    )
    return { outcome: 'ok' as const, pot }
  })
}
