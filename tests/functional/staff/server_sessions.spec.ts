import { test } from '@japa/runner'
import { MessageBuilder } from '@adonisjs/core/helpers'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import { purgeExpiredSessions } from '#identity/sessions/staff_sessions'
import { ideasCampaign } from '#tests/helpers/proposals'
import { expectStatus } from '#tests/helpers/campaigns'
import { auditRows, createStaff, makeStaffThrottlesOutsideTransactions } from '#tests/helpers/staff'
import {
  SessionBrowser,
  sessionRow,
  signInStaff,
  useDatabaseSessions,
} from '#tests/helpers/browser_session'

/* These tests run the app with the PostgreSQL session store (#tests/helpers/browser_session). */

test.group('Server-side sessions (database store)', (group) => {
  group.setup(() => makeStaffThrottlesOutsideTransactions())
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(async () => {
    await db.from('rate_limits').whereLike('key', '%staff_login%').delete()
  })
  group.setup(() => useDatabaseSessions())

  test('staff sign-in keeps its session in PostgreSQL; sign-out deletes the row', async ({
    client,
    assert,
  }) => {
    const member = await createStaff({ role: 'moderator' })
    const browser = await signInStaff(client, member.email)
    const row = await sessionRow(browser.sessionId)
    assert.equal(row?.user_id, `staff:${member.id}`)
    await expectStatus(browser.send('get', '/staff'), 200)

    const signedIn = browser.sessionId
    await expectStatus(browser.send('post', '/staff/logout'), 302)
    assert.isNull(await sessionRow(signedIn))
    // The old cookie no longer opens staff pages.
    browser.sessionId = signedIn
    const after = await browser.send('get', '/staff')
    after.assertStatus(302)
    after.assertHeader('location', '/staff/login')
  })

  test('an admin lists a member’s sessions and revokes them; the member is signed out', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const member = await createStaff({ role: 'moderator' })
    const phone = await signInStaff(client, member.email)
    const laptop = await signInStaff(client, member.email)
    const adminBrowser = await signInStaff(client, admin.email)

    const page = await expectStatus(adminBrowser.send('get', `/staff/members/${member.id}`), 200)
    const sessions = page.text()
    assert.notInclude(sessions, phone.sessionId!)
    const rows = await db.from('sessions').where('user_id', `staff:${member.id}`)
    assert.lengthOf(rows, 2)

    const revoked = await adminBrowser.send('delete', `/staff/members/${member.id}/sessions`)
    revoked.assertStatus(302)
    assert.lengthOf(await db.from('sessions').where('user_id', `staff:${member.id}`), 0)
    for (const browser of [phone, laptop]) {
      const response = await browser.send('get', '/staff')
      response.assertHeader('location', '/staff/login')
    }
    const [audit] = await auditRows('staff.sessions_revoked', { type: 'staff_user', id: member.id })
    assert.equal(audit.actor_id, admin.id)
    // The admin's own session is untouched.
    await expectStatus(adminBrowser.send('get', '/staff'), 200)
  })

  test('expired rows are purged', async ({ assert }) => {
    const data = new MessageBuilder().build({}, undefined, 'old')
    await db.table('sessions').insert([
      // Expiry is stored rounded up to the full hour (migration 0170): two hours either way.
      { id: 'old', data, expires_at: new Date(Date.now() - 2 * 3600_000) },
      { id: 'live', data, expires_at: new Date(Date.now() + 2 * 3600_000) },
    ])
    assert.isAtLeast(await purgeExpiredSessions(), 1)
    assert.isNull(await sessionRow('old'))
    assert.isNotNull(await sessionRow('live'))
  })

  test('a 3,000-character idea with a too-short title comes back with its errors and input', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const browser = new SessionBrowser(client)
    await browser.send('get', '/')
    // Sign the resident in by writing the guard's key into the stored session.
    const row = await sessionRow(browser.sessionId)
    const values = new MessageBuilder().verify<Record<string, unknown>>(row.data, row.id) ?? {}
    await db
      .from('sessions')
      .where('id', row.id)
      .update({
        data: new MessageBuilder().build(
          { ...values, auth_resident: author.id },
          undefined,
          row.id
        ),
      })

    const form = `/campaigns/${campaign.slug}/ideas/new`
    await expectStatus(browser.send('get', form), 200)
    const description = 'Пешеходная улица у школы. '.repeat(116).slice(0, 3000)
    const refused = await browser.send('post', `/campaigns/${campaign.slug}/ideas`, {
      title: 'Hi',
      description,
    })
    refused.assertStatus(302)
    refused.assertHeader('location', form)
    // The flashed input (3,000 characters) is kept server-side, beyond the cookie's 4 KB.
    const flashed = await sessionRow(browser.sessionId)
    const stored = new MessageBuilder().verify(flashed.data, flashed.id)
    assert.include(JSON.stringify(stored), description)
    const back = await browser.send('get', form)
    back.assertStatus(200)
    const props = back.text().replaceAll('&quot;', '"')
    assert.match(props, /"errors":\{"title":"[^"]+"/)
  })
})
