import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Campaign from '#campaigns/models/campaign'
import { searchLanguageFor } from '#proposals/services/idea_search'

/** Demo residents' phones: +7 900 555 01 00 … (never real numbers in the demo). */
const DEMO_RESIDENTS = 60
const demoPhone = (index: number) => `+7900555${String(100 + index).padStart(4, '0')}`

interface DemoIdea {
  locale: 'en' | 'ru' | 'uk'
  title: string
  description: string
  category: number
  pot: number
  district: string
  cost: number
  supports: number
}

const IDEAS: DemoIdea[] = [
  {
    locale: 'en',
    title: 'Shade trees along the Harbour promenade',
    description:
      'Plant forty lindens and maples along the promenade so that walkers and children have shade in the summer heat.',
    category: 0,
    pot: 1,
    district: 'riverside-harbour',
    cost: 180_000_000,
    supports: 37,
  },
  {
    locale: 'ru',
    title: 'Ремонт детской площадки на улице Садовой',
    description:
      'Заменить сломанные качели и горку, положить мягкое покрытие и поставить скамейки для родителей.',
    category: 3,
    pot: 1,
    district: 'riverside-old-town',
    cost: 240_000_000,
    supports: 52,
  },
  {
    locale: 'uk',
    title: 'Велодоріжка від вокзалу до університету',
    description:
      'Захищена велодоріжка вздовж набережної, щоб студенти могли безпечно їздити на навчання.',
    category: 1,
    pot: 0,
    district: 'riverside-station',
    cost: 1_200_000_000,
    supports: 44,
  },
  {
    locale: 'en',
    title: 'Outdoor gym in Green Park',
    description:
      'Ten weatherproof exercise machines near the pond, free for everyone, with a soft surface.',
    category: 2,
    pot: 1,
    district: 'riverside-green-park',
    cost: 150_000_000,
    supports: 21,
  },
  {
    locale: 'ru',
    title: 'Освещение пешеходной дорожки в Лугах',
    description:
      'Установить светодиодные фонари на дорожке от остановки до жилых домов: вечером там совсем темно.',
    category: 1,
    pot: 1,
    district: 'riverside-meadows',
    cost: 320_000_000,
    supports: 29,
  },
  {
    locale: 'en',
    title: 'A community library in the old factory hall',
    description:
      'Turn the empty hall of the old brick factory into a library and reading room with free Wi-Fi.',
    category: 2,
    pot: 0,
    district: 'riverside-factory',
    cost: 2_100_000_000,
    supports: 18,
  },
  {
    locale: 'uk',
    title: 'Пандус і ліфт у поліклініці на Північному пагорбі',
    description:
      'Люди на візках і батьки з колясками не можуть піднятися до реєстратури. Потрібен пандус.',
    category: 1,
    pot: 0,
    district: 'riverside-north-hill',
    cost: 900_000_000,
    supports: 33,
  },
  {
    locale: 'ru',
    title: 'Спортивная площадка у школы № 7',
    description:
      'Футбольное поле с искусственным газоном и баскетбольные кольца для школьников и жителей района.',
    category: 3,
    pot: 0,
    district: 'riverside-east-bank',
    cost: 1_500_000_000,
    supports: 26,
  },
  {
    locale: 'en',
    title: 'Public toilets at the East Bank beach',
    description:
      'Two accessible public toilets and drinking water fountains near the beach, open from May to September.',
    category: 0,
    pot: 1,
    district: 'riverside-east-bank',
    cost: 280_000_000,
    supports: 15,
  },
  {
    locale: 'uk',
    title: 'Сквер із лавками біля ринку',
    description: 'Облаштувати занедбаний пустир біля ринку: доріжки, лавки, клумби та урни.',
    category: 0,
    pot: 1,
    district: 'riverside-old-town',
    cost: 210_000_000,
    supports: 12,
  },
  {
    locale: 'ru',
    title: 'Безопасный переход у детского сада',
    description: 'Приподнятый пешеходный переход со светофором у детского сада на Речной улице.',
    category: 1,
    pot: 1,
    district: 'riverside-harbour',
    cost: 95_000_000,
    supports: 40,
  },
  {
    locale: 'en',
    title: 'Summer open-air cinema',
    description:
      'A screen and sound system for free film evenings in Green Park every Friday in summer.',
    category: 2,
    pot: 1,
    district: 'riverside-green-park',
    cost: 60_000_000,
    supports: 9,
  },
]

/**
 * A dozen believable ideas with supports in the demo campaign (en/ru/uk), from demo
 * residents. Idempotent: does nothing when the campaign already has ideas.
 */
export async function seedDemoIdeas(campaign: Campaign, trx: TransactionClientContract) {
  const [existing] = await trx.from('ideas').where('campaign_id', campaign.id).count('* as total')
  if (Number(existing.total) > 0) return

  const residentIds: number[] = []
  for (let index = 0; index < DEMO_RESIDENTS; index++) {
    const locale = ['en', 'ru', 'uk'][index % 3]
    const now = new Date()
    await trx.rawQuery(
      `INSERT INTO residents (phone_e164, locale, created_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (phone_e164) DO NOTHING`,
      [demoPhone(index), locale, now, now]
    )
    const row = await trx
      .from('residents')
      .where('phone_e164', demoPhone(index))
      .select('id')
      .first()
    residentIds.push(row.id)
  }

  // Read in the seeder's transaction: a campaign created by it is not committed yet.
  const pots = await trx
    .from('campaign_pots')
    .where('campaign_id', campaign.id)
    .orderBy('position')
    .orderBy('id')
  const categories = await trx
    .from('campaign_categories')
    .where('campaign_id', campaign.id)
    .orderBy('position')
    .orderBy('id')
  const districts = await trx.from('communities').whereIn(
    'code',
    IDEAS.map((idea) => idea.district)
  )
  const opened = DateTime.fromISO('2026-11-02T08:00:00Z')

  for (const [index, demo] of IDEAS.entries()) {
    const published = opened.plus({ hours: 7 * index })
    const threshold = campaign.supportThreshold
    const inReview = threshold > 0 && demo.supports >= threshold
    const [idea] = await trx
      .table('ideas')
      .insert({
        campaign_id: campaign.id,
        author_id: residentIds[(index * 7) % residentIds.length],
        status: inReview ? 'in_review' : 'published',
        title: demo.title,
        description: demo.description,
        category_id: categories[demo.category]?.id ?? null,
        pot_id: pots[demo.pot]?.id ?? null,
        district_id: districts.find((row) => row.code === demo.district)?.id ?? null,
        estimated_cost: demo.cost,
        locale: demo.locale,
        search_language: searchLanguageFor(demo.locale),
        support_count: demo.supports,
        published_at: published.toJSDate(),
        review_started_at: inReview ? published.plus({ days: 9 }).toJSDate() : null,
        created_at: published.toJSDate(),
        updated_at: published.toJSDate(),
      })
      .returning('id')
    const supporters = residentIds.slice(0, demo.supports)
    await trx.table('idea_supports').multiInsert(
      supporters.map((residentId, position) => ({
        idea_id: idea.id,
        resident_id: residentId,
        created_at: published.plus({ minutes: 37 * (position + 1), seconds: position }).toJSDate(),
      }))
    )
  }
}
