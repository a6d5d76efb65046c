import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import CampaignPot from '#campaigns/models/campaign_pot'
import { at, makeCampaign, makeCity } from '#tests/helpers/campaigns'

test.group('Campaigns · public JSON API and resident pages', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function fixture() {
    const { city } = await makeCity()
    const draft = await makeCampaign(city.id, { title: { en: 'Secret draft' } })
    const older = await makeCampaign(city.id, {
      title: { en: 'Older one', ru: 'Старая' },
      stage: 'finished',
    })
    const open = await makeCampaign(city.id, {
      title: { en: 'Open one', uk: 'Відкрита' },
      totalBudget: 500_000,
      stage: 'voting',
      votingOpensAt: at('2027-03-01T06:00:00Z'),
      votingClosesAt: at('2027-03-15T18:00:00Z'),
    })
    // Make "newest first" unambiguous.
    await older.merge({ createdAt: at('2026-01-01T00:00:00Z') }).save()
    await open.merge({ createdAt: at('2026-06-01T00:00:00Z') }).save()
    await draft.merge({ createdAt: at('2026-09-01T00:00:00Z') }).save()
    return { city, draft, older, open }
  }

  test('GET /api/v1/campaigns: published campaigns, newest first, in the protocol shape', async ({
    client,
    assert,
  }) => {
    const { city, older, open } = await fixture()
    const response = await client.get('/api/v1/campaigns')
    response.assertStatus(200)
    const mine = (response.body() as { communityId: number }[]).filter(
      (row) => row.communityId === city.id
    )
    assert.deepEqual(mine, [
      { id: open.id, slug: open.slug, title: 'Open one', stage: 'voting', communityId: city.id },
      {
        id: older.id,
        slug: older.slug,
        title: 'Older one',
        stage: 'finished',
        communityId: city.id,
      },
    ])

    const russian = await client.get('/api/v1/campaigns').header('Accept-Language', 'ru')
    const titles = (russian.body() as { id: number; title: string }[])
      .filter((row) => [open.id, older.id].includes(row.id))
      .map((row) => row.title)
    assert.deepEqual(titles, ['Open one', 'Старая'], 'Russian where translated, English otherwise')
  })

  test('GET /api/v1/campaigns/:id: the public campaign object of protocol.md', async ({
    client,
    assert,
  }) => {
    const { open } = await fixture()
    const [pot] = await CampaignPot.query().where('campaignId', open.id)
    const response = await client
      .get(`/api/v1/campaigns/${open.id}`)
      .header('Accept-Language', 'uk')
    response.assertStatus(200)
    // Filled by the voting module once voting is configured (app/voting/README.md).
    assert.match(response.body().registrarPublicKey, /^[0-9a-f]{96}$/)
    assert.deepEqual(response.body(), {
      id: open.id,
      slug: open.slug,
      title: 'Відкрита',
      stage: 'voting',
      votingOpensAt: '2027-03-01T06:00:00Z',
      votingClosesAt: '2027-03-15T18:00:00Z',
      registrarPublicKey: response.body().registrarPublicKey,
      pots: [
        {
          id: pot.id,
          name: 'Усі проєкти',
          budget: 500_000,
          rule: { kind: 'approval', minSelections: 1, maxSelections: 3 },
        },
      ],
      projects: [],
      encryption: null,
    })
    assert.deepEqual(Object.keys(response.body().pots[0].rule), [
      'kind',
      'minSelections',
      'maxSelections',
    ])
  })

  test('drafts, unknown and malformed ids answer 404 JSON', async ({ client, assert }) => {
    const { draft } = await fixture()
    for (const path of [
      `/api/v1/campaigns/${draft.id}`,
      '/api/v1/campaigns/999999',
      '/api/v1/campaigns/abc',
      '/api/v1/campaigns/99999999999999999999',
    ]) {
      const response = await client.get(path)
      assert.equal(response.status(), 404, path)
      assert.equal(response.body().error, 'not_found', path)
    }
    const list = await client.get('/api/v1/campaigns')
    assert.notInclude(
      (list.body() as { id: number }[]).map((row) => row.id),
      draft.id
    )
  })

  test('resident pages: the list and a campaign with its timeline, pots and what one can do', async ({
    client,
    assert,
  }) => {
    const { draft, open } = await fixture()
    const list = await client.get('/campaigns').withInertia()
    list.assertStatus(200)
    list.assertInertiaComponent('campaigns/index')
    const slugs = (list.inertiaProps.campaigns as { slug: string }[]).map((row) => row.slug)
    assert.include(slugs, open.slug)
    assert.notInclude(slugs, draft.slug)

    const page = await client.get(`/campaigns/${open.slug}`).withInertia()
    page.assertStatus(200)
    page.assertInertiaComponent('campaigns/show')
    const props = page.inertiaProps
    assert.equal(props.campaign.title, 'Open one')
    assert.equal(props.eligibility, 'not_signed_in')
    assert.deepEqual(
      (props.timeline as { stage: string; state: string }[]).map(
        (entry) => `${entry.stage}:${entry.state}`
      ),
      [
        'ideas:done',
        'review:done',
        'voting:current',
        'results:upcoming',
        'implementation:upcoming',
        'finished:upcoming',
      ]
    )
    assert.equal(props.timeline[2].opensAt, '2027-03-01T06:00:00Z')
    assert.lengthOf(props.pots, 1)

    const html = await client.get(`/campaigns/${open.slug}`).header('Accept-Language', 'ru')
    html.assertStatus(200)
    assert.include(html.text(), 'Голосование')

    const hidden = await client.get(`/campaigns/${draft.slug}`)
    hidden.assertStatus(404)
    const missing = await client.get('/campaigns/no-such-campaign')
    missing.assertStatus(404)
  })
})
