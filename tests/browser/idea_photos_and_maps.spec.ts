/*
| Issue #17 items 4 and 5 in chromium on a 360 px phone: a resident proposes an idea with a photo
| and a place typed in (no tile server: no map), and sees the photo inline; the ballot's entries
| open by keyboard to their description and photo; with a tile server (a local HTTP server on a
| free port standing in for the city's) the ideas page draws its markers and the form's map
| sets the coordinates with a click.
*/
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from '@japa/runner'
import sharp from 'sharp'
import mapConfig from '#config/map'
import Idea from '#proposals/models/idea'
import IdeaAttachment from '#proposals/models/idea_attachment'
import { appUrl, noHorizontalScroll, phone360, withBrowser } from '#tests/helpers/browser'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'
import { ballotCampaign, signIn, votePagePhone } from '#tests/helpers/vote_page'
import { jpegWithGps, storePhotoOn } from '#tests/helpers/photos'

/** A tile server on a free loopback port: one grey 256 px PNG for every /z/x/y.png. */
async function startTileServer() {
  const tile = await sharp({
    create: { width: 256, height: 256, channels: 3, background: '#dddddd' },
  })
    .png()
    .toBuffer()
  const requested: string[] = []
  const server: Server = createServer((request, response) => {
    requested.push(request.url ?? '')
    if (!/^\/\d+\/\d+\/\d+\.png$/.test(request.url ?? '')) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'Content-Type': 'image/png' }).end(tile)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
    requested,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Whether the image has loaded and decoded (naturalWidth > 0). */
function loaded(page: Awaited<ReturnType<typeof phone360>>, selector: string) {
  return page
    .locator(selector)
    .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)
}

test.group('Idea photos, places and the ballot details in a real browser', (group) => {
  const browser = withBrowser(group)

  test('propose with a photo and typed coordinates; the photo is shown inline, no map', async ({
    assert,
  }) => {
    const { campaign } = await ideasCampaign()
    const page = await phone360(browser())
    page.setDefaultTimeout(30_000)
    const form = `/campaigns/${campaign.slug}/ideas/new`
    await signIn(page, votePagePhone(), form)

    assert.equal(await page.locator('.leaflet-frame').count(), 0, 'no tile server: no map')
    await page.getByLabel('Title').fill('A fountain in the square')
    await page.getByLabel('Description').fill('Bring the old fountain back to life for everyone.')
    await page.getByLabel('Latitude').fill('55,7512')
    await page.getByLabel('Longitude').fill('37.6184')
    await page.getByLabel('Photo (optional)').setInputFiles({
      name: 'fountain.jpg',
      mimeType: 'image/jpeg',
      buffer: await jpegWithGps(),
    })
    assert.isTrue(await noHorizontalScroll(page), 'the form fits a 360 px screen')
    await page.getByRole('button', { name: 'Submit the idea' }).click()
    await page.waitForURL(/\/ideas\/\d+$/)

    const photo = page.getByRole('img', { name: 'Photo 1 of the idea “A fountain in the square”' })
    await photo.waitFor()
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('.photo-grid img')].every(
        (img) => img.complete && img.naturalWidth > 0
      )
    )
    assert.isTrue(await loaded(page, '.photo-grid img'))
    await page.getByText('Coordinates: 55.75120, 37.61840').waitFor()
    assert.equal(await page.locator('.leaflet-frame').count(), 0)
    assert.isTrue(await noHorizontalScroll(page), 'the idea page fits a 360 px screen')

    const idea = await Idea.query().where('campaignId', campaign.id).firstOrFail()
    assert.deepEqual([idea.latitude, idea.longitude], [55.7512, 37.6184])
    const [attachment] = await IdeaAttachment.query().where('ideaId', idea.id)
    assert.isNotNull(attachment.thumbDriveKey)
    // The link opens the full photo.
    assert.equal(
      await page
        .getByRole('link', { name: 'Open the full photo fountain.jpg' })
        .getAttribute('href'),
      `/ideas/${idea.id}/attachments/${attachment.id}`
    )
    await page.context().close()
  })

  test('the ballot: a project opens by keyboard to its description and photo; 24 px checkboxes', async ({
    assert,
  }) => {
    const { campaign, projects } = await ballotCampaign()
    const benches = projects.get('Benches')!
    const idea = await Idea.findOrFail(benches.ideaId)
    idea.merge({ description: 'Ten oak benches along the river walk.', location: 'River walk' })
    await idea.save()
    await storePhotoOn(idea.id, 'benches.jpg')

    const page = await phone360(browser())
    page.setDefaultTimeout(30_000)
    await signIn(page, votePagePhone(), `/campaigns/${campaign.slug}/vote`)
    const details = page.getByRole('button', { name: 'Details — Benches' })
    await details.waitFor()
    const description = page.getByText('Ten oak benches along the river walk.')
    assert.isFalse(await description.isVisible(), 'closed at first')
    assert.equal(await details.getAttribute('aria-expanded'), 'false')

    await details.focus()
    await page.keyboard.press('Enter')
    await description.waitFor()
    assert.equal(await details.getAttribute('aria-expanded'), 'true')
    const photo = page.getByRole('img', { name: 'Photo of the project “Benches”' })
    await photo.waitFor()
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.project-photo')
      return img !== null && img.complete && img.naturalWidth > 0
    })
    await page.getByText('River walk', { exact: true }).waitFor()
    assert.isTrue(await noHorizontalScroll(page), 'an open project fits a 360 px screen')
    await page.keyboard.press('Space')
    await description.waitFor({ state: 'hidden' })

    // Ticking still works, and every checkbox is at least 24 × 24 px.
    await page.getByLabel('Benches').check()
    const boxes = await page
      .getByRole('checkbox')
      .evaluateAll((inputs) => inputs.map((input) => input.getBoundingClientRect()))
    assert.isAbove(boxes.length, 0)
    for (const box of boxes) {
      assert.isAtLeast(box.width, 24)
      assert.isAtLeast(box.height, 24)
    }
    await page.context().close()
  })

  test('with a tile server: markers on the ideas page, a click on the form’s map sets the place', async ({
    assert,
  }) => {
    const tiles = await startTileServer()
    const before = mapConfig.tiles
    mapConfig.tiles = { url: tiles.url, attribution: 'Test tiles', maxZoom: 18 }
    try {
      const { campaign, author } = await ideasCampaign()
      for (const [title, latitude, longitude] of [
        ['Fountain', 55.75, 37.61],
        ['Benches', 55.76, 37.63],
      ] as const) {
        const idea = await makeIdea(campaign, author, { title })
        idea.merge({ latitude, longitude })
        await idea.save()
      }
      const page = await phone360(browser())
      page.setDefaultTimeout(30_000)
      await page.goto(appUrl(`/campaigns/${campaign.slug}/ideas`))
      const map = page.getByRole('region', {
        name: 'Map of 2 ideas; each is also in the list above',
      })
      await map.waitFor()
      await page.waitForFunction(
        () => document.querySelectorAll('.leaflet-frame path.leaflet-interactive').length === 2
      )
      await page.locator('img.leaflet-tile-loaded').first().waitFor()
      assert.isAbove(tiles.requested.length, 0, 'tiles came from the configured server')
      await page.getByText('Test tiles').waitFor()
      assert.isTrue(await noHorizontalScroll(page))

      await signIn(page, votePagePhone(), `/campaigns/${campaign.slug}/ideas/new`)
      const picker = page.getByRole('region', { name: "Map: click to mark the idea's place" })
      await picker.waitFor()
      await page.locator('.location-picker img.leaflet-tile-loaded').first().waitFor()
      await picker.locator('.leaflet-box').click({ position: { x: 60, y: 60 } })
      await page.waitForFunction(
        () => document.querySelectorAll('.location-picker path.leaflet-interactive').length === 1
      )
      const latitude = Number(await page.getByLabel('Latitude').inputValue())
      const longitude = Number(await page.getByLabel('Longitude').inputValue())
      assert.isTrue(Math.abs(latitude) <= 90 && latitude !== 0, `latitude ${latitude}`)
      assert.isTrue(Math.abs(longitude) <= 180 && longitude !== 0, `longitude ${longitude}`)
      await page.getByRole('button', { name: 'Remove the place' }).click()
      assert.equal(await page.getByLabel('Latitude').inputValue(), '')
      await page.context().close()
    } finally {
      mapConfig.tiles = before
      await tiles.close()
    }
  })
})
