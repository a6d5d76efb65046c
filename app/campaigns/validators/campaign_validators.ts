import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import {
  amount,
  communityId,
  currency,
  optionalDateTime,
  optionalTranslations,
  translations,
} from '#campaigns/validators/shared'

const slug = () =>
  vine
    .string()
    .trim()
    .toLowerCase()
    .minLength(3)
    .maxLength(80)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)

const basics = {
  title: translations(200),
  description: optionalTranslations(10_000).optional(),
  totalBudget: amount(),
  currency: currency(),
  supportThreshold: vine.number().withoutDecimals().min(0).max(1_000_000).optional(),
  ideasOpensAt: optionalDateTime(),
  reviewOpensAt: optionalDateTime(),
  votingOpensAt: optionalDateTime(),
  votingClosesAt: optionalDateTime(),
  implementationOpensAt: optionalDateTime(),
  finishesAt: optionalDateTime(),
}

/** Wizard step 1: a new campaign (everything else gets defaults). */
export const createCampaignValidator = vine.compile(
  vine.object({ communityId: communityId(), slug: slug().optional(), ...basics })
)
export type CreateCampaignInput = Infer<typeof createCampaignValidator>

/** The basics of an existing campaign (its community never changes). */
export const updateCampaignBasicsValidator = vine.compile(vine.object({ slug: slug(), ...basics }))
export type UpdateCampaignBasicsInput = Infer<typeof updateCampaignBasicsValidator>

/** Staff list filters (kept in the query string). */
export const campaignFiltersValidator = vine.compile(
  vine.object({
    stage: vine
      .enum(['drafting', 'ideas', 'review', 'voting', 'results', 'implementation', 'finished'])
      .optional(),
    communityId: communityId().optional(),
    search: vine.string().trim().maxLength(100).optional(),
    page: vine.number().withoutDecimals().min(1).max(100_000).optional(),
  })
)

/** Staff API: some stage dates (ISO 8601 with offset; null clears one, a missing one stays). */
export const stageDatesValidator = vine.compile(
  vine.object({
    ideasOpensAt: optionalDateTime(),
    reviewOpensAt: optionalDateTime(),
    votingOpensAt: optionalDateTime(),
    votingClosesAt: optionalDateTime(),
    implementationOpensAt: optionalDateTime(),
    finishesAt: optionalDateTime(),
  })
)
