import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import testUtils from '@adonisjs/core/services/test_utils'
import CampaignCategory from '#campaigns/models/campaign_category'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'
import { prefixQuery } from '#proposals/services/idea_search'

async function fixture() {
  const made = await ideasCampaign()
  const { campaign, author, north, south, pot } = made
  const parks = await CampaignCategory.create({
    campaignId: campaign.id,
    name: { en: 'Parks' },
    position: 0,
  })
  const roads = await CampaignCategory.create({
    campaignId: campaign.id,
    name: { en: 'Roads' },
    position: 1,
  })
  const en = await makeIdea(campaign, author, {
    title: 'Planting trees in the central park',
    description: 'We propose planting fifty maple trees along the alleys.',
    locale: 'en',
    categoryId: parks.id,
    districtId: north.id,
    potId: pot.id,
    estimatedCost: 300_000,
    supportCount: 5,
  })
  const ru = await makeIdea(campaign, author, {
    title: 'Ремонт детской площадки во дворе',
    description: 'Новые качели, горка и мягкое покрытие для детей нашего двора.',
    locale: 'ru',
    categoryId: parks.id,
    districtId: south.id,
    estimatedCost: 900_000,
    supportCount: 12,
  })
  const uk = await makeIdea(campaign, author, {
    title: 'Облаштування дитячого майданчика біля школи',
    description: 'Гойдалки, пісочниця та лавки для батьків біля школи номер три.',
    locale: 'uk',
    categoryId: roads.id,
    districtId: north.id,
    estimatedCost: 100_000,
    supportCount: 1,
  })
  const bikes = await makeIdea(campaign, author, {
    title: 'Bicycle lanes on River Street',
    description: 'A protected lane for cyclists connecting the station and the university.',
    categoryId: roads.id,
    supportCount: 3,
    status: 'in_review',
  })
  const hidden = await makeIdea(campaign, author, {
    title: 'Planting trees hidden',
    status: 'draft',
  })
  return { ...made, parks, roads, en, ru, uk, bikes, hidden }
}

test.group('Proposals · search, filters and sorting', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function search(client: ApiClient, slug: string, qs: Record<string, unknown>) {
    const response = await expectStatus(
      client.get(`/campaigns/${slug}/ideas`).qs(qs).withInertia(),
      200
    )
    response.assertInertiaComponent('ideas/index')
    return (response.inertiaProps.ideas as { id: number }[]).map((idea) => idea.id)
  }

  test('stemming per language: English, Russian, Ukrainian (prefix fallback)', async ({
    client,
    assert,
  }) => {
    const { campaign, en, ru, uk, bikes } = await fixture()
    // English: "tree" / "plant" / "parks" stem to the words of the idea.
    assert.deepEqual(await search(client, campaign.slug, { q: 'tree planted parks' }), [en.id])
    // Russian: other word forms (детские площадки ↔ детской площадки).
    assert.deepEqual(await search(client, campaign.slug, { q: 'детские площадки' }), [ru.id])
    assert.deepEqual(await search(client, campaign.slug, { q: 'ремонт на детской площадке' }), [
      ru.id,
    ])
    // Ukrainian: no stemmer in PostgreSQL; inflection endings stripped, prefix match.
    assert.deepEqual(await search(client, campaign.slug, { q: 'дитячий майданчик' }), [uk.id])
    assert.deepEqual(await search(client, campaign.slug, { q: 'школою' }), [uk.id])
    assert.deepEqual(await search(client, campaign.slug, { q: 'cyclist' }), [bikes.id])
    assert.deepEqual(await search(client, campaign.slug, { q: 'submarine' }), [])
    // Only punctuation or stop words: nothing matches, nothing fails.
    assert.deepEqual(await search(client, campaign.slug, { q: '!!! & | :*' }), [])
    assert.deepEqual(await search(client, campaign.slug, { q: "the ' of" }), [])
  })

  test('title matches rank above description matches', async ({ client, assert }) => {
    const { campaign, author } = await fixture()
    const inDescription = await makeIdea(campaign, author, {
      title: 'Lamps on the embankment',
      description: 'Fountain lighting would also help.',
    })
    const inTitle = await makeIdea(campaign, author, {
      title: 'A fountain in the square',
      description: 'Water for hot days.',
    })
    assert.deepEqual(await search(client, campaign.slug, { q: 'fountain' }), [
      inTitle.id,
      inDescription.id,
    ])
  })

  // The title match is created first: without ranking, newest-first would put it last.
  test('relevance in each language: a title match ranks above a description match ({locale})')
    .with([
      {
        locale: 'en',
        title: ['Fountains for the square', 'Shade for the playground'],
        description: ['Water for hot days.', 'A small fountain would cool the children too.'],
        q: 'fountain',
      },
      {
        locale: 'ru',
        title: ['Фонтаны на площади', 'Тень на детской площадке'],
        description: ['Вода в жаркие дни.', 'Маленький фонтан тоже охладит детей.'],
        q: 'фонтан',
      },
      {
        locale: 'uk',
        title: ['Фонтани на площі', 'Тінь на дитячому майданчику'],
        description: ['Вода у спекотні дні.', 'Маленький фонтан теж охолодить дітей.'],
        q: 'фонтанів',
      },
    ])
    .run(async ({ client, assert }, row) => {
      const { campaign, author } = await ideasCampaign()
      const [inTitle, inDescription] = [0, 1].map((index) => ({
        title: row.title[index],
        description: row.description[index],
        locale: row.locale,
      }))
      const titleMatch = await makeIdea(campaign, author, inTitle)
      const descriptionMatch = await makeIdea(campaign, author, inDescription)
      await makeIdea(campaign, author, {
        title: row.locale === 'en' ? 'Benches' : 'Лавки',
        locale: row.locale,
      })
      assert.deepEqual(await search(client, campaign.slug, { q: row.q }), [
        titleMatch.id,
        descriptionMatch.id,
      ])
      assert.deepEqual(await search(client, campaign.slug, { q: row.q, sort: 'newest' }), [
        descriptionMatch.id,
        titleMatch.id,
      ])
    })

  test('filters by category, pot, district and status; sorting', async ({ client, assert }) => {
    const { campaign, parks, roads, north, pot, en, ru, uk, bikes } = await fixture()
    assert.sameMembers(await search(client, campaign.slug, {}), [en.id, ru.id, uk.id, bikes.id])
    assert.sameMembers(await search(client, campaign.slug, { categoryId: parks.id }), [
      en.id,
      ru.id,
    ])
    assert.sameMembers(await search(client, campaign.slug, { categoryId: roads.id }), [
      uk.id,
      bikes.id,
    ])
    assert.sameMembers(await search(client, campaign.slug, { districtId: north.id }), [
      en.id,
      uk.id,
    ])
    assert.sameMembers(await search(client, campaign.slug, { potId: pot.id }), [en.id])
    assert.sameMembers(await search(client, campaign.slug, { status: 'in_review' }), [bikes.id])
    assert.deepEqual(await search(client, campaign.slug, { sort: 'supports' }), [
      ru.id,
      en.id,
      bikes.id,
      uk.id,
    ])
    assert.deepEqual(await search(client, campaign.slug, { sort: 'cost' }), [
      uk.id,
      en.id,
      ru.id,
      bikes.id,
    ])
    assert.deepEqual(
      await search(client, campaign.slug, { categoryId: parks.id, sort: 'supports', q: 'детской' }),
      [ru.id]
    )
  })

  test('bad filters answer 422 with a message per field; the list shows without them', async ({
    client,
    assert,
  }) => {
    const { campaign, en, ru, uk, bikes } = await fixture()
    const response = await expectStatus(
      client
        .get(`/campaigns/${campaign.slug}/ideas`)
        .qs({ q: 'z'.repeat(10_000), categoryId: 'abc', sort: 'bogus', status: 'hidden', page: -5 })
        .header('Accept-Language', 'ru')
        .withInertia(),
      422
    )
    response.assertInertiaComponent('ideas/index')
    const errors = response.inertiaProps.filterErrors as Record<string, string>
    assert.sameMembers(Object.keys(errors), ['q', 'categoryId', 'sort', 'status', 'page'])
    assert.equal(errors.q, 'Не длиннее 200 символов')
    assert.sameMembers(
      (response.inertiaProps.ideas as { id: number }[]).map((idea) => idea.id),
      [en.id, ru.id, uk.id, bikes.id]
    )
  })

  test('the Ukrainian prefix query', ({ assert }) => {
    assert.equal(prefixQuery('Дитячий майданчик'), 'дитяч:* & майданчик:*')
    assert.equal(prefixQuery('школою'), 'школ:*')
    assert.isNull(prefixQuery('!!! ?'))
  })
})
