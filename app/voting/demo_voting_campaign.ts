import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Campaign from '#campaigns/models/campaign'
import CampaignPot from '#campaigns/models/campaign_pot'
import CampaignStageChange from '#campaigns/models/campaign_stage_change'
import { applyStageChange } from '#campaigns/actions/change_stage'
import { seedDemoProjects } from '#proposals/demo_projects'

export const DEMO_VOTING_CAMPAIGN_SLUG = 'riverside-quick-wins'

/** Projects on the ballot: [title, cost in kopecks, pot index, locale]. */
const PROJECTS: [string, number, 0 | 1, 'en' | 'ru' | 'uk'][] = [
  ['Benches and shade along the river walk', 120_000_000, 0, 'en'],
  ['Новое освещение в сквере у вокзала', 90_000_000, 0, 'ru'],
  ['Велопарковки біля шкіл', 45_000_000, 0, 'uk'],
  ['Drinking fountains in Green Park', 60_000_000, 0, 'en'],
  ['Outdoor gym in the Meadows', 150_000_000, 1, 'en'],
  ['Ремонт катка на Северном холме', 200_000_000, 1, 'ru'],
  ['Community garden in the Factory District', 80_000_000, 1, 'en'],
]

/**
 * The demo city's second campaign, "Riverside Quick Wins", already in its **voting** stage so a
 * script can sign in with a made-up number, take a credential and vote (protocol.md): open to
 * anyone, live results shown, two pots (approval 1..3, knapsack) with projects on the ballot.
 * It enters voting through the ordinary stage change, so the stage hooks create its registrar
 * key and queue its campaign tx in the ledger outbox (`npm start` then puts it on the local
 * cluster). Voting is open from a day before the seed for 90 days. Idempotent: found by slug.
 */
export async function seedDemoVotingCampaign(cityId: number, trx: TransactionClientContract) {
  const existing = await Campaign.query({ client: trx })
    .where('slug', DEMO_VOTING_CAMPAIGN_SLUG)
    .first()
  if (existing) return existing

  const now = DateTime.now().startOf('hour')
  const campaign = await Campaign.create(
    {
      communityId: cityId,
      slug: DEMO_VOTING_CAMPAIGN_SLUG,
      title: {
        en: 'Riverside Quick Wins',
        ru: 'Быстрые победы Риверсайда',
        uk: 'Швидкі перемоги Ріверсайду',
      },
      description: {
        en: 'Small projects the city can finish within a year. Voting is open: choose up to three.',
        ru: 'Небольшие проекты, которые город успеет сделать за год. Голосование открыто: выберите до трёх.',
        uk: 'Невеликі проєкти, які місто встигне зробити за рік. Голосування відкрите: оберіть до трьох.',
      },
      totalBudget: 600_000_000,
      currency: 'RUB',
      stage: 'review',
      ideasOpensAt: now.minus({ days: 60 }),
      reviewOpensAt: now.minus({ days: 30 }),
      votingOpensAt: now.minus({ days: 1 }),
      votingClosesAt: now.plus({ days: 90 }),
      implementationOpensAt: now.plus({ days: 120 }),
      finishesAt: now.plus({ days: 365 }),
      eligibilityMode: 'anyone',
      minAge: null,
      outcomeRule: 'greedy',
      liveResultsPublic: true,
      supportThreshold: 0,
    },
    { client: trx }
  )
  const pots = await CampaignPot.createMany(
    [
      {
        campaignId: campaign.id,
        name: { en: 'Streets and parks', ru: 'Улицы и парки', uk: 'Вулиці та парки' },
        budget: 300_000_000,
        kind: 'size',
        districtId: null,
        ballotRule: { kind: 'approval', minSelections: 1, maxSelections: 3 },
        position: 0,
      },
      {
        campaignId: campaign.id,
        name: { en: 'Sport and gardens', ru: 'Спорт и сады', uk: 'Спорт і сади' },
        budget: 300_000_000,
        kind: 'size',
        districtId: null,
        ballotRule: { kind: 'knapsack', minSharePercent: 0 },
        position: 1,
      },
    ],
    { client: trx }
  )
  await seedDemoProjects(
    campaign.id,
    PROJECTS.map(([title, cost, pot, locale]) => ({ title, cost, potId: pots[pot].id, locale })),
    now.minus({ days: 45 }).toJSDate(),
    trx
  )
  await CampaignStageChange.create(
    {
      campaignId: campaign.id,
      fromStage: 'drafting',
      toStage: 'review',
      actorType: 'schedule',
      staffUserId: null,
      reason: 'demo data',
      changedAt: now.minus({ days: 30 }),
    },
    { client: trx }
  )
  // The ordinary move into voting: stage hooks make the registrar key and queue the campaign tx.
  await applyStageChange(campaign, 'voting', { type: 'system', id: null }, 'demo data', trx)
  return campaign
}
