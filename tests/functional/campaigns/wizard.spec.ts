import { DateTime } from 'luxon'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Campaign from '#campaigns/models/campaign'
import CampaignPot from '#campaigns/models/campaign_pot'
import CampaignCategory from '#campaigns/models/campaign_category'
import CampaignStageChange from '#campaigns/models/campaign_stage_change'
import {
  auditOf,
  makeCampaign,
  makeCity,
  makeStaff,
  potBody,
  expectStatus,
} from '#tests/helpers/campaigns'

test.group('Campaigns · setup wizard', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an admin sets up and publishes a campaign in a few steps', async ({ client, assert }) => {
    const { city, north } = await makeCity()
    const admin = await makeStaff('admin', city.id)

    const form = await client.get('/staff/campaigns/create').withGuard('staff').loginAs(admin)
    form.assertStatus(200)

    // Step 1: basics. Defaults fill in the rest.
    const created = await client
      .post('/staff/campaigns')
      .json({
        communityId: city.id,
        title: { en: 'Riverside 2028', ru: 'Риверсайд 2028' },
        description: { en: 'Ideas for the city' },
        totalBudget: 1_000_000,
        currency: 'rub',
        votingOpensAt: '2028-03-01T06:00',
        votingClosesAt: '2028-03-15T18:00:00Z',
      })
      .withCsrfToken()
      .withGuard('staff')
      .loginAs(admin)
      .redirects(0)
    created.assertStatus(302)
    const campaign = await Campaign.findByOrFail('slug', 'riverside-2028')
    assert.equal(created.header('location'), `/staff/campaigns/${campaign.id}/pots`)
    assert.equal(campaign.stage, 'drafting')
    assert.equal(campaign.currency, 'RUB')
    assert.equal(campaign.eligibilityMode, 'anyone')
    assert.equal(campaign.outcomeRule, 'greedy')
    assert.isTrue(campaign.liveResultsPublic)
    assert.equal(campaign.votingOpensAt?.toUTC().toISO(), '2028-03-01T06:00:00.000Z')
    const [defaultPot] = await CampaignPot.query().where('campaignId', campaign.id)
    assert.deepEqual(defaultPot.name.en, 'All projects')
    assert.equal(defaultPot.budget, 1_000_000)
    assert.deepEqual(defaultPot.ballotRule, {
      kind: 'approval',
      minSelections: 1,
      maxSelections: 3,
    })

    // Step 2: split the budget into large and small projects, add categories.
    const asAdmin = (request: ReturnType<typeof client.put>) =>
      request.withCsrfToken().withGuard('staff').loginAs(admin).redirects(0)
    await expectStatus(
      asAdmin(
        client.put(`/staff/campaigns/${campaign.id}/pots/${defaultPot.id}`).json(
          potBody({
            name: { en: 'Large projects' },
            budget: 700_000,
            rule: { kind: 'knapsack', minSharePercent: 50 },
          })
        )
      ),
      302
    )
    await expectStatus(
      asAdmin(
        client.post(`/staff/campaigns/${campaign.id}/pots`).json(
          potBody({
            budget: 300_000,
            kind: 'district',
            districtId: north.id,
            rule: { kind: 'cumulative', points: 10, maxPerProject: 4 },
          })
        )
      ),
      302
    )
    await expectStatus(
      asAdmin(
        client.post(`/staff/campaigns/${campaign.id}/categories`).json({ name: { en: 'Parks' } })
      ),
      302
    )
    const pots = await CampaignPot.query().where('campaignId', campaign.id).orderBy('position')
    assert.deepEqual(
      pots.map((pot) => [pot.name.en, pot.budget, pot.kind, pot.districtId, pot.ballotRule.kind]),
      [
        ['Large projects', 700_000, 'size', null, 'knapsack'],
        ['Small projects', 300_000, 'district', north.id, 'cumulative'],
      ]
    )
    assert.deepEqual(pots[0].ballotRule, { kind: 'knapsack', minSharePercent: 50 })
    assert.lengthOf(await CampaignCategory.query().where('campaignId', campaign.id), 1)

    // Step 3: eligibility and outcome.
    await expectStatus(
      asAdmin(
        client
          .put(`/staff/campaigns/${campaign.id}/eligibility`)
          .json({ eligibilityMode: 'residents', minAge: 14 })
      ),
      302
    )
    await expectStatus(
      asAdmin(
        client
          .put(`/staff/campaigns/${campaign.id}/outcome`)
          .json({ outcomeRule: 'equal_shares', liveResultsPublic: false })
      ),
      302
    )

    // Step 4: review and publish.
    const review = await client
      .get(`/staff/campaigns/${campaign.id}/review`)
      .withGuard('staff')
      .loginAs(admin)
      .withInertia()
    review.assertStatus(200)
    review.assertInertiaComponent('staff/campaigns/review')
    assert.deepEqual(review.inertiaProps.moves, [{ to: 'ideas', kind: 'forward' }])
    const published = await asAdmin(
      client.post(`/staff/campaigns/${campaign.id}/stage`).json({ from: 'drafting', to: 'ideas' })
    )
    published.assertStatus(302)

    await campaign.refresh()
    assert.equal(campaign.stage, 'ideas')
    assert.equal(campaign.eligibilityMode, 'residents')
    assert.equal(campaign.minAge, 14)
    assert.equal(campaign.outcomeRule, 'equal_shares')
    assert.isFalse(campaign.liveResultsPublic)
    const change = await CampaignStageChange.findByOrFail('campaignId', campaign.id)
    assert.equal(change.actorType, 'staff')
    assert.equal(change.staffUserId, admin.id)

    const audit = await auditOf(campaign.id)
    assert.deepEqual(
      audit.map((row) => row.action),
      [
        'campaign.created',
        'campaign.pot_updated',
        'campaign.pot_added',
        'campaign.category_added',
        'campaign.eligibility_updated',
        'campaign.outcome_updated',
        'campaign.stage_changed',
      ]
    )
    assert.isTrue(audit.every((row) => row.actor_type === 'staff' && row.actor_id === admin.id))
  })

  test('every staff page renders on the server', async ({ client, assert }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin')
    const response = await client
      .post('/staff/campaigns')
      .json({
        communityId: city.id,
        title: { en: 'Pages test' },
        totalBudget: 5000,
        currency: 'EUR',
      })
      .withCsrfToken()
      .withGuard('staff')
      .loginAs(admin)
      .redirects(0)
    response.assertStatus(302)
    const campaign = await Campaign.findByOrFail('slug', 'pages-test')
    for (const path of [
      '',
      '/create',
      `/${campaign.id}`,
      `/${campaign.id}/pots`,
      `/${campaign.id}/settings`,
      `/${campaign.id}/census`,
      `/${campaign.id}/review`,
    ]) {
      const page = await client.get(`/staff/campaigns${path}`).withGuard('staff').loginAs(admin)
      assert.equal(page.status(), 200, `GET /staff/campaigns${path}`)
      assert.include(page.text(), '<main', `GET /staff/campaigns${path} renders HTML`)
    }
  })

  test('renames, removes and keeps at least one pot', async ({ client, assert }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin')
    const created = await client
      .post('/staff/campaigns')
      .json({
        communityId: city.id,
        title: { en: 'Pot removal' },
        totalBudget: 5000,
        currency: 'EUR',
      })
      .withCsrfToken()
      .withGuard('staff')
      .loginAs(admin)
      .redirects(0)
    created.assertStatus(302)
    const campaign = await Campaign.findByOrFail('slug', 'pot-removal')
    const [only] = await CampaignPot.query().where('campaignId', campaign.id)
    const refused = await client
      .delete(`/staff/campaigns/${campaign.id}/pots/${only.id}`)
      .withCsrfToken()
      .withGuard('staff')
      .loginAs(admin)
      .redirects(0)
    refused.assertStatus(302)
    refused.assertFlashMessage('error')
    assert.lengthOf(await CampaignPot.query().where('campaignId', campaign.id), 1)

    // A second pot (inserted directly: the budget check is tested elsewhere).
    await CampaignPot.create({
      campaignId: campaign.id,
      name: { en: 'Extra' },
      budget: 1,
      kind: 'size',
      districtId: null,
      ballotRule: { kind: 'ranked', maxRanks: 3 },
      position: 1,
    })
    const removed = await client
      .delete(`/staff/campaigns/${campaign.id}/pots/${only.id}`)
      .withCsrfToken()
      .withGuard('staff')
      .loginAs(admin)
      .redirects(0)
    removed.assertStatus(302)
    removed.assertFlashMessage('success')
    assert.lengthOf(await CampaignPot.query().where('campaignId', campaign.id), 1)
  })

  test('empty dates (null, as the wizard’s form sends them) mean "moved by hand"', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin', city.id)
    const noDates = {
      ideasOpensAt: null,
      reviewOpensAt: null,
      votingOpensAt: null,
      votingClosesAt: null,
      implementationOpensAt: null,
      finishesAt: null,
    }
    const basics = { title: { en: 'No dates yet' }, totalBudget: 500, currency: 'EUR' }
    await expectStatus(
      client
        .post('/staff/campaigns')
        .json({ communityId: city.id, slug: 'no-dates-yet', ...basics, ...noDates })
        .withCsrfToken()
        .withGuard('staff')
        .loginAs(admin)
        .redirects(0),
      302
    )
    const campaign = await Campaign.findByOrFail('slug', 'no-dates-yet')
    assert.isNull(campaign.ideasOpensAt)
    assert.isNull(campaign.finishesAt)

    // Clearing a date on the edit form works the same way.
    campaign.votingOpensAt = DateTime.fromISO('2028-03-01T06:00:00Z')
    await campaign.save()
    await expectStatus(
      client
        .put(`/staff/campaigns/${campaign.id}`)
        .json({ slug: 'no-dates-yet', ...basics, ...noDates })
        .withCsrfToken()
        .withGuard('staff')
        .loginAs(admin)
        .redirects(0),
      302
    )
    await campaign.refresh()
    assert.isNull(campaign.votingOpensAt)
  })
})

test.group('Campaigns · staff list', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('filters by stage, community and text; scoped staff see their subtree only', async ({
    client,
    assert,
  }) => {
    const { city, north, other } = await makeCity()
    const cityWide = await makeCampaign(city.id, { title: { en: 'Riverside parks' } })
    const northOnly = await makeCampaign(north.id, {
      title: { en: 'North roads' },
      stage: 'voting',
    })
    const elsewhere = await makeCampaign(other.id, { title: { en: 'Elsewhere parks' } })
    const observer = await makeStaff('observer')
    const list = async (user: typeof observer, qs: Record<string, string> = {}) => {
      const response = await client
        .get('/staff/campaigns')
        .qs(qs)
        .withGuard('staff')
        .loginAs(user)
        .withInertia()
      response.assertStatus(200)
      return (response.inertiaProps.campaigns as { id: number }[]).map((row) => row.id)
    }
    const mine = [cityWide.id, northOnly.id, elsewhere.id]
    const all = await list(observer)
    assert.includeMembers(all, mine)
    assert.deepEqual(await list(observer, { stage: 'voting', communityId: String(north.id) }), [
      northOnly.id,
    ])
    const parks = await list(observer, { search: 'parks' })
    assert.includeMembers(parks, [cityWide.id, elsewhere.id])
    assert.notInclude(parks, northOnly.id)

    const northModerator = await makeStaff('moderator', north.id)
    assert.deepEqual(await list(northModerator), [northOnly.id])
    const cityModerator = await makeStaff('moderator', city.id)
    assert.sameMembers(await list(cityModerator), [cityWide.id, northOnly.id])
  })
})
