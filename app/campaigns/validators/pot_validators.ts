import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { ballotRuleObject } from '#campaigns/ballot_rules'
import { POT_KINDS } from '#campaigns/models/campaign_pot'
import { amount, communityId, translations } from '#campaigns/validators/shared'

export const MIN_SUPPORT_MAX = 1_000_000

/**
 * Add or edit a pot: its name, budget, project cost band, kind (size/district), ballot rule and
 * minimum support.
 */
export const potValidator = vine.compile(
  vine.object({
    name: translations(120),
    budget: amount(),
    // The cost band of a project on this pot; null or omitted: no bound.
    minProjectCost: amount().nullable().optional(),
    maxProjectCost: amount().nullable().optional(),
    kind: vine.enum(POT_KINDS),
    districtId: communityId().nullable().optional().requiredWhen('kind', '=', 'district'),
    rule: ballotRuleObject,
    minSupport: vine.number().withoutDecimals().min(0).max(MIN_SUPPORT_MAX).optional(),
  })
)
export type PotInput = Infer<typeof potValidator>

/** Add or rename a category. */
export const categoryValidator = vine.compile(vine.object({ name: translations(120) }))
export type CategoryInput = Infer<typeof categoryValidator>
