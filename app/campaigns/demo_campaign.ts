import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Campaign from '#campaigns/models/campaign'
import CampaignPot from '#campaigns/models/campaign_pot'
import CampaignCategory from '#campaigns/models/campaign_category'
import CampaignStageChange from '#campaigns/models/campaign_stage_change'

export const DEMO_CAMPAIGN_SLUG = 'riverside-2027'

const CATEGORIES = [
  { en: 'Parks and green spaces', ru: 'Парки и скверы', uk: 'Парки та сквери' },
  { en: 'Streets and mobility', ru: 'Улицы и транспорт', uk: 'Вулиці та транспорт' },
  { en: 'Culture and sport', ru: 'Культура и спорт', uk: 'Культура і спорт' },
  { en: 'Children and schools', ru: 'Дети и школы', uk: 'Діти та школи' },
]

/**
 * The demo city's campaign "Riverside 2027", in its ideas stage, with a large-
 * and a small-projects pot and four categories. Idempotent: found by slug; an
 * existing campaign (perhaps moved on by the schedule or an admin) is left as it is.
 */
export async function seedDemoCampaign(cityId: number, trx: TransactionClientContract) {
  const existing = await Campaign.query({ client: trx }).where('slug', DEMO_CAMPAIGN_SLUG).first()
  if (existing) return existing

  const campaign = await Campaign.create(
    {
      communityId: cityId,
      slug: DEMO_CAMPAIGN_SLUG,
      title: {
        en: 'Riverside 2027',
        ru: 'Риверсайд 2027',
        uk: 'Ріверсайд 2027',
      },
      description: {
        en: 'Propose what the city should build in 2027: 50 million roubles for projects chosen by residents.',
        ru: 'Предложите, что городу построить в 2027 году: 50 миллионов рублей на проекты, выбранные жителями.',
        uk: 'Запропонуйте, що місту збудувати у 2027 році: 50 мільйонів рублів на проєкти, обрані мешканцями.',
      },
      totalBudget: 5_000_000_000,
      currency: 'RUB',
      stage: 'ideas',
      ideasOpensAt: DateTime.fromISO('2026-11-01T06:00:00Z'),
      reviewOpensAt: DateTime.fromISO('2027-01-15T06:00:00Z'),
      votingOpensAt: DateTime.fromISO('2027-03-01T06:00:00Z'),
      votingClosesAt: DateTime.fromISO('2027-03-15T18:00:00Z'),
      implementationOpensAt: DateTime.fromISO('2027-04-15T06:00:00Z'),
      finishesAt: DateTime.fromISO('2027-12-31T18:00:00Z'),
      eligibilityMode: 'anyone',
      minAge: 16,
      outcomeRule: 'greedy',
      liveResultsPublic: true,
      supportThreshold: 50,
    },
    { client: trx }
  )
  await CampaignPot.createMany(
    [
      {
        campaignId: campaign.id,
        name: { en: 'Large projects', ru: 'Крупные проекты', uk: 'Великі проєкти' },
        budget: 3_500_000_000,
        kind: 'size',
        districtId: null,
        ballotRule: { kind: 'approval', minSelections: 0, maxSelections: 3 },
        position: 0,
      },
      {
        campaignId: campaign.id,
        name: { en: 'Small projects', ru: 'Малые проекты', uk: 'Малі проєкти' },
        budget: 1_500_000_000,
        kind: 'size',
        districtId: null,
        ballotRule: { kind: 'knapsack', minSharePercent: 0 },
        position: 1,
      },
    ],
    { client: trx }
  )
  await CampaignCategory.createMany(
    CATEGORIES.map((name, position) => ({ campaignId: campaign.id, name, position })),
    { client: trx }
  )
  await CampaignStageChange.create(
    {
      campaignId: campaign.id,
      fromStage: 'drafting',
      toStage: 'ideas',
      actorType: 'schedule',
      staffUserId: null,
      reason: 'demo data',
      changedAt: DateTime.fromISO('2026-11-01T06:00:00Z'),
    },
    { client: trx }
  )
  return campaign
}
