import { test } from '@japa/runner'
import { readFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import { resetReadModels } from '#tests/helpers/ledger'
import { countBallots as count, resultsFixture } from '#tests/helpers/results'

/*
| Public results: the JSON API of protocol.md, the results page and the embeddable widget page,
| over read models written by the projection's writer (the cluster tests cover the blocks).
*/
test.group('Public results', (group) => {
  group.each.setup(() => resetReadModels())
  group.teardown(() => resetReadModels())

  test('the API answers per protocol.md, with channels and district turnout', async ({
    client,
    assert,
  }) => {
    const fx = await resultsFixture()
    await count(fx, [
      [[0, 1], null],
      [[0], null],
      [[0, 2], 'paper'],
      [[2], 'terminal'],
    ])
    const response = await client.get(`/api/v1/campaigns/${fx.campaign.id}/results`)
    response.assertStatus(200)
    const [a, b, c] = fx.projects.map((p) => p.id)
    assert.deepEqual(response.body(), {
      ballots: 4,
      projects: [
        { id: a, votes: 3, points: 3 },
        { id: b, votes: 1, points: 1 },
        { id: c, votes: 2, points: 2 },
      ],
      pots: [{ id: fx.pot.id, ballots: 4 }],
      channels: { online: 2, terminal: 1, paper: 1 },
      updatedAtHeight: 5,
      districts: [
        {
          id: fx.north.id,
          name: fx.north.name,
          population: 500,
          ballots: 3,
          perThousand: 6,
        },
        {
          id: fx.south.id,
          name: fx.south.name,
          population: 500,
          ballots: 2,
          perThousand: 4,
        },
      ],
    })
  })

  test('hidden while voting when live results are off; shown once voting is over', async ({
    client,
    assert,
  }) => {
    const fx = await resultsFixture('voting', false)
    await count(fx, [[[0], null]])
    const hidden = await client
      .get(`/api/v1/campaigns/${fx.campaign.id}/results`)
      .header('Accept-Language', 'ru')
    hidden.assertStatus(403)
    assert.equal(hidden.body().error, 'results_hidden')
    assert.match(hidden.body().message, /Итоги/)
    assert.notProperty(hidden.body(), 'ballots')

    for (const path of [
      `/campaigns/${fx.campaign.slug}/results`,
      `/embed/campaigns/${fx.campaign.slug}/results`,
    ]) {
      const page = await client.get(path)
      page.assertStatus(200)
      assert.include(page.text(), 'published when voting closes')
      assert.notInclude(page.text(), 'Benches by the river')
    }

    fx.campaign.stage = 'results'
    await fx.campaign.save()
    const shown = await client.get(`/api/v1/campaigns/${fx.campaign.id}/results`)
    shown.assertStatus(200)
    assert.equal(shown.body().ballots, 1)
  })

  test('unknown, draft and malformed campaigns are 404', async ({ client }) => {
    const draft = await resultsFixture('drafting')
    for (const path of [
      `/api/v1/campaigns/${draft.campaign.id}/results`,
      '/api/v1/campaigns/2147483000/results',
      '/api/v1/campaigns/abc/results',
      `/campaigns/${draft.campaign.slug}/results`,
      '/campaigns/no-such-campaign/results',
      '/embed/campaigns/no-such-campaign/results',
    ]) {
      const response = await client.get(path)
      response.assertStatus(404)
    }
    const api = await client.get('/api/v1/campaigns/abc/results')
    api.assertBodyContains({ error: 'not_found' })
  })

  test('{locale}: the page renders totals, pots sorted by votes, channels and the ledger note')
    .with([
      { locale: 'en', title: 'Results', note: 'Counted up to ledger block 5', votes: '3 votes' },
      { locale: 'ru', title: 'Итоги', note: 'Подсчитано до блока реестра 5', votes: 'Голосов: 3' },
      {
        locale: 'uk',
        title: 'Підсумки',
        note: 'Підраховано до блоку реєстру 5',
        votes: 'Голосів: 3',
      },
    ])
    .run(async ({ client, assert }, row) => {
      const fx = await resultsFixture('results', false)
      await count(fx, [
        [[2, 1], null],
        [[2], 'paper'],
        [[2, 1], null],
        [[0, 2], null],
      ])
      const page = await client
        .get(`/campaigns/${fx.campaign.slug}/results`)
        .header('Accept-Language', row.locale)
      page.assertStatus(200)
      const html = page.text()
      assert.include(html, `<h1>${row.title}</h1>`)
      assert.include(html, row.note)
      assert.include(html, 'href="/api/v1/ledger/genesis"')
      assert.include(html, row.votes)
      // Sorted by votes: Library garden (4) before Playground lights (2) before Benches (1).
      const order = ['Library garden', 'Playground lights', 'Benches by the river'].map((t) =>
        html.indexOf(t)
      )
      assert.isTrue(order[0] > 0 && order[0] < order[1] && order[1] < order[2], String(order))
      assert.include(html, 'style="width:100%"')
      assert.include(page.header('x-frame-options') ?? '', 'SAMEORIGIN')
    })

  test('the embed page is framable from anywhere and links back to the full results', async ({
    client,
    assert,
  }) => {
    const fx = await resultsFixture('voting', true)
    await count(fx, [[[1], null]])
    const embed = await client.get(`/embed/campaigns/${fx.campaign.slug}/results`).withInertia()
    embed.assertStatus(200)
    embed.assertInertiaComponent('embed/results')
    assert.isUndefined(embed.header('x-frame-options'))

    const html = await client.get(`/embed/campaigns/${fx.campaign.slug}/results`)
    assert.include(html.text(), `/campaigns/${fx.campaign.slug}/results`)
    assert.include(html.text(), 'Playground lights')
    assert.notInclude(html.text(), 'skip-link', 'no site chrome in the widget')

    const campaignPage = await client.get(`/campaigns/${fx.campaign.slug}`)
    assert.include(campaignPage.text(), `href="/campaigns/${fx.campaign.slug}/results"`)

    const widget = await client.get('/widget.js')
    widget.assertStatus(200)
    assert.include(widget.text(), '/embed/campaigns/')
  })

  test('framing is relaxed only for the widget: CSP frame-ancestors becomes *', async ({
    assert,
  }) => {
    const { allowFramingFromAnyOrigin } = await import('#reporting/framing')
    const headers = new Map<string, string>([
      ['X-Frame-Options', 'SAMEORIGIN'],
      ['Content-Security-Policy', "default-src 'self'; frame-ancestors 'self'; img-src 'self'"],
    ])
    const ctx = {
      response: {
        removeHeader: (name: string) => headers.delete(name),
        getHeader: (name: string) => headers.get(name),
        header: (name: string, value: string) => headers.set(name, value),
      },
    }
    allowFramingFromAnyOrigin(ctx as any)
    assert.isFalse(headers.has('X-Frame-Options'))
    assert.equal(
      headers.get('Content-Security-Policy'),
      "default-src 'self'; img-src 'self'; frame-ancestors *"
    )
  })

  test('results messages exist in every language', ({ assert }) => {
    const keys = (locale: string) =>
      Object.keys(
        JSON.parse(readFileSync(app.languageFilesPath(locale, 'ui/results.json'), 'utf8'))
      ).sort()
    assert.deepEqual(keys('ru'), keys('en'))
    assert.deepEqual(keys('uk'), keys('en'))
  })
})
