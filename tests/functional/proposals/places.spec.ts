import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import drive from '@adonisjs/drive/services/main'
import mapConfig, { type MapTiles } from '#config/map'
import Idea from '#proposals/models/idea'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea, proposalCounts } from '#tests/helpers/proposals'
import { ballotCampaign } from '#tests/helpers/vote_page'
import { storePhotoOn } from '#tests/helpers/photos'

const TILES: MapTiles = {
  url: 'http://127.0.0.1:9/{z}/{x}/{y}.png',
  attribution: '© Test tiles',
  maxZoom: 18,
}

/** Runs `body` with a tile server set (the default in tests is none). */
async function withTiles(body: () => Promise<void>) {
  const before = mapConfig.tiles
  mapConfig.tiles = TILES
  try {
    await body()
  } finally {
    mapConfig.tiles = before
  }
}

/*
| Issue #17, places: optional coordinates on ideas (validated: both or neither, in range), the
| map settings pages get (null without a tile server: no map anywhere), the ideas page's markers,
| and what the ballot shows about each project (description, photo, place).
*/
test.group('Proposals · places and maps', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })

  test('an idea keeps its coordinates, and loses them when they are cleared', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const created = await expectStatus(
      client
        .post(`/campaigns/${campaign.slug}/ideas`)
        .json({ title: 'A bench by the pond', latitude: '55.751244', longitude: -37.618423 })
        .accept('json')
        .withCsrfToken()
        .loginAs(author),
      200
    )
    const idea = await Idea.findOrFail(created.body().id)
    assert.deepEqual([idea.latitude, idea.longitude], [55.751244, -37.618423])
    const page = await client.get(`/ideas/${idea.id}/edit`).loginAs(author).withInertia()
    assert.include((page.inertiaProps as any).idea, { latitude: 55.751244, longitude: -37.618423 })

    await expectStatus(
      client
        .put(`/ideas/${idea.id}`)
        .json({ title: 'A bench by the pond' })
        .accept('json')
        .withCsrfToken()
        .loginAs(author),
      200
    )
    await idea.refresh()
    assert.deepEqual([idea.latitude, idea.longitude], [null, null])
  })

  test('bad coordinates: 422 with the field and a translated message; nothing changes', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'draft', title: 'Old title' })
    const before = await proposalCounts()
    const cases: [Record<string, unknown>, string, Record<string, string>][] = [
      [{ latitude: 90.5, longitude: 10 }, 'latitude', { en: 'Must be at most 90' }],
      [{ latitude: -91, longitude: 10 }, 'latitude', { en: 'Must be at least -90' }],
      [{ latitude: 10, longitude: 180.01 }, 'longitude', { en: 'Must be at most 180' }],
      [{ latitude: 'north', longitude: 10 }, 'latitude', { en: 'Must be a number' }],
      [
        { latitude: 55.75 },
        'longitude',
        {
          en: 'Give both the latitude and the longitude, or neither',
          ru: 'Укажите и широту, и долготу — или ни то, ни другое',
          uk: 'Вкажіть і широту, і довготу — або жодну з них',
        },
      ],
      [{ longitude: 37.6 }, 'latitude', {}],
    ]
    for (const [coordinates, field, messages] of cases) {
      for (const locale of ['en', 'ru', 'uk']) {
        for (const request of [
          client.post(`/campaigns/${campaign.slug}/ideas`),
          client.put(`/ideas/${idea.id}`),
        ]) {
          const response = await request
            .json({ title: 'New title', ...coordinates })
            .header('accept-language', locale)
            .accept('json')
            .withCsrfToken()
            .loginAs(author)
          response.assertStatus(422)
          const error = response.body().errors.find((e: any) => e.field === field)
          assert.exists(error, `${JSON.stringify(coordinates)} → ${field}`)
          if (messages[locale]) assert.equal(error.message, messages[locale])
        }
      }
    }
    assert.deepEqual(await proposalCounts(), before)
    await idea.refresh()
    assert.deepEqual([idea.title, idea.latitude], ['Old title', null])
  })

  test('without a tile server no page gets a map; with one, the ideas page gets its markers', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const placed = await makeIdea(campaign, author, { title: 'Placed' })
    placed.merge({ latitude: 55.7, longitude: 37.6 })
    await placed.save()
    const draft = await makeIdea(campaign, author, { status: 'draft', title: 'Draft placed' })
    draft.merge({ latitude: 55.8, longitude: 37.5 })
    await draft.save()
    await makeIdea(campaign, author, { title: 'Nowhere' })
    const pages = [
      `/campaigns/${campaign.slug}/ideas`,
      `/ideas/${placed.id}`,
      `/campaigns/${campaign.slug}/ideas/new`,
      `/ideas/${placed.id}/edit`,
    ]
    for (const path of pages) {
      const page = await client.get(path).loginAs(author).withInertia()
      page.assertStatus(200)
      assert.isNull((page.inertiaProps as any).map, path)
    }
    const list = await client.get(`/campaigns/${campaign.slug}/ideas`).withInertia()
    assert.deepEqual((list.inertiaProps as any).mapped, [])
    // The server-rendered page has no map container either.
    const html = await client.get(`/campaigns/${campaign.slug}/ideas`)
    assert.notInclude(html.text(), 'class="leaflet-frame')

    await withTiles(async () => {
      for (const path of pages) {
        const page = await client.get(path).loginAs(author).withInertia()
        assert.deepEqual((page.inertiaProps as any).map.tiles, TILES, path)
      }
      const mapped = await client.get(`/campaigns/${campaign.slug}/ideas`).withInertia()
      assert.deepEqual((mapped.inertiaProps as any).mapped, [
        { id: placed.id, title: 'Placed', latitude: 55.7, longitude: 37.6 },
      ])
      const withMap = await client.get(`/campaigns/${campaign.slug}/ideas`)
      assert.include(withMap.text(), 'class="leaflet-frame')
    })
  })

  test('the ballot gets each project’s description, photo and place; the map only with tiles', async ({
    client,
    assert,
  }) => {
    const { campaign, projects } = await ballotCampaign()
    const [first, second] = [...projects.values()]
    const idea = await Idea.findOrFail(first.ideaId)
    idea.merge({
      description: 'Shade trees along the school path.',
      location: 'School Street 4',
      latitude: 55.75,
      longitude: 37.61,
    })
    await idea.save()
    const photo = await storePhotoOn(idea.id, 'trees.jpg')

    const page = await client.get(`/campaigns/${campaign.slug}/vote`).withInertia()
    page.assertStatus(200)
    const props = page.inertiaProps as any
    assert.isNull(props.map)
    assert.deepEqual(props.projectDetails[first.id], {
      description: 'Shade trees along the school path.',
      location: 'School Street 4',
      latitude: 55.75,
      longitude: 37.61,
      photo: {
        url: `/ideas/${idea.id}/attachments/${photo.id}`,
        thumbUrl: `/ideas/${idea.id}/attachments/${photo.id}/thumb`,
        name: 'trees.jpg',
      },
    })
    assert.include(props.projectDetails[second.id], { latitude: null, photo: null })
    // Every project's details come with the page (nothing is asked for per project).
    assert.lengthOf(Object.keys(props.projectDetails), projects.size)
    const thumb = await expectStatus(client.get(props.projectDetails[first.id].photo.thumbUrl), 200)
    assert.equal(thumb.header('content-type'), 'image/webp')

    await withTiles(async () => {
      const withMap = await client.get(`/campaigns/${campaign.slug}/vote`).withInertia()
      assert.deepEqual((withMap.inertiaProps as any).map.tiles, TILES)
    })
  })
})
