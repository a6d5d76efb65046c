import { test } from '@japa/runner'
import type { Browser } from 'playwright-core'
import { generateSync } from 'otplib'
import { launchBrowser, appUrl, phonePage } from '#tests/helpers/browser'
import { createStaff, STAFF_PASSWORD } from '#tests/helpers/staff'

test.group('Staff second factor in a real browser', (group) => {
  let browser: Browser
  group.setup(async () => {
    browser = await launchBrowser()
    return () => browser.close()
  })

  test('an admin enrols on a phone (Ukrainian), keyboard only, then signs in with a recovery code', async ({
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin', totp: false })
    const page = await phonePage(browser, 'uk')
    page.setDefaultTimeout(30_000)
    await page.goto(appUrl('/staff/login'))
    await page.getByLabel('Електронна пошта').fill(admin.email)
    await page.getByLabel('Пароль').fill(STAFF_PASSWORD)
    await page.keyboard.press('Enter')
    await page.waitForURL(appUrl('/staff/two-factor'))
    await page.getByRole('heading', { name: 'Двоетапний вхід' }).waitFor()
    assert.match(
      (await page
        .getByRole('link', { name: 'Відкрити в застосунку-автентифікаторі' })
        .getAttribute('href'))!,
      /^otpauth:\/\/totp\//
    )
    const key = (await page.locator('code').first().textContent())!.replaceAll(' ', '')
    const codeField = page.getByLabel('2. Введіть 6-значний код із застосунку')
    assert.equal(await codeField.getAttribute('inputmode'), 'numeric')
    assert.equal(await codeField.getAttribute('autocomplete'), 'one-time-code')
    await codeField.fill(generateSync({ secret: key }))
    await codeField.press('Enter')

    await page.waitForURL(appUrl('/staff/two-factor/recovery-codes'))
    const codes = await page.locator('li code').allTextContents()
    assert.lengthOf(codes, 10)
    await page.getByRole('link', { name: 'Перейти до розділу працівників' }).click()
    await page.waitForURL(appUrl('/staff'))

    // Signed out, back in with the password and a recovery code.
    await page.context().clearCookies()
    await page.goto(appUrl('/staff/login'))
    await page.getByLabel('Електронна пошта').fill(admin.email)
    await page.getByLabel('Пароль').fill(STAFF_PASSWORD)
    await page.keyboard.press('Enter')
    await page.waitForURL(appUrl('/staff/login/code'))
    await page.getByLabel('Код', { exact: true }).fill(codes[0])
    await page.keyboard.press('Enter')
    await page.waitForURL(appUrl('/staff'))
    await page.context().close()
  })
})
