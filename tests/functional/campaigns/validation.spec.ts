import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import CampaignPot from '#campaigns/models/campaign_pot'
import CampaignCategory from '#campaigns/models/campaign_category'
import { makeCampaign, makeCity, makeStaff, potBody, expectStatus } from '#tests/helpers/campaigns'

type Body = Record<string, unknown>

/** Snapshot of everything the campaigns module stores (to prove a refused request changed nothing). */
async function snapshot() {
  const tables = [
    'campaigns',
    'campaign_pots',
    'campaign_categories',
    'campaign_stage_changes',
    'campaign_census_entries',
    'audit_logs',
  ]
  // A digest of every row, computed by PostgreSQL: no table is shipped over the wire.
  const out: Record<string, string> = {}
  for (const table of tables) {
    const { rows } = await db.rawQuery(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS digest FROM ${table} t`
    )
    out[table] = rows[0].digest
  }
  return JSON.stringify(out)
}

test.group('Campaigns · bad input gets field errors and changes nothing', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function setup() {
    const { city, north, other } = await makeCity()
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id, { totalBudget: 1_000_000 })
    const [pot] = await CampaignPot.query().where('campaignId', campaign.id)
    return { city, north, other, admin, campaign, pot }
  }

  const cases: {
    name: string
    method: 'post' | 'put'
    path: (ids: { campaign: number; pot: number }) => string
    body: (ids: { city: number; north: number; other: number }) => Body
    fields: string[]
  }[] = [
    {
      name: 'create: title, budget, currency, slug',
      method: 'post',
      path: () => '/staff/campaigns',
      body: ({ city }) => ({
        communityId: city,
        title: { en: 'x' },
        totalBudget: -5,
        currency: 'roubles',
        slug: 'Bad Slug!',
      }),
      fields: ['title.en', 'totalBudget', 'currency', 'slug'],
    },
    {
      name: 'create: missing everything',
      method: 'post',
      path: () => '/staff/campaigns',
      body: () => ({}),
      fields: ['communityId', 'title', 'totalBudget', 'currency'],
    },
    {
      name: 'create: fractional budget and bad dates',
      method: 'post',
      path: () => '/staff/campaigns',
      body: ({ city }) => ({
        communityId: city,
        title: { en: 'Fine title' },
        totalBudget: 10.5,
        currency: 'EUR',
        votingOpensAt: 'tomorrow',
      }),
      fields: ['totalBudget', 'votingOpensAt'],
    },
    {
      name: 'create: stage dates out of order',
      method: 'post',
      path: () => '/staff/campaigns',
      body: ({ city }) => ({
        communityId: city,
        title: { en: 'Fine title' },
        totalBudget: 100,
        currency: 'EUR',
        votingOpensAt: '2028-03-10T00:00:00Z',
        votingClosesAt: '2028-03-01T00:00:00Z',
      }),
      fields: ['votingClosesAt'],
    },
    {
      name: 'create: unknown community',
      method: 'post',
      path: () => '/staff/campaigns',
      body: () => ({
        communityId: 999_999,
        title: { en: 'Fine title' },
        totalBudget: 100,
        currency: 'EUR',
      }),
      fields: ['communityId'],
    },
    {
      name: 'basics: total budget below the pots',
      method: 'put',
      path: ({ campaign }) => `/staff/campaigns/${campaign}`,
      body: () => ({
        slug: 'still-fine',
        title: { en: 'Fine title' },
        totalBudget: 10,
        currency: 'EUR',
      }),
      fields: ['totalBudget'],
    },
    {
      name: 'pot: approval min > max',
      method: 'post',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/pots`,
      body: () =>
        potBody({ budget: 1, rule: { kind: 'approval', minSelections: 5, maxSelections: 2 } }),
      fields: ['rule.maxSelections'],
    },
    {
      name: 'pot: cumulative points 0 and max per project above points',
      method: 'post',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/pots`,
      body: () => potBody({ budget: 1, rule: { kind: 'cumulative', points: 0, maxPerProject: 5 } }),
      fields: ['rule.points', 'rule.maxPerProject'],
    },
    {
      name: 'pot: max per project above points',
      method: 'post',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/pots`,
      body: () => potBody({ budget: 1, rule: { kind: 'cumulative', points: 5, maxPerProject: 6 } }),
      fields: ['rule.maxPerProject'],
    },
    {
      name: 'pot: knapsack share above 100',
      method: 'post',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/pots`,
      body: () => potBody({ budget: 1, rule: { kind: 'knapsack', minSharePercent: 101 } }),
      fields: ['rule.minSharePercent'],
    },
    {
      name: 'pot: ranked without ranks',
      method: 'post',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/pots`,
      body: () => potBody({ budget: 1, rule: { kind: 'ranked', maxRanks: 0 } }),
      fields: ['rule.maxRanks'],
    },
    {
      name: 'pot: unknown rule kind, name, budget',
      method: 'post',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/pots`,
      body: () => ({ name: { en: '' }, budget: 0, kind: 'size', rule: { kind: 'lottery' } }),
      fields: ['name.en', 'budget', 'rule.kind'],
    },
    {
      name: 'pot: minimum support negative or fractional',
      method: 'post',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/pots`,
      body: () => potBody({ budget: 1, minSupport: -1 }),
      fields: ['minSupport'],
    },
    {
      name: 'pot: district pot without a district',
      method: 'post',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/pots`,
      body: () => potBody({ budget: 1, kind: 'district' }),
      fields: ['districtId'],
    },
    {
      name: 'pot: district outside the campaign community',
      method: 'post',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/pots`,
      body: ({ other }) => potBody({ budget: 1, kind: 'district', districtId: other }),
      fields: ['districtId'],
    },
    {
      name: 'pot budgets over the total are refused (new pot)',
      method: 'post',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/pots`,
      body: () => potBody({ budget: 1 }),
      fields: ['budget'],
    },
    {
      name: 'pot budgets over the total are refused (edited pot)',
      method: 'put',
      path: ({ campaign, pot }) => `/staff/campaigns/${campaign}/pots/${pot}`,
      body: () => potBody({ budget: 1_000_001 }),
      fields: ['budget'],
    },
    {
      name: 'category: empty name',
      method: 'post',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/categories`,
      body: () => ({ name: { en: ' ' } }),
      fields: ['name.en'],
    },
    {
      name: 'eligibility: unknown mode, age out of range',
      method: 'put',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/eligibility`,
      body: () => ({ eligibilityMode: 'everyone', minAge: 200 }),
      fields: ['eligibilityMode', 'minAge'],
    },
    {
      name: 'outcome: unknown rule, missing switch',
      method: 'put',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/outcome`,
      body: () => ({ outcomeRule: 'lottery' }),
      fields: ['outcomeRule', 'liveResultsPublic'],
    },
    {
      name: 'census: unknown kind, empty text',
      method: 'post',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/census`,
      body: () => ({ kind: 'passport', csv: '' }),
      fields: ['kind', 'csv'],
    },
    {
      name: 'stage: unknown stages',
      method: 'post',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/stage`,
      body: () => ({ from: 'drafting', to: 'celebration' }),
      fields: ['to'],
    },
    {
      name: 'stage: a move that is not allowed',
      method: 'post',
      path: ({ campaign }) => `/staff/campaigns/${campaign}/stage`,
      body: () => ({ from: 'drafting', to: 'voting' }),
      fields: ['to'],
    },
  ]

  for (const testCase of cases) {
    test(`422 with field errors — ${testCase.name}`, async ({ client, assert }) => {
      const { city, north, other, admin, campaign, pot } = await setup()
      const before = await snapshot()
      const response = await client[testCase.method](
        testCase.path({ campaign: campaign.id, pot: pot.id })
      )
        .json(testCase.body({ city: city.id, north: north.id, other: other.id }))
        .accept('json')
        .withCsrfToken()
        .withGuard('staff')
        .loginAs(admin)
      response.assertStatus(422)
      const fields = (response.body().errors as { field: string }[]).map((error) => error.field)
      for (const field of testCase.fields) assert.include(fields, field)
      assert.equal(await snapshot(), before, 'nothing changed')
    })
  }

  test('a pot’s minimum support: 1 by default, set per pot, kept when a form leaves it out', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, pot } = await setup()
    const minSupport = async () => {
      const saved = await CampaignPot.findOrFail(pot.id)
      return saved.minSupport
    }
    assert.equal(await minSupport(), 1)
    const put = (body: Body) =>
      client
        .put(`/staff/campaigns/${campaign.id}/pots/${pot.id}`)
        .json(body)
        .withCsrfToken()
        .withGuard('staff')
        .loginAs(admin)
        .redirects(0)
    await expectStatus(put(potBody({ budget: 1000, minSupport: 3 })), 302)
    assert.equal(await minSupport(), 3)
    await expectStatus(put(potBody({ budget: 1000 })), 302)
    assert.equal(await minSupport(), 3)
  })

  test('an unknown currency code is refused with a localized message', async ({
    client,
    assert,
  }) => {
    const { city, admin } = await setup()
    const before = await snapshot()
    for (const [language, words] of [
      ['en', 'ISO 4217'],
      ['ru', 'код валюты'],
      ['uk', 'код валюти'],
    ]) {
      const response = await client
        .post('/staff/campaigns')
        .json({
          communityId: city.id,
          title: { en: 'Park 2027' },
          totalBudget: 100,
          currency: 'XYZ',
        })
        .accept('json')
        .header('Accept-Language', language)
        .withCsrfToken()
        .withGuard('staff')
        .loginAs(admin)
      response.assertStatus(422)
      const [error] = response.body().errors
      assert.equal(error.field, 'currency')
      assert.equal(error.rule, 'campaigns.currency')
      assert.include(error.message, words)
    }
    assert.equal(await snapshot(), before, 'nothing changed')
  })

  test('slugs from titles transliterate Cyrillic and drop markup', async ({ client, assert }) => {
    const { city, admin } = await setup()
    const create = (title: string) =>
      client
        .post('/staff/campaigns')
        .json({ communityId: city.id, title: { en: title }, totalBudget: 100, currency: 'UAH' })
        .withCsrfToken()
        .withGuard('staff')
        .loginAs(admin)
        .redirects(0)
    await expectStatus(create('Громадський бюджет Львова'), 302)
    await expectStatus(create('<script>alert(1)</script>Park <b>&amp;</b> Ride'), 302)
    const newest = await db.from('campaigns').orderBy('id', 'desc').limit(2)
    const slugs = newest.map((row) => row.slug)
    assert.deepEqual(slugs, ['alert1-park-ride', 'gromadskiy-byudzhet-lvova'])
  })

  test('a page form gets redirected back with the errors and localized messages', async ({
    client,
    assert,
  }) => {
    const { campaign, admin } = await setup()
    const before = await snapshot()
    const response = await client
      .post(`/staff/campaigns/${campaign.id}/pots`)
      .json(potBody({ budget: 5 }))
      .header('referer', `/staff/campaigns/${campaign.id}/pots`)
      .withCsrfToken()
      .withGuard('staff')
      .loginAs(admin)
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), `/staff/campaigns/${campaign.id}/pots`)
    response.assertHasValidationError('budget')
    assert.equal(await snapshot(), before)

    const russian = await client
      .post(`/staff/campaigns/${campaign.id}/pots`)
      .json(potBody({ budget: 5 }))
      .accept('json')
      .header('Accept-Language', 'ru')
      .withCsrfToken()
      .withGuard('staff')
      .loginAs(admin)
    russian.assertStatus(422)
    assert.include(russian.body().errors[0].message, 'общий бюджет')

    const ukrainian = await client
      .post(`/staff/campaigns/${campaign.id}/pots`)
      .json(potBody({ budget: 5, rule: { kind: 'approval', minSelections: 3, maxSelections: 1 } }))
      .accept('json')
      .header('Accept-Language', 'uk')
      .withCsrfToken()
      .withGuard('staff')
      .loginAs(admin)
    ukrainian.assertStatus(422)
    assert.deepInclude(ukrainian.body().errors, {
      field: 'rule.maxSelections',
      rule: 'campaigns.max_below_min',
      message: 'Не може бути менше за мінімум',
    })
  })

  test('the pots of a campaign never exceed its budget, whatever the order of edits', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, pot } = await setup()
    const send = (method: 'post' | 'put', path: string, body: Body) =>
      client[method](path)
        .json(body)
        .accept('json')
        .withCsrfToken()
        .withGuard('staff')
        .loginAs(admin)
        .redirects(0)
    // JSON clients get `{ok, message}` for a saved form (pages get a redirect back).
    await expectStatus(
      send('put', `/staff/campaigns/${campaign.id}/pots/${pot.id}`, potBody({ budget: 600_000 })),
      200
    )
    await expectStatus(
      send('post', `/staff/campaigns/${campaign.id}/pots`, potBody({ budget: 400_000 })),
      200
    )
    await expectStatus(
      send('post', `/staff/campaigns/${campaign.id}/pots`, potBody({ budget: 1 })),
      422
    )
    await expectStatus(
      send('put', `/staff/campaigns/${campaign.id}/pots/${pot.id}`, potBody({ budget: 600_001 })),
      422
    )
    const pots = await CampaignPot.query().where('campaignId', campaign.id)
    assert.equal(
      pots.reduce((sum, each) => sum + each.budget, 0),
      1_000_000
    )
    assert.lengthOf(await CampaignCategory.query().where('campaignId', campaign.id), 0)
    await campaign.refresh()
    assert.equal(campaign.totalBudget, 1_000_000)
  })
})

test.group('Campaigns · out-of-range ids never reach the database', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('huge ids answer 404 or 422, never 500', async ({ client, assert }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id)
    const huge = '9999999999'
    const checks: [string, string, Record<string, unknown> | undefined, number][] = [
      ['GET', `/staff/campaigns/${huge}`, undefined, 404],
      ['PUT', `/staff/campaigns/${campaign.id}/pots/${huge}`, potBody({ budget: 1 }), 404],
      ['DELETE', `/staff/campaigns/${campaign.id}/pots/${huge}`, undefined, 404],
      ['PUT', `/staff/campaigns/${campaign.id}/categories/${huge}`, { name: { en: 'Parks' } }, 404],
      ['DELETE', `/staff/campaigns/${campaign.id}/categories/${huge}`, undefined, 404],
      ['GET', `/staff/campaigns?communityId=${huge}&stage=nonsense`, undefined, 200],
      [
        'POST',
        '/staff/campaigns',
        { communityId: Number(huge), title: { en: 'Huge' }, totalBudget: 1, currency: 'EUR' },
        422,
      ],
      ['GET', `/api/v1/campaigns/${huge}`, undefined, 404],
    ]
    for (const [method, path, body, status] of checks) {
      const request = client.request(path, method).accept('json').withGuard('staff').loginAs(admin)
      if (body) request.json(body)
      if (method !== 'GET') request.withCsrfToken()
      const response = await request
      assert.equal(response.status(), status, `${method} ${path}`)
    }
  })
})
