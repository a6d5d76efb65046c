import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import encryption from '@adonisjs/core/services/encryption'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import { generateSync } from 'otplib'
import StaffUser from '#identity/models/staff_user'
import { expectStatus } from '#tests/helpers/campaigns'
import {
  auditRows,
  createStaff,
  makeStaffThrottlesOutsideTransactions,
  STAFF_PASSWORD,
  STAFF_TOTP_SECRET,
  staffRequest,
  staffTotpCode,
} from '#tests/helpers/staff'
import { SessionBrowser, useDatabaseSessions } from '#tests/helpers/browser_session'

/** Password step only; the browser is then at the code (or enrolment) step. */
async function passwordStep(client: ApiClient, email: string, expected: string) {
  const browser = new SessionBrowser(client)
  await browser.send('get', '/staff/login')
  const response = await browser.send('post', '/staff/login', { email, password: STAFF_PASSWORD })
  response.assertStatus(302)
  response.assertHeader('location', expected)
  await expectStatus(browser.send('get', expected), 200)
  return browser
}

/** The password step alone opens no staff screen. */
async function assertNoStaffRights(browser: SessionBrowser) {
  const dashboard = await expectStatus(browser.send('get', '/staff'), 302)
  dashboard.assertHeader('location', '/staff/login')
}

test.group('Staff second factor (TOTP)', (group) => {
  group.setup(() => makeStaffThrottlesOutsideTransactions())
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(async () => {
    await db.from('rate_limits').whereLike('key', '%staff_%').delete()
  })
  group.setup(() => useDatabaseSessions())

  test('an admin signs in with password, then the app code; a wrong code gives nothing', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const browser = await passwordStep(client, admin.email, '/staff/login/code')
    await assertNoStaffRights(browser)
    await expectStatus(browser.send('get', '/staff/login/code'), 200)

    const wrong = staffTotpCode() === '000000' ? '111111' : '000000'
    await expectStatus(browser.send('post', '/staff/login/code', { code: wrong }), 302)
    await assertNoStaffRights(browser)
    const [failed] = await auditRows('staff.login_failed', { type: 'staff_user', id: admin.id })
    assert.equal(failed.changes.reason, 'code')

    const ok = await browser.send('post', '/staff/login/code', { code: staffTotpCode() })
    ok.assertHeader('location', '/staff')
    await expectStatus(browser.send('get', '/staff'), 200)
    const [login] = await auditRows('staff.login', { type: 'staff_user', id: admin.id })
    assert.equal(login.changes.method, 'totp')
  })

  test('a code is accepted once: replayed within its window it is refused', async ({ client }) => {
    const admin = await createStaff({ role: 'admin' })
    const code = staffTotpCode()
    const first = await passwordStep(client, admin.email, '/staff/login/code')
    const accepted = await first.send('post', '/staff/login/code', { code })
    accepted.assertHeader('location', '/staff')

    const second = await passwordStep(client, admin.email, '/staff/login/code')
    const replay = await second.send('post', '/staff/login/code', { code })
    replay.assertHeader('location', '/staff/login/code')
    await assertNoStaffRights(second)
  })

  test('an admin without a second factor must enrol before any staff screen', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin', totp: false })
    const browser = await passwordStep(client, admin.email, '/staff/two-factor')
    await assertNoStaffRights(browser)

    const setup = await expectStatus(browser.send('get', '/staff/two-factor'), 200)
    const props = setup.text().replaceAll('&quot;', '"').replaceAll('&amp;', '&')
    const secret = /"secret":"([A-Z2-7]+)"/.exec(props)![1]
    assert.match(props, /"uri":"otpauth:\/\/totp\/[^"]*secret=/)
    assert.include(props, '"required":true')

    const wrong = await browser.send('post', '/staff/two-factor', { code: '12345' })
    wrong.assertStatus(302)
    await assertNoStaffRights(browser)

    const enabled = await browser.send('post', '/staff/two-factor', {
      code: generateSync({ secret }),
    })
    enabled.assertHeader('location', '/staff/two-factor/recovery-codes')
    const page = await expectStatus(browser.send('get', '/staff/two-factor/recovery-codes'), 200)
    const codes = [...page.text().matchAll(/\b[A-Z2-9]{5}-[A-Z2-9]{5}\b/g)].map((m) => m[0])
    assert.lengthOf(new Set(codes), 10)
    // Shown once.
    const again = await browser.send('get', '/staff/two-factor/recovery-codes')
    again.assertHeader('location', '/staff')
    await expectStatus(browser.send('get', '/staff'), 200)

    // Stored: the secret encrypted with APP_KEY, the recovery codes only hashed.
    const row = await db.from('staff_users').where('id', admin.id).first()
    assert.notInclude(row.totp_secret, secret)
    assert.equal(encryption.decrypt(row.totp_secret), secret)
    const stored = await db.from('staff_recovery_codes').where('staff_user_id', admin.id)
    assert.lengthOf(stored, 10)
    for (const code of codes) {
      assert.notInclude(JSON.stringify(stored), code.replace('-', ''))
      assert.notInclude(JSON.stringify(stored), code)
    }
    const [audit] = await auditRows('staff.two_factor_enabled', {
      type: 'staff_user',
      id: admin.id,
    })
    assert.equal(audit.actor_id, admin.id)
  })

  test('a recovery code signs in once', async ({ client, assert }) => {
    const admin = await createStaff({ role: 'admin', totp: false })
    const enrol = await passwordStep(client, admin.email, '/staff/two-factor')
    const setup = await enrol.send('get', '/staff/two-factor')
    const secret = /&quot;secret&quot;:&quot;([A-Z2-7]+)&quot;/.exec(setup.text())![1]
    await enrol.send('post', '/staff/two-factor', { code: generateSync({ secret }) })
    const page = await enrol.send('get', '/staff/two-factor/recovery-codes')
    const [code] = page.text().match(/\b[A-Z2-9]{5}-[A-Z2-9]{5}\b/)!

    const first = await passwordStep(client, admin.email, '/staff/login/code')
    const used = await first.send('post', '/staff/login/code', { code: code.toLowerCase() })
    used.assertHeader('location', '/staff')
    const [login] = await auditRows('staff.login', { type: 'staff_user', id: admin.id })
    assert.equal(login.changes.method, 'recovery_code')

    const second = await passwordStep(client, admin.email, '/staff/login/code')
    const reused = await second.send('post', '/staff/login/code', { code })
    reused.assertHeader('location', '/staff/login/code')
    await assertNoStaffRights(second)
  })

  test('the code step is rate limited: 5 wrong codes, then 429 even for the right one', async ({
    client,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const browser = await passwordStep(client, admin.email, '/staff/login/code')
    const right = staffTotpCode()
    const wrong = right === '000000' ? '111111' : '000000'
    for (let attempt = 0; attempt < 5; attempt++) {
      await expectStatus(browser.send('post', '/staff/login/code', { code: wrong }), 302)
    }
    await expectStatus(browser.send('post', '/staff/login/code', { code: right }), 429)
    await assertNoStaffRights(browser)
  })
})

test.group('Staff second factor · signed-in members', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a signed-in admin without a second factor is sent to enrol; other roles may', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin', totp: false })
    const forced = await staffRequest(client, 'get', '/staff', admin)
    forced.assertStatus(302)
    forced.assertHeader('location', '/staff/two-factor')

    const moderator = await createStaff({ role: 'moderator' })
    const dashboard = await staffRequest(client, 'get', '/staff', moderator)
    dashboard.assertStatus(200)
    assert.include(dashboard.text(), '/staff/two-factor')
    const offer = await staffRequest(client, 'get', '/staff/two-factor', moderator)
    offer.assertStatus(200)
    assert.include(offer.text().replaceAll('&quot;', '"'), '"required":false')

    const enrolled = await createStaff({ role: 'moderator', totp: true })
    await expectStatus(staffRequest(client, 'get', '/staff', enrolled), 200)
    const member = await StaffUser.findOrFail(enrolled.id)
    assert.isNotNull(member.totpEnabledAt)
    assert.equal(encryption.decrypt(member.totpSecret!), STAFF_TOTP_SECRET)
  })
})
