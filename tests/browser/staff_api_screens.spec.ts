import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import { appUrl, noHorizontalScroll, staffSignIn, withBrowser } from '#tests/helpers/browser'
import { createCommunity, createStaff } from '#tests/helpers/staff'

/*
| The API-token and terminal screens and the API reference page in a real browser, on a 360 px
| phone, used with the keyboard: a secret is shown once, rotate and revoke work, nothing is wider
| than the screen, and the screens are translated.
*/
async function asPhone(page: Page) {
  await page.setViewportSize({ width: 360, height: 740 })
}

test.group('Staff API tokens, terminals and the API reference in a real browser', (group) => {
  const browser = withBrowser(group)

  test('an admin makes an API token and a terminal with the keyboard on a phone', async ({
    assert,
  }) => {
    const city = await createCommunity({ kind: 'city', name: 'Browser City' })
    const admin = await createStaff({ role: 'admin' })
    const page = await staffSignIn(browser(), admin)
    await asPhone(page)

    await page.goto(appUrl('/staff/api-tokens'))
    await page.getByLabel('Name').focus()
    await page.keyboard.type('Open-data export')
    await page.getByLabel('ideas:moderate').focus()
    await page.keyboard.press('Space')
    await page.getByRole('button', { name: 'Create token' }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Your new token' }).waitFor()
    const secret = await page.getByRole('textbox', { name: 'Token', exact: true }).inputValue()
    assert.match(secret, /^cbs_/)
    assert.isTrue(await noHorizontalScroll(page), 'API tokens page wider than the phone')

    await page.reload()
    await page.getByRole('heading', { name: 'Tokens', exact: true }).waitFor()
    assert.equal(await page.getByRole('heading', { name: 'Your new token' }).count(), 0)
    assert.notInclude(await page.content(), secret)
    await page.getByRole('button', { name: 'Revoke' }).first().click()
    await page.getByText('The token was revoked').waitFor()

    await page.goto(appUrl('/staff/terminals'))
    await page.getByLabel('Name').fill('Kiosk at the library')
    await page.getByLabel('Community').selectOption({ label: `Browser City (${city.code})` })
    await page.getByRole('button', { name: 'Register' }).press('Enter')
    await page.getByRole('heading', { name: 'New token of “Kiosk at the library”' }).waitFor()
    const first = await page.getByRole('textbox', { name: 'Token', exact: true }).inputValue()
    assert.match(first, /^cbt_/)
    const row = page.getByRole('row', { name: /Kiosk at the library/ })
    await row.getByText('never').waitFor()
    await row.getByRole('button', { name: 'New token' }).click()
    await page.getByText('the old one no longer works').waitFor()
    const second = await page.getByRole('textbox', { name: 'Token', exact: true }).inputValue()
    assert.notEqual(second, first)
    assert.isTrue(await noHorizontalScroll(page), 'terminals page wider than the phone')
    await page
      .getByRole('row', { name: /Kiosk at the library/ })
      .getByRole('button', { name: 'Revoke' })
      .click()
    await page
      .getByRole('row', { name: /Kiosk at the library/ })
      .getByText('Revoked')
      .waitFor()

    for (const [locale, title] of [
      ['ru', 'Терминалы'],
      ['uk', 'Термінали'],
    ]) {
      await page.goto(appUrl(`/staff/terminals?lang=${locale}`))
      await page.getByRole('heading', { name: title, exact: true }).waitFor()
    }
    await page.goto(appUrl('/staff/api-tokens?lang=ru'))
    await page.getByRole('heading', { name: 'API-токены сотрудников' }).waitFor()
    await page.goto(appUrl('/staff/api-tokens?lang=en'))
    await page.context().close()
  }).timeout(120_000)

  test('the API reference page renders the document and fits a phone', async ({ assert }) => {
    const page = await browser().newPage({ viewport: { width: 360, height: 740 } })
    await page.goto(appUrl('/developers/api'))
    await page.getByRole('heading', { name: 'API reference' }).waitFor()
    await page.getByRole('heading', { name: 'Staff API' }).waitFor()
    const operation = page.getByText('/api/v1/staff/campaigns/{id}/stage-dates')
    await operation.click()
    await page.getByText('Scope `campaigns:write`.', { exact: false }).waitFor()
    assert.isTrue(await noHorizontalScroll(page), 'API reference wider than the phone')
    await page.close()
  }).timeout(60_000)
})
