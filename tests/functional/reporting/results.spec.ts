import { test } from '@japa/runner'
import { readFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { computeCampaignOutcome, publishOutcome } from '#outcomes/platform/campaign_outcome'
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
      sealed: false,
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
      outcome: null,
    })
  })

  test('once published, the outcome shows the funded projects, the rule in words and an override', async ({
    client,
    assert,
  }) => {
    const fx = await resultsFixture('results', false)
    // Library garden (300,000) is the most voted; greedy funds it and Benches (100,000).
    await count(fx, [
      [[2, 0], null],
      [[2], null],
      [[1], 'paper'],
    ])
    fx.pot.budget = 450_000
    await fx.pot.save()
    const [benches, lights, garden] = fx.projects.map((p) => p.id)
    const computed = await computeCampaignOutcome(fx.campaign, 'greedy', db.connection())
    assert.deepEqual(
      computed.pots[0].selected.map((s) => s.projectId),
      [garden, benches]
    )
    await db.transaction((trx) =>
      publishOutcome(fx.campaign, computed, trx, {
        actor: { type: 'system', id: null },
        overrideReason: 'The lights wait for the street repairs of next year.',
        ledger: false,
      })
    )

    const api = await client.get(`/api/v1/campaigns/${fx.campaign.id}/results`)
    api.assertStatus(200)
    const outcome = api.body().outcome
    assert.equal(outcome.rule, 'greedy')
    assert.equal(outcome.overrideReason, 'The lights wait for the street repairs of next year.')
    assert.deepEqual(outcome.pots, [
      {
        id: fx.pot.id,
        rule: 'greedy',
        fallback: false,
        budget: 450_000,
        cost: 400_000,
        selected: [garden, benches],
      },
    ])
    assert.notInclude(outcome.pots[0].selected, lights)

    for (const [locale, title, funded, words] of [
      [
        'en',
        'How the winners were chosen',
        '✓ Funded',
        'The most-voted projects were funded first',
      ],
      ['ru', 'Как выбраны победители', '✓ Финансируется', 'Первыми финансировались проекты'],
      ['uk', 'Як обрано переможців', '✓ Фінансується', 'Першими фінансувалися проєкти'],
    ]) {
      const page = await client
        .get(`/campaigns/${fx.campaign.slug}/results`)
        .header('Accept-Language', locale)
      page.assertStatus(200)
      const html = page.text()
      assert.include(html, 'class="card results-outcome"')
      assert.include(html, `${title}</h3>`)
      assert.include(html, `<p>${words}`)
      assert.include(html, '<p class="results-override" role="note">')
      assert.include(html, 'The lights wait for the street repairs of next year.')
      // The badge follows exactly the funded projects: Library garden and Benches, not the lights.
      const rows = html.split('class="results-item"').slice(1)
      const badged = rows.filter((row) => row.includes(funded)).map((row) => row.slice(0, 200))
      assert.lengthOf(badged, 2, locale)
      assert.isTrue(badged.some((row) => row.includes('Library garden')))
      assert.isTrue(badged.some((row) => row.includes('Benches by the river')))
    }

    // The widget marks the funded projects too, without the explanation.
    const embed = await client.get(`/embed/campaigns/${fx.campaign.slug}/results`)
    assert.include(embed.text(), '✓ Funded')
    assert.notInclude(embed.text(), 'class="card results-outcome"')
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
