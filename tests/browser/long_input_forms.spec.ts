/*
| Issue #17 item 1 in chromium: every form keeps the typed input and shows its errors whatever
| the length — resident sign-in, staff sign-in, campaign create, community create and member
| invite, each with thousands of Cyrillic characters (two bytes each: far over a 4 KB cookie).
| The server stores sessions in PostgreSQL, as in production (the suite's default is memory).
| The idea form's long input is in long_input_and_money.spec.ts.
*/
import { test } from '@japa/runner'
import type { Locator, Page } from 'playwright-core'
import db from '@adonisjs/lucid/services/db'
import { appUrl, phonePage, staffSignIn, withBrowser } from '#tests/helpers/browser'
import { useDatabaseSessions } from '#tests/helpers/browser_session'
import { createStaff, makeStaffThrottlesOutsideTransactions } from '#tests/helpers/staff'
import { makeCity } from '#tests/helpers/campaigns'

const CYRILLIC = 'Пешеходная улица у школы, лавочки и освещение. '
const longText = (length: number) =>
  CYRILLIC.repeat(Math.ceil(length / CYRILLIC.length)).slice(0, length)

/** The error shown for `field` (its `aria-describedby` error paragraph), once there is one. */
async function errorOf(page: Page, field: Locator): Promise<string> {
  await page.waitForFunction(
    (input) => input?.getAttribute('aria-invalid') === 'true',
    await field.elementHandle()
  )
  const id = await field.getAttribute('id')
  return (await page.locator(`[id="${id}-error"]`).textContent()) ?? ''
}

test.group('Long input keeps its errors on every form, in a real browser', (group) => {
  const browser = withBrowser(group)
  group.setup(() => makeStaffThrottlesOutsideTransactions())
  group.setup(() => useDatabaseSessions())
  group.each.setup(async () => {
    await db.from('rate_limits').whereLike('key', '%staff_login%').delete()
  })

  test('resident and staff sign-in: 3,000 characters typed, kept and refused', async ({
    assert,
  }) => {
    const page = await phonePage(browser(), 'ru')
    page.setDefaultTimeout(30_000)
    await page.goto(appUrl('/sign-in'))
    const typed = '+7 999 ' + longText(3000)
    const phone = page.getByLabel('Номер мобильного телефона')
    await phone.fill(typed)
    await page.getByRole('button', { name: 'Получить код' }).click()
    assert.isNotEmpty(await errorOf(page, phone))
    assert.equal(await phone.inputValue(), typed)
    assert.equal(new URL(page.url()).pathname, '/sign-in')

    await page.goto(appUrl('/staff/login'))
    const email = page.getByLabel('Электронная почта')
    const longEmail = `${longText(3000)}@example.org`
    await email.fill(longEmail)
    await page.getByLabel('Пароль').fill(longText(150))
    await page.getByRole('button', { name: 'Войти' }).click()
    assert.isNotEmpty(await errorOf(page, email))
    assert.equal(await email.inputValue(), longEmail)
    await page.context().close()
  }).timeout(300_000)

  test('campaign, community and member forms: long Russian input kept with its errors', async ({
    assert,
  }) => {
    const { city } = await makeCity()
    const admin = await createStaff({ role: 'admin', communityId: city.id })
    const page = await staffSignIn(browser(), admin)

    // Campaign: a one-letter English title next to a 10,000-character Russian description.
    await page.goto(appUrl('/staff/campaigns/create'))
    const title = page.getByRole('group', { name: 'Title' }).getByLabel(/^English/)
    const description = page.getByRole('group', { name: 'Description' }).getByLabel('Russian')
    await title.fill('X')
    await description.fill(longText(10_000))
    await page.getByLabel('Total budget').fill('100000')
    await page.getByRole('button', { name: 'Next step' }).click()
    assert.isNotEmpty(await errorOf(page, title))
    assert.equal(await description.inputValue(), longText(10_000))
    assert.equal(new URL(page.url()).pathname, '/staff/campaigns/create')

    // Community: a 3,000-character name and a code with spaces.
    await page.goto(appUrl('/staff/communities/create'))
    const code = page.getByLabel('Code')
    const name = page.getByLabel('Name')
    await code.fill('не код')
    await name.fill(longText(3000))
    await page.getByRole('button', { name: 'Save' }).click()
    assert.isNotEmpty(await errorOf(page, code))
    assert.isNotEmpty(await errorOf(page, name))
    assert.equal(await name.inputValue(), longText(3000))

    // Member invite: a 3,000-character name and an address that is not one.
    await page.goto(appUrl('/staff/members/create'))
    const address = page.getByLabel('Email')
    const fullName = page.getByLabel('Full name')
    await address.fill('not-an-email')
    await fullName.fill(longText(3000))
    await page.getByRole('button', { name: 'Send the invitation' }).click()
    assert.isNotEmpty(await errorOf(page, address))
    assert.isNotEmpty(await errorOf(page, fullName))
    assert.equal(await fullName.inputValue(), longText(3000))
    assert.equal(await address.inputValue(), 'not-an-email')
    await page.context().close()
  }).timeout(300_000)
})
