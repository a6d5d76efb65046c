/*
| Issue #17 item 9 as chromium sees it: resident pages and the Inertia visits between them come
| compressed; every visit carries only the messages of the page it shows (never the whole
| catalogue, never a raw key on screen); a hashed build asset is cached immutable for a year.
| (Byte-level checks of the same: tests/functional/shared/compression.spec.ts and
| page_messages.spec.ts; the bundle budget: bin/bundle_budget.js in `npm test`.)
*/
import { test } from '@japa/runner'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import type { Response } from 'playwright-core'
import { appUrl, phonePage, withBrowser } from '#tests/helpers/browser'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'

/** Every UI message key there is (the catalogue a page used to embed whole). */
const CATALOGUE_SIZE = 700

test.group('Weight and caching in a real browser', (group) => {
  const browser = withBrowser(group)

  test('ru: pages and Inertia visits compressed, each with its own messages only', async ({
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    await makeIdea(campaign, author, { title: 'Скамейки у реки', locale: 'ru' })
    const page = await phonePage(browser(), 'ru')
    page.setDefaultTimeout(30_000)
    const answers: Response[] = []
    page.on('response', (response) => {
      const type = response.request().resourceType()
      if (type === 'document' || response.headers()['x-inertia'] === 'true') answers.push(response)
    })

    await page.goto(appUrl(`/campaigns/${campaign.slug}`))
    await page.getByRole('link', { name: 'Идеи и проекты' }).click()
    await page.getByText('Найдено идей: 1').waitFor()
    // The list's card has the same heading: wait for the idea page's own answer.
    const ideaPage = page.waitForResponse(
      (response) =>
        response.headers()['x-inertia'] === 'true' && /\/ideas\/\d+$/.test(response.url())
    )
    await page.getByRole('link', { name: 'Скамейки у реки' }).click()
    await ideaPage

    assert.lengthOf(answers, 3, 'one page load, then two Inertia visits')
    for (const answer of answers) {
      assert.oneOf(answer.headers()['content-encoding'], ['br', 'gzip'], answer.url())
    }
    for (const answer of answers.slice(1)) {
      const { props } = (await answer.json()) as { props: { messages: Record<string, string> } }
      const keys = Object.keys(props.messages)
      assert.isAbove(keys.length, 0)
      assert.isBelow(keys.length, CATALOGUE_SIZE / 4, answer.url())
      assert.notProperty(props.messages, 'ui.staff.audit.title')
    }
    const text = await page.locator('body').innerText()
    assert.notMatch(text, /\bui\.[a-z_]+\.[a-z_]+/, 'no message key shown untranslated')
    await page.context().close()
  })

  test('a hashed build asset is immutable for a year; widget.js is revalidated', async ({
    assert,
  }) => {
    const dir = app.publicPath('assets')
    const name = `weight-browser-${process.pid}-C9a1Xk2Q.js`
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, name), `console.log(${JSON.stringify('x'.repeat(4000))})\n`)
    const page = await browser().newPage()
    try {
      const asset = await page.goto(appUrl(`/assets/${name}`))
      assert.equal(asset?.headers()['cache-control'], 'public, max-age=31536000, immutable')
      assert.oneOf(asset?.headers()['content-encoding'], ['br', 'gzip'])
      const widget = await page.goto(appUrl('/widget.js'))
      assert.notInclude(String(widget?.headers()['cache-control']), 'immutable')
    } finally {
      rmSync(join(dir, name), { force: true })
      await page.close()
    }
  })
})
