import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { audit, type AuditActor } from '#shared/audit'
import { slugOf } from '#shared/slug'
import Community from '#communities/models/community'
import Campaign from '#campaigns/models/campaign'
import CampaignPot from '#campaigns/models/campaign_pot'
import { DEFAULT_BALLOT_RULE } from '#campaigns/ballot_rules'
import { cleanTranslations, primaryText } from '#campaigns/translations'
import type { CreateCampaignInput } from '#campaigns/validators/campaign_validators'
import { invalid, type Invalid } from '#shared/actions'
import { stageDateErrors } from '#campaigns/actions/stage_dates'

export type CreateCampaignResult = { outcome: 'ok'; campaign: Campaign } | Invalid

/** The default pot of a new campaign: the whole budget, approval of 1 to 3 projects. */
export const DEFAULT_POT_NAME = { en: 'All projects', ru: 'Все проекты', uk: 'Усі проєкти' }

/**
 * Wizard step 1. A new campaign starts in `drafting` (hidden) with sensible
 * defaults: one pot "All projects" holding the whole budget with an approval
 * rule of 1..3, greedy outcome, open to anyone who signs in, live results shown.
 */
export default async function createCampaign(
  actor: AuditActor,
  input: CreateCampaignInput
): Promise<CreateCampaignResult> {
  const dateErrors = stageDateErrors(input)
  if (dateErrors.length > 0) return invalid(...dateErrors)

  return db.transaction(async (trx) => {
    const community = await Community.find(input.communityId, { client: trx })
    if (!community) return invalid({ field: 'communityId', rule: 'unknown_community' })

    const slug = input.slug ?? (await freeSlug(slugOf(primaryText(input.title)), trx))
    if (!slug) return invalid({ field: 'slug', rule: 'slug_required' })
    const taken = await Campaign.query({ client: trx }).where('slug', slug).first()
    if (taken) return invalid({ field: 'slug', rule: 'slug_taken' })

    const campaign = await Campaign.create(
      {
        communityId: community.id,
        slug,
        title: cleanTranslations(input.title),
        description: cleanTranslations(input.description),
        totalBudget: input.totalBudget,
        currency: input.currency,
        stage: 'drafting',
        ideasOpensAt: input.ideasOpensAt ?? null,
        reviewOpensAt: input.reviewOpensAt ?? null,
        votingOpensAt: input.votingOpensAt ?? null,
        votingClosesAt: input.votingClosesAt ?? null,
        implementationOpensAt: input.implementationOpensAt ?? null,
        finishesAt: input.finishesAt ?? null,
        eligibilityMode: 'anyone',
        minAge: null,
        outcomeRule: 'greedy',
        liveResultsPublic: true,
        supportThreshold: input.supportThreshold ?? 0,
      },
      { client: trx }
    )
    const pot = await CampaignPot.create(
      {
        campaignId: campaign.id,
        name: DEFAULT_POT_NAME,
        budget: campaign.totalBudget,
        kind: 'size',
        districtId: null,
        ballotRule: DEFAULT_BALLOT_RULE,
        position: 0,
      },
      { client: trx }
    )
    await audit.record(
      actor,
      'campaign.created',
      { type: 'campaign', id: campaign.id },
      { slug, communityId: community.id, totalBudget: campaign.totalBudget, defaultPotId: pot.id },
      { client: trx }
    )
    return { outcome: 'ok' as const, campaign }
  })
}

/** `root`, or `root-2`, `root-3`… whichever is free (null when none of 50 is). */
async function freeSlug(root: string, trx: TransactionClientContract): Promise<string | null> {
  const stem = root.length >= 3 ? root : `campaign-${Date.now().toString(36)}`
  for (let attempt = 1; attempt <= 50; attempt++) {
    const candidate = attempt === 1 ? stem : `${stem}-${attempt}`
    const taken = await Campaign.query({ client: trx }).where('slug', candidate).first()
    if (!taken) return candidate
  }
  return null
}
