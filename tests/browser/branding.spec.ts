import { test } from '@japa/runner'
import drive from '@adonisjs/drive/services/main'
import type { Page } from 'playwright-core'
import { appUrl, noHorizontalScroll, staffSignIn, withBrowser } from '#tests/helpers/browser'
import { createStaff } from '#tests/helpers/staff'
import { logoPng, resetBranding } from '#tests/helpers/branding'
import { resetReadModels } from '#tests/helpers/ledger'
import { resultsFixture } from '#tests/helpers/results'

/*
| City branding in a real browser (issue #17 item 7): an admin sets the name, colour, logo and a
| footer link on /staff/settings/branding on a phone (390 px) and on a desktop (1366 px), mistakes
| shown on the form; then a resident page and the results widget show them, server-rendered.
| axe checks every page state (tests/helpers/a11y.ts).
*/
const SCREEN = '/staff/settings/branding'
const NAVY = 'rgb(31, 78, 140)' // #1f4e8c

async function save(page: Page, button = 'Save') {
  await page.getByRole('button', { name: button, exact: true }).click()
}

test.group('City branding in a real browser', (group) => {
  const browser = withBrowser(group)
  group.each.setup(() => {
    drive.fake('fs')
    return async () => {
      await resetBranding()
      await resetReadModels()
      drive.restore('fs')
    }
  })

  test('an admin brands the site on a phone and a desktop; residents and the widget see it', async ({
    assert,
  }) => {
    const fx = await resultsFixture('results')
    const admin = await createStaff({ role: 'admin' })
    // The first page a fresh server renders compiles the client on demand: slow on a busy machine.
    const warmUp = await browser().newPage()
    await warmUp.goto(appUrl('/staff/login'), { timeout: 300_000 })
    await warmUp.context().close()
    const page = await staffSignIn(browser(), admin)
    page.setDefaultTimeout(60_000)
    await page.setViewportSize({ width: 390, height: 844 })

    // Reached from the staff navigation.
    await page.getByRole('link', { name: 'Branding' }).click()
    await page.getByRole('heading', { name: 'City branding' }).waitFor()

    // Phone: the name in two languages, a colour too light for white text, a javascript: link.
    await page.getByLabel('English').first().fill('Volgograd Budget')
    await page.getByLabel('Russian').first().fill('Бюджет Волгограда')
    await page.getByLabel('Colour code (#RRGGBB)').fill('#ffcc00')
    await page.getByText('too low, at least 4.5:1 is needed').waitFor()
    await page.getByRole('button', { name: 'Add a link' }).click()
    await page.getByLabel('Label (English)').fill('City hall')
    await page.getByLabel('Address').fill('javascript:alert(document.cookie)')
    await save(page)
    await page.getByText('This colour is too light for the white text on buttons').waitFor()
    await page.getByText('Use a web address starting with https://').waitFor()
    assert.isTrue(await noHorizontalScroll(page), 'branding form wider than the phone')

    await page.getByLabel('Colour code (#RRGGBB)').fill('#1f4e8c')
    await page.getByText('Contrast with white text: 8.').waitFor()
    await page.getByLabel('Address').fill('https://city.example/hall')
    await save(page)
    await page.getByText('The branding was saved').waitFor()

    // The logo: a file over 2 MB is refused in the browser, before anything is sent.
    const logoInput = page.getByLabel('Logo file')
    await logoInput.setInputFiles({
      name: 'huge.png',
      mimeType: 'image/png',
      buffer: Buffer.alloc(3 * 1024 * 1024, 1),
    })
    await page.getByText('huge.png').waitFor()
    assert.isTrue(
      (await page.getByRole('button', { name: 'Upload the logo' }).isDisabled()) === false
    )
    await page.getByRole('button', { name: 'Upload the logo' }).click()
    assert.equal(await page.getByRole('img', { name: 'The current logo' }).count(), 0)
    await logoInput.setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: await logoPng(),
    })
    await page.getByRole('button', { name: 'Upload the logo' }).click()
    await page.getByText('The logo was uploaded').waitFor()
    await page.getByRole('img', { name: 'The current logo' }).waitFor()
    assert.isTrue(await noHorizontalScroll(page), 'branding screen wider than the phone')

    // Desktop: the saved values are on the form; a second link is added with the keyboard.
    await page.setViewportSize({ width: 1366, height: 900 })
    await page.goto(appUrl(SCREEN))
    assert.equal(await page.getByLabel('English').first().inputValue(), 'Volgograd Budget')
    assert.equal(await page.getByLabel('Colour code (#RRGGBB)').inputValue(), '#1f4e8c')
    await page.getByRole('button', { name: 'Add a link' }).click()
    await page.getByLabel('Label (English)').nth(1).fill('Write to us')
    await page.getByLabel('Address').nth(1).fill('mailto:pb@city.example')
    await page.getByRole('button', { name: 'Save', exact: true }).focus()
    await page.keyboard.press('Enter')
    await page.getByText('The branding was saved').waitFor()
    await page.context().close()

    // A resident's page on a phone and a desktop (English, then Russian): name, logo, colour, links.
    for (const [viewport, locale, name] of [
      [{ width: 390, height: 844 }, 'en', 'Volgograd Budget'],
      [{ width: 1366, height: 900 }, 'ru', 'Бюджет Волгограда'],
    ] as const) {
      const context = await browser().newContext({
        viewport,
        locale,
        extraHTTPHeaders: { 'Accept-Language': locale },
      })
      const resident = await context.newPage()
      resident.setDefaultTimeout(60_000)
      await resident.goto(appUrl(`/campaigns/${fx.campaign.slug}`))
      const brand = resident.locator('header .brand')
      const brandText = await brand.innerText()
      assert.equal(brandText.trim(), name)
      assert.match(
        (await brand.locator('img').getAttribute('src')) ?? '',
        /^\/branding\/logo\/[0-9a-f-]{36}\.webp$/
      )
      assert.isAbove(
        await brand.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth),
        0,
        'the logo loads'
      )
      const title = await resident.title()
      assert.isTrue(title.endsWith(name), title)
      const topbar = await resident
        .locator('header.topbar')
        .evaluate((element) => getComputedStyle(element).backgroundColor)
      assert.equal(topbar, NAVY)
      const footer = resident.locator('footer')
      assert.equal(
        await footer.locator('a[href="https://city.example/hall"]').innerText(),
        'City hall'
      )
      assert.equal(
        await footer.locator('a[href="mailto:pb@city.example"]').innerText(),
        'Write to us'
      )
      assert.isTrue(await noHorizontalScroll(resident), `resident page at ${viewport.width} px`)
      await context.close()
    }

    // The embeddable widget: the name over the results, in the colour.
    const ru = await browser().newContext({
      viewport: { width: 390, height: 844 },
      locale: 'ru',
      extraHTTPHeaders: { 'Accept-Language': 'ru' },
    })
    const widget = await ru.newPage()
    widget.setDefaultTimeout(60_000)
    await widget.goto(appUrl(`/embed/campaigns/${fx.campaign.slug}/results`))
    const widgetName = await widget.locator('.embed-brand').innerText()
    assert.equal(widgetName.trim(), 'Бюджет Волгограда')
    assert.equal(
      await widget
        .locator('.results-bar-fill')
        .first()
        .evaluate((element) => getComputedStyle(element).backgroundColor),
      NAVY
    )
    await ru.close()
  }).timeout(600_000)
})
