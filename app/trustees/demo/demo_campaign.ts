import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import Campaign from '#campaigns/models/campaign'
import CampaignPot from '#campaigns/models/campaign_pot'
import { applyStageChange } from '#campaigns/actions/change_stage'
import { withLockedCampaign } from '#campaigns/actions/locked_campaign'
import { seedDemoProjects } from '#proposals/demo_projects'
import { settleOutbox } from '#ledger/outbox/settle'
import nameTrustees from '#trustees/actions/name_trustees'
import { runDemoCeremony } from '#trustees/demo/demo_ceremony'

export const DEMO_ENCRYPTED_CAMPAIGN_SLUG = 'old-town-sealed-vote'

const SYSTEM = { type: 'system' as const, id: null }
const TRUSTEES = ['Anna (demo trustee)', 'Bogdan (demo trustee)', 'Chiara (demo trustee)']

/** Projects on the ballot: [title, cost in kopecks, locale]. */
const PROJECTS: [string, number, 'en' | 'ru' | 'uk'][] = [
  ['A fountain for Old Town Square', 70_000_000, 'en'],
  ['Скамейки и тень на Соборной площади', 40_000_000, 'ru'],
  ['Пандуси до старих крамниць', 55_000_000, 'uk'],
  ['Night lighting on the town wall walk', 60_000_000, 'en'],
]

/**
 * DEMO ONLY (development, a ledger configured): the demo city's encrypted campaign, "Old Town
 * Sealed Vote" — two of three trustees decrypt. The seeder names three demo trustees, plays their
 * key ceremony on the local cluster (demo_ceremony.ts; their key files kept by demo_keys.ts) and
 * opens voting, so a newcomer can vote, close it early from the staff trustees screen and watch
 * the demo trustees decrypt. Seeded once (found by slug); null when it was already there.
 */
export async function seedDemoEncryptedCampaign(cityId: number): Promise<Campaign | null> {
  if (app.inProduction) throw new Error('the demo encrypted campaign is never seeded in production')
  const existing = await Campaign.findBy('slug', DEMO_ENCRYPTED_CAMPAIGN_SLUG)
  if (existing) return null
  const campaign = await db.transaction((trx) => createInReview(cityId, trx))
  const named = await nameTrustees(SYSTEM, campaign.id, { names: TRUSTEES, threshold: 2 })
  if (named.outcome !== 'ok') throw new Error(`demo trustees: ${named.outcome}`)
  await runDemoCeremony(campaign.id, named.invites)
  await withLockedCampaign(campaign.id, (locked, trx) =>
    applyStageChange(locked, 'voting', SYSTEM, 'demo data', trx)
  )
  // its campaign tx on the ledger now, so the first visitor can vote at once
  await settleOutbox()
  return campaign
}

async function createInReview(cityId: number, trx: Parameters<typeof applyStageChange>[4]) {
  const now = DateTime.now().startOf('hour')
  const campaign = await Campaign.create(
    {
      communityId: cityId,
      slug: DEMO_ENCRYPTED_CAMPAIGN_SLUG,
      title: {
        en: 'Old Town Sealed Vote',
        ru: 'Тайное голосование Старого города',
        uk: 'Таємне голосування Старого міста',
      },
      description: {
        en: 'Ballots are encrypted: nobody, the city included, sees any count until voting closes and two of the three trustees decrypt. Choose one or two projects.',
        ru: 'Бюллетени зашифрованы: никто, включая город, не видит подсчёта, пока голосование не закрыто и двое из трёх доверенных лиц не расшифруют. Выберите один или два проекта.',
        uk: 'Бюлетені зашифровані: ніхто, включно з містом, не бачить підрахунку, доки голосування не закрите і двоє з трьох довірених осіб не розшифрують. Оберіть один або два проєкти.',
      },
      totalBudget: 150_000_000,
      currency: 'RUB',
      stage: 'review',
      ideasOpensAt: now.minus({ days: 40 }),
      reviewOpensAt: now.minus({ days: 20 }),
      votingOpensAt: now.minus({ hours: 1 }),
      votingClosesAt: now.plus({ days: 30 }),
      implementationOpensAt: now.plus({ days: 60 }),
      finishesAt: now.plus({ days: 365 }),
      eligibilityMode: 'anyone',
      minAge: null,
      outcomeRule: 'greedy',
      liveResultsPublic: true,
      supportThreshold: 0,
    },
    { client: trx }
  )
  const pot = await CampaignPot.create(
    {
      campaignId: campaign.id,
      name: { en: 'Old Town', ru: 'Старый город', uk: 'Старе місто' },
      budget: 150_000_000,
      kind: 'size',
      districtId: null,
      ballotRule: { kind: 'approval', minSelections: 1, maxSelections: 2 },
      position: 0,
    },
    { client: trx }
  )
  await seedDemoProjects(
    campaign.id,
    PROJECTS.map(([title, cost, locale]) => ({ title, cost, potId: pot.id, locale })),
    now.minus({ days: 30 }).toJSDate(),
    trx
  )
  return campaign
}
