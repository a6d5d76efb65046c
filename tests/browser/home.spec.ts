import { test } from '@japa/runner'
import type { Browser } from 'playwright-core'
import { launchBrowser, appUrl, phonePage } from '#tests/helpers/browser'

test.group('Home page in a real browser', (group) => {
  let browser: Browser
  group.setup(async () => {
    browser = await launchBrowser()
    return () => browser.close()
  })

  test('{locale}: renders, hydrates and switches language with the keyboard')
    .with([
      {
        locale: 'en',
        heading: /decide together/i,
        other: 'Русский',
        otherHeading: /решаем вместе/i,
      },
      {
        locale: 'ru',
        heading: /решаем вместе/i,
        other: 'Українська',
        otherHeading: /вирішуємо разом/i,
      },
      {
        locale: 'uk',
        heading: /вирішуємо разом/i,
        other: 'English',
        otherHeading: /decide together/i,
      },
    ])
    .run(async ({ assert }, row) => {
      const page = await phonePage(browser, row.locale)
      const response = await page.goto(appUrl('/'))
      assert.equal(response?.status(), 200)
      assert.match(await page.locator('h1').innerText(), row.heading)

      // Keyboard: the first Tab lands on the skip link, which moves focus to <main>.
      await page.keyboard.press('Tab')
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link')

      // The language switcher is a plain link: reachable and usable without a mouse.
      await page.getByRole('link', { name: row.other }).focus()
      await page.keyboard.press('Enter')
      await page.waitForURL(appUrl('/'))
      await page.locator('h1', { hasText: row.otherHeading }).waitFor()
      await page.context().close()
    })
})
