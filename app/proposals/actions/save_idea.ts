import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Resident from '#identity/models/resident'
import type Campaign from '#campaigns/models/campaign'
import { categoriesOf, isEligible, isIdeasOpen, potsWithRules } from '#campaigns/campaign_service'
import { isWithin } from '#communities/community_tree'
import Idea from '#proposals/models/idea'
import { searchLanguageFor } from '#proposals/services/idea_search'
import type { IdeaInput } from '#proposals/validators/idea_validators'
import { invalid, notFound, type FieldError, type Invalid, type NotFound } from '#shared/actions'
import { emitDomainEvent } from '#shared/domain_events'

export type SaveIdeaResult =
  | { outcome: 'ok'; idea: Idea }
  | Invalid
  | NotFound
  | { outcome: 'closed' }
  | { outcome: 'not_eligible'; reason: string }
  | { outcome: 'not_editable' }

/** A published idea needs a description this long. */
export const DESCRIPTION_LENGTH_MIN = 20

/**
 * Creates an idea (`ideaId` null) or edits one of the author's. Only during the
 * campaign's ideas stage, only by an eligible resident, and an existing idea only
 * while it is a draft or published (not yet in review) — checked with the idea row
 * locked, so an edit racing the support that moves it to review cannot win.
 */
export default async function saveIdea(
  resident: Resident,
  campaign: Campaign,
  ideaId: number | null,
  input: IdeaInput
): Promise<SaveIdeaResult> {
  if (!isIdeasOpen(campaign)) return { outcome: 'closed' }
  const eligibility = await isEligible(resident, campaign, { age: null })
  if (!eligibility.eligible && eligibility.reason !== 'age_unconfirmed') {
    return { outcome: 'not_eligible', reason: eligibility.reason }
  }
  const errors = await checkReferences(campaign, input)
  if (input.publish && (input.description ?? '').length < DESCRIPTION_LENGTH_MIN) {
    errors.push({
      field: 'description',
      rule: 'description_short',
      meta: { min: DESCRIPTION_LENGTH_MIN },
    })
  }
  if ((input.latitude === undefined) !== (input.longitude === undefined)) {
    const missing = input.latitude === undefined ? 'latitude' : 'longitude'
    errors.push({ field: missing, rule: 'coordinates_pair' })
  }
  if (errors.length > 0) return invalid(...errors)

  return db.transaction(async (trx) => {
    let idea: Idea
    if (ideaId === null) {
      idea = new Idea()
      idea.campaignId = campaign.id
      idea.authorId = resident.id
      idea.status = 'draft'
      idea.supportCount = 0
      idea.locale = resident.locale ?? 'en'
      idea.searchLanguage = searchLanguageFor(idea.locale)
    } else {
      const found = await lockedOwnIdea(trx, ideaId, resident, campaign)
      if (!found) return notFound
      if (!['draft', 'published'].includes(found.status))
        return { outcome: 'not_editable' as const }
      idea = found
    }
    idea.merge({
      title: input.title,
      description: input.description ?? '',
      categoryId: input.categoryId ?? null,
      potId: input.potId ?? null,
      districtId: input.districtId ?? null,
      location: input.location ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      estimatedCost: input.estimatedCost ?? null,
    })
    const publishing = input.publish && idea.status === 'draft'
    if (publishing) {
      idea.status = 'published'
      idea.publishedAt = DateTime.now()
    }
    idea.useTransaction(trx)
    await idea.save()
    if (publishing) {
      await emitDomainEvent(
        { type: 'idea.published', campaignId: campaign.id, ideaId: idea.id },
        trx
      )
    }
    return { outcome: 'ok' as const, idea }
  })
}

async function lockedOwnIdea(
  trx: TransactionClientContract,
  ideaId: number,
  resident: Resident,
  campaign: Campaign
) {
  const idea = await Idea.query({ client: trx }).where('id', ideaId).forUpdate().first()
  if (!idea || idea.authorId !== resident.id || idea.campaignId !== campaign.id) return null
  return idea
}

/** Category, pot and district must belong to the campaign. */
async function checkReferences(campaign: Campaign, input: IdeaInput): Promise<FieldError[]> {
  const errors: FieldError[] = []
  if (input.categoryId !== undefined) {
    const categories = await categoriesOf(campaign)
    if (!categories.some((category) => category.id === input.categoryId)) {
      errors.push({ field: 'categoryId', rule: 'unknown_category' })
    }
  }
  if (input.potId !== undefined) {
    const pots = await potsWithRules(campaign)
    if (!pots.some((pot) => pot.id === input.potId)) {
      errors.push({ field: 'potId', rule: 'unknown_pot' })
    }
  }
  if (input.districtId !== undefined) {
    if (
      input.districtId === campaign.communityId ||
      !(await isWithin(input.districtId, campaign.communityId))
    ) {
      errors.push({ field: 'districtId', rule: 'unknown_district' })
    }
  }
  return errors
}
