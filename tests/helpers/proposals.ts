/*
| Test factories of the proposals module:
|
|   const { campaign, city, north, author } = await ideasCampaign({ threshold: 3 })
|   const idea = await makeIdea(campaign, author, { title: 'Bike lanes', status: 'published' })
|   await client.post(`/ideas/${idea.id}/support`).loginAs(resident).withCsrfToken()
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type Campaign from '#campaigns/models/campaign'
import type Resident from '#identity/models/resident'
import CampaignPot from '#campaigns/models/campaign_pot'
import Idea, { type IdeaStatus } from '#proposals/models/idea'
import { searchLanguageFor } from '#proposals/services/idea_search'
import { makeCampaign, makeCity, makeResident, type PhoneResident } from '#tests/helpers/campaigns'
import type { Stage } from '#campaigns/stages'

let phones = 0
/** A unique +7 999 … number per call. */
export function nextPhone(): string {
  phones++
  const tail = String((Date.now() % 1_000_000) * 10 + (phones % 10))
    .padStart(7, '0')
    .slice(-7)
  return `+7999${tail}`
}

export async function resident(
  districtId: number | null = null,
  locale = 'en'
): Promise<PhoneResident> {
  const made = await makeResident(nextPhone(), districtId)
  if (locale !== 'en') {
    await db.from('residents').where('id', made.id).update({ locale })
  }
  made.locale = locale
  return made
}

/** A city campaign in its ideas stage (or `stage`) with one pot and the given threshold. */
export async function ideasCampaign(options: { threshold?: number; stage?: Stage } = {}) {
  const { city, north, south, other } = await makeCity()
  const campaign = await makeCampaign(city.id, { stage: options.stage ?? 'ideas' })
  campaign.supportThreshold = options.threshold ?? 0
  await campaign.save()
  const [pot] = await CampaignPot.query().where('campaignId', campaign.id)
  const author = await resident(north.id)
  return { campaign, city, north, south, other, pot, author }
}

export async function makeIdea(
  campaign: Campaign,
  author: Resident,
  overrides: Partial<{
    title: string
    description: string
    status: IdeaStatus
    locale: string
    potId: number | null
    districtId: number | null
    categoryId: number | null
    estimatedCost: number | null
    supportCount: number
  }> = {}
): Promise<Idea> {
  const locale = overrides.locale ?? 'en'
  const status = overrides.status ?? 'published'
  return Idea.create({
    campaignId: campaign.id,
    authorId: author.id,
    title: overrides.title ?? `Idea ${phones++}`,
    description: overrides.description ?? 'A longer description of the idea for the city.',
    status,
    locale,
    searchLanguage: searchLanguageFor(locale),
    potId: overrides.potId ?? null,
    districtId: overrides.districtId ?? null,
    categoryId: overrides.categoryId ?? null,
    estimatedCost: overrides.estimatedCost ?? null,
    supportCount: overrides.supportCount ?? 0,
    publishedAt: status === 'draft' ? null : DateTime.now(),
  })
}

/** Row counts of the module's tables (to assert that nothing changed). */
export async function proposalCounts() {
  const tables = [
    'ideas',
    'idea_attachments',
    'idea_supports',
    'idea_moderations',
    'idea_reviews',
    'idea_comments',
    'projects',
    'resident_notifications',
  ]
  const counts: Record<string, number> = {}
  for (const table of tables) {
    const [row] = await db.from(table).count('* as total')
    counts[table] = Number(row.total)
  }
  return counts
}
