import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import CampaignPot from '#campaigns/models/campaign_pot'
import CampaignCategory from '#campaigns/models/campaign_category'
import type { StaffRole } from '#identity/roles'
import Community from '#communities/models/community'
import { makeCampaign, makeCity, makeStaff, potBody } from '#tests/helpers/campaigns'

interface Route {
  method: 'get' | 'post' | 'put' | 'delete'
  path: string
  body?: Record<string, unknown>
  write: boolean
}

/** Every staff route of the module, for one campaign (ids filled in per test). */
function routes(ids: { campaign: number; pot: number; category: number; city: number }): Route[] {
  const c = `/staff/campaigns/${ids.campaign}`
  return [
    { method: 'get', path: '/staff/campaigns', write: false },
    { method: 'get', path: c, write: false },
    { method: 'get', path: `${c}/pots`, write: false },
    { method: 'get', path: `${c}/settings`, write: false },
    { method: 'get', path: `${c}/census`, write: false },
    { method: 'get', path: `${c}/review`, write: false },
    { method: 'get', path: '/staff/campaigns/create', write: true },
    {
      method: 'post',
      path: '/staff/campaigns',
      body: {
        communityId: ids.city,
        title: { en: 'Auth test' },
        totalBudget: 100,
        currency: 'EUR',
      },
      write: true,
    },
    {
      method: 'put',
      path: c,
      body: {
        slug: 'auth-test-renamed',
        title: { en: 'Renamed' },
        totalBudget: 1_000_000,
        currency: 'EUR',
      },
      write: true,
    },
    { method: 'post', path: `${c}/pots`, body: potBody({ budget: 1 }), write: true },
    { method: 'put', path: `${c}/pots/${ids.pot}`, body: potBody({ budget: 10 }), write: true },
    { method: 'delete', path: `${c}/pots/${ids.pot}`, write: true },
    { method: 'post', path: `${c}/categories`, body: { name: { en: 'Roads' } }, write: true },
    {
      method: 'put',
      path: `${c}/categories/${ids.category}`,
      body: { name: { en: 'Parks 2' } },
      write: true,
    },
    { method: 'delete', path: `${c}/categories/${ids.category}`, write: true },
    { method: 'put', path: `${c}/eligibility`, body: { eligibilityMode: 'census' }, write: true },
    {
      method: 'put',
      path: `${c}/outcome`,
      body: { outcomeRule: 'equal_shares', liveResultsPublic: false },
      write: true,
    },
    {
      method: 'post',
      path: `${c}/census`,
      body: { kind: 'phone', csv: '+79991234567' },
      write: true,
    },
    { method: 'post', path: `${c}/stage`, body: { from: 'drafting', to: 'ideas' }, write: true },
  ]
}

async function fixture() {
  const { city, other } = await makeCity()
  const campaign = await makeCampaign(city.id, { slug: `auth-${city.id}` })
  const [pot] = await CampaignPot.query().where('campaignId', campaign.id)
  const category = await CampaignCategory.create({
    campaignId: campaign.id,
    name: { en: 'Parks' },
    position: 0,
  })
  return {
    city,
    other,
    campaign,
    ids: { campaign: campaign.id, pot: pot.id, category: category.id, city: city.id },
  }
}

async function state(campaignId: number) {
  return JSON.stringify({
    campaigns: await db.from('campaigns').where('id', campaignId),
    pots: await db.from('campaign_pots').where('campaign_id', campaignId).orderBy('id'),
    categories: await db.from('campaign_categories').where('campaign_id', campaignId).orderBy('id'),
    census: await db.from('campaign_census_entries').where('campaign_id', campaignId),
    count: await db.from('campaigns').count('* as total'),
  })
}

test.group('Campaigns · authorization of every staff route', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  const readOnly: StaffRole[] = ['moderator', 'expert', 'observer']
  for (const role of readOnly) {
    test(`${role}: may view every screen, may change nothing (403)`, async ({ client, assert }) => {
      const { campaign, ids } = await fixture()
      const user = await makeStaff(role)
      const before = await state(campaign.id)
      for (const route of routes(ids)) {
        const request = client
          .request(route.path, route.method.toUpperCase())
          .withGuard('staff')
          .loginAs(user)
          .redirects(0)
        if (route.body) request.json(route.body)
        if (route.method !== 'get') request.withCsrfToken()
        const response = await request.withInertia()
        assert.equal(response.status(), route.write ? 403 : 200, `${route.method} ${route.path}`)
      }
      assert.equal(await state(campaign.id), before)
    })
  }

  test('terminal operator: 403 everywhere', async ({ client, assert }) => {
    const { campaign, ids } = await fixture()
    const user = await makeStaff('terminal')
    const before = await state(campaign.id)
    for (const route of routes(ids)) {
      const request = client
        .request(route.path, route.method.toUpperCase())
        .withGuard('staff')
        .loginAs(user)
        .redirects(0)
      if (route.body) request.json(route.body)
      if (route.method !== 'get') request.withCsrfToken()
      const response = await request.withInertia()
      assert.equal(response.status(), 403, `${route.method} ${route.path}`)
    }
    assert.equal(await state(campaign.id), before)
  })

  test('admin scoped to another community: 403 on this campaign, cannot create here', async ({
    client,
    assert,
  }) => {
    const { campaign, ids, other } = await fixture()
    const user = await makeStaff('admin', other.id)
    const before = await state(campaign.id)
    for (const route of routes(ids)) {
      const request = client
        .request(route.path, route.method.toUpperCase())
        .withGuard('staff')
        .loginAs(user)
        .redirects(0)
      if (route.body) request.json(route.body)
      if (route.method !== 'get') request.withCsrfToken()
      const response = await request.withInertia()
      // The list and the wizard open (for their own community); this campaign and this city do not.
      const expected =
        ['/staff/campaigns', '/staff/campaigns/create'].includes(route.path) &&
        route.method === 'get'
          ? 200
          : 403
      assert.equal(response.status(), expected, `${route.method} ${route.path}`)
    }
    assert.equal(await state(campaign.id), before)

    const list = await client.get('/staff/campaigns').withGuard('staff').loginAs(user).withInertia()
    assert.deepEqual(list.inertiaProps.campaigns, [], 'other communities’ campaigns are not listed')
  })

  test('admin (unscoped and scoped to the campaign’s city, or an ancestor): every route works', async ({
    client,
    assert,
  }) => {
    for (const scope of ['global', 'city', 'ancestor'] as const) {
      const { city, campaign, ids } = await fixture()
      let communityId: number | null = null
      if (scope === 'city') communityId = city.id
      if (scope === 'ancestor') {
        const region = await Community.create({
          code: `region-${city.id}`,
          name: 'Region',
          kind: 'region',
          parentId: null,
          population: 1,
        })
        city.parentId = region.id
        await city.save()
        communityId = region.id
      }
      const user = await makeStaff('admin', communityId)
      for (const route of routes(ids)) {
        // Removing the only pot is refused by the action (not by the policy): add one first.
        if (route.method === 'delete' && route.path.includes('/pots/')) {
          await CampaignPot.create({
            campaignId: campaign.id,
            name: { en: 'Spare' },
            budget: 1,
            kind: 'size',
            districtId: null,
            ballotRule: { kind: 'ranked', maxRanks: 1 },
            position: 9,
          })
        }
        const request = client
          .request(route.path, route.method.toUpperCase())
          .withGuard('staff')
          .loginAs(user)
          .redirects(0)
        if (route.body) request.json(route.body)
        if (route.method !== 'get') request.withCsrfToken()
        const response = await request.withInertia()
        assert.oneOf(response.status(), [200, 302, 303], `${scope}: ${route.method} ${route.path}`)
        if (route.method !== 'get') {
          assert.notExists(response.headers()['x-inertia-location'])
        }
      }
      await campaign.refresh()
      assert.equal(campaign.stage, 'ideas', `${scope}: the stage move went through`)
      assert.equal(campaign.outcomeRule, 'equal_shares')
    }
  })

  test('guests are sent to the staff sign-in; residents are not staff', async ({
    client,
    assert,
  }) => {
    const { campaign, ids } = await fixture()
    const before = await state(campaign.id)
    for (const route of routes(ids)) {
      const request = client.request(route.path, route.method.toUpperCase()).redirects(0)
      if (route.body) request.json(route.body)
      if (route.method !== 'get') request.withCsrfToken()
      const response = await request
      response.assertStatus(302)
      assert.equal(response.header('location'), '/staff/login', `${route.method} ${route.path}`)
    }
    assert.equal(await state(campaign.id), before)
  })

  test('CSRF is enforced on staff forms', async ({ client, assert }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin')
    const before = await db.from('campaigns').count('* as total')
    const response = await client
      .post('/staff/campaigns')
      .json({ communityId: city.id, title: { en: 'No token' }, totalBudget: 100, currency: 'EUR' })
      .withGuard('staff')
      .loginAs(admin)
      .redirects(0)
    assert.notEqual(response.status(), 200)
    response.assertFlashMessage('errorsBag', {
      E_BAD_CSRF_TOKEN: 'This page has expired. Reload it and try again',
    })
    assert.deepEqual(await db.from('campaigns').count('* as total'), before)
  })
})
