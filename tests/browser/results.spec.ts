import { test } from '@japa/runner'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { launchBrowser, appUrl } from '#tests/helpers/browser'
import { resetReadModels } from '#tests/helpers/ledger'
import { countBallots, resultsFixture } from '#tests/helpers/results'

test.group('Results page and widget in a real browser', (group) => {
  let browser: Browser
  group.setup(async () => {
    browser = await launchBrowser()
    return async () => {
      await browser.close()
      await resetReadModels()
    }
  })
  group.each.setup(() => resetReadModels())

  test('uk: fits a 360 px phone, bars and counts visible, reachable with the keyboard', async ({
    assert,
  }) => {
    const fx = await resultsFixture('results')
    await countBallots(fx, [
      [[0, 2], null],
      [[2], 'paper'],
      [[1, 2], 'terminal'],
    ])
    const context = await browser.newContext({
      viewport: { width: 360, height: 640 },
      locale: 'uk',
      extraHTTPHeaders: { 'Accept-Language': 'uk' },
    })
    const page = await context.newPage()
    const response = await page.goto(appUrl(`/campaigns/${fx.campaign.slug}/results`))
    assert.equal(response?.status(), 200)
    assert.equal(await page.locator('h1').innerText(), 'Підсумки')
    await page.getByText('Враховано бюлетенів: 3').waitFor()

    // Nothing wider than the screen; the top project's bar spans the track.
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }))
    assert.isAtMost(widths.scroll, widths.client)
    const first = page.locator('.results-item').first()
    assert.include(await first.innerText(), 'Library garden')
    const [fill, track] = await Promise.all([
      first.locator('.results-bar-fill').boundingBox(),
      first.locator('.results-bar').boundingBox(),
    ])
    assert.isAbove(track!.width, 200)
    assert.approximately(fill!.width, track!.width, 1)

    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link')
    await context.close()
  })

  test('widget.js on another site inserts the iframe and sizes it to the results', async ({
    assert,
  }) => {
    const fx = await resultsFixture('voting', true)
    await countBallots(fx, [[[0], null]])
    // A page of "another site" (another origin) that embeds the widget.
    const site = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end(
        `<!doctype html><html lang="en"><head><title>City news</title></head><body><h1>News</h1>` +
          `<script src="${appUrl('/widget.js')}" data-campaign="${fx.campaign.slug}" data-lang="ru"></script>` +
          `</body></html>`
      )
    })
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
    try {
      const context = await browser.newContext({ viewport: { width: 360, height: 640 } })
      const page = await context.newPage()
      await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`)
      const frame = page.frameLocator('iframe')
      await frame.getByText('Учтено бюллетеней: 1').waitFor()
      // The embedded page reports its height; the widget applies it (initially 320 px).
      await page.waitForFunction(() => {
        const iframe = document.querySelector('iframe')
        return iframe !== null && iframe.style.height !== '320px'
      })
      const height = await page.evaluate(() => document.querySelector('iframe')!.offsetHeight)
      const content = await frame.locator('body').evaluate((body) => body.scrollHeight)
      assert.approximately(height, content, 24)
      await context.close()
    } finally {
      await new Promise((resolve) => site.close(resolve))
    }
  })
})
