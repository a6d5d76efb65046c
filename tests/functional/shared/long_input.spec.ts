import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import { createStaff, makeStaffThrottlesOutsideTransactions } from '#tests/helpers/staff'
import {
  inertiaPage,
  SessionBrowser,
  sessionData,
  signInStaff,
  useDatabaseSessions,
} from '#tests/helpers/browser_session'

/*
| Issue #17 item 1: every form keeps the input and shows its errors, whatever the length. With
| the cookie store the flashed input and errors outgrew the 4 KB cookie and vanished; with the
| database store (the default) they must come back on the next page. Each test posts maximal
| input (thousands of Cyrillic characters: two bytes each in UTF-8) that fails validation.
*/

const CYRILLIC = 'Пешеходная улица у школы, лавочки и освещение. '
const longText = (length: number) =>
  CYRILLIC.repeat(Math.ceil(length / CYRILLIC.length)).slice(0, length)

/** Posts `form` to `action`, expects a redirect back to `page`, and returns the errors shown there. */
async function refusedWithErrors(
  assert: Assert,
  browser: SessionBrowser,
  page: string,
  action: string,
  form: Record<string, string>,
  method: 'post' | 'put' = 'post'
) {
  await browser.send('get', page)
  const refused = await browser.send(method, action, form)
  refused.assertStatus(302)
  refused.assertHeader('location', page)
  // The whole input is kept server-side (flashed), not cut to fit a cookie.
  const stored = JSON.stringify(await sessionData(browser.sessionId))
  for (const value of Object.values(form)) {
    if (value.length > 200) assert.include(stored, value)
  }
  const back = await browser.send('get', page)
  back.assertStatus(200)
  return inertiaPage(back.text()).props.errors as Record<string, string>
}

test.group('Long input keeps its errors on every form (database sessions)', (group) => {
  group.setup(() => makeStaffThrottlesOutsideTransactions())
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(async () => {
    await db.from('rate_limits').whereLike('key', '%staff_login%').delete()
  })
  group.setup(() => useDatabaseSessions())

  test('resident sign-in: a 3,000-character phone', async ({ client, assert }) => {
    const errors = await refusedWithErrors(
      assert,
      new SessionBrowser(client),
      '/sign-in',
      '/sign-in',
      {
        phone: '+7 999 ' + '1'.repeat(1500) + longText(1500),
      }
    )
    assert.isString(errors.phone)
    assert.isAbove(errors.phone.length, 3)
  })

  test('staff sign-in: a 3,000-character e-mail', async ({ client, assert }) => {
    const errors = await refusedWithErrors(
      assert,
      new SessionBrowser(client),
      '/staff/login',
      '/staff/login',
      { email: `${longText(3000)}@example.org`, password: longText(150) }
    )
    assert.isString(errors.email)
  })

  test('campaign create: a one-letter title and a 10,000-character Russian description', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const browser = await signInStaff(client, admin.email)
    const errors = await refusedWithErrors(
      assert,
      browser,
      '/staff/campaigns/create',
      '/staff/campaigns',
      {
        'title[en]': 'X',
        'title[ru]': longText(200),
        'description[ru]': longText(10_000),
        'totalBudget': '100000',
        'currency': 'RUB',
        'communityId': '1',
      }
    )
    assert.isString(errors['title.en'])
  })

  test('community create: a 3,000-character name and a bad code', async ({ client, assert }) => {
    const admin = await createStaff({ role: 'admin' })
    const browser = await signInStaff(client, admin.email)
    const errors = await refusedWithErrors(
      assert,
      browser,
      '/staff/communities/create',
      '/staff/communities',
      { code: 'не код', name: longText(3000), kind: 'district', population: '1000' }
    )
    assert.isString(errors.code)
    assert.isString(errors.name)
  })

  test('member invite: a 3,000-character name and a bad e-mail', async ({ client, assert }) => {
    const admin = await createStaff({ role: 'admin' })
    const browser = await signInStaff(client, admin.email)
    const errors = await refusedWithErrors(
      assert,
      browser,
      '/staff/members/create',
      '/staff/members',
      { email: 'not-an-email', fullName: longText(3000), role: 'moderator' }
    )
    assert.isString(errors.email)
    assert.isString(errors.fullName)
  })
})
