import { test } from '@japa/runner'
import type { Browser } from 'playwright-core'
import { launchBrowser, appUrl, phonePage } from '#tests/helpers/browser'
import { createStaff, STAFF_PASSWORD } from '#tests/helpers/staff'

test.group('Staff sign-in in a real browser', (group) => {
  let browser: Browser
  group.setup(async () => {
    browser = await launchBrowser()
    return () => browser.close()
  })

  test('a moderator signs in and cannot open an admin-only screen', async ({ assert }) => {
    const moderator = await createStaff({ role: 'moderator' })
    const page = await phonePage(browser, 'en')
    await page.goto(appUrl('/staff/login'))
    await page.getByLabel('Email').fill(moderator.email)
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').first().waitFor()
    assert.equal(new URL(page.url()).pathname, '/staff/login')

    await page.getByLabel('Password').fill(STAFF_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(appUrl('/staff'))
    await page.getByText(moderator.fullName).first().waitFor()

    const forbidden = await page.goto(appUrl('/staff/audit'))
    assert.equal(forbidden?.status(), 403)
    await page.getByText('You are not allowed to do this').waitFor()
    await page.context().close()
  })
})
