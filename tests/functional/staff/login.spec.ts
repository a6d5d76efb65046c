import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import StaffUser from '#identity/models/staff_user'
import { auditRows, createStaff, STAFF_PASSWORD, staffRequest } from '#tests/helpers/staff'

/** Counts password checks (each one an scrypt hash): a refused try must not reach one. */
function countPasswordChecks(cleanup: (fn: () => void) => void) {
  const original = StaffUser.verifyCredentials
  const counter = { calls: 0 }
  const spy = async (uid: string, password: string) => {
    counter.calls++
    return original.call(StaffUser, uid, password)
  }
  StaffUser.verifyCredentials = spy as typeof original
  cleanup(() => {
    StaffUser.verifyCredentials = original
  })
  return counter
}

function loginFrom(client: ApiClient, ip: string, email: string, password: string) {
  return staffRequest(client, 'post', '/staff/login')
    .header('X-Forwarded-For', ip)
    .form({ email, password })
}

test.group('Staff sign-in', (group) => {
  // Failed sign-ins of earlier tests (all from 127.0.0.1) must not count against later ones.
  group.each.setup(async () => {
    await db.from('rate_limits').whereLike('key', '%staff_login%').delete()
  })

  test('the login page renders for visitors', async ({ client, assert }) => {
    const response = await client.get('/staff/login').header('Accept-Language', 'uk')
    response.assertStatus(200)
    assert.include(response.text(), 'Вхід для працівників')
  })

  test('signs in with the right password and lands on the dashboard', async ({
    client,
    assert,
  }) => {
    const member = await createStaff({ role: 'moderator' })
    const response = await staffRequest(client, 'post', '/staff/login').form({
      email: member.email.toUpperCase(),
      password: STAFF_PASSWORD,
    })
    response.assertStatus(302)
    response.assertHeader('location', '/staff')
    await member.refresh()
    assert.isNotNull(member.lastSignInAt)
    const [row] = await auditRows('staff.login', { type: 'staff_user', id: member.id })
    assert.equal(row.actor_id, member.id)
    assert.equal(row.actor_type, 'staff')
  })

  test('a wrong password gets the generic message and an audit row', async ({ client, assert }) => {
    const member = await createStaff({ role: 'moderator' })
    const response = await staffRequest(client, 'post', '/staff/login').form({
      email: member.email,
      password: 'not the password',
    })
    response.assertStatus(302)
    response.assertFlashMessage('error', 'Wrong email or password')
    response.assertFlashMessage('email', member.email)
    assert.notProperty(response.flashMessages(), 'password')
    const [row] = await auditRows('staff.login_failed', { type: 'staff_user', id: member.id })
    assert.equal(row.actor_type, 'anonymous')
    assert.notInclude(JSON.stringify(row.changes), 'not the password')
  })

  test('an unknown email gets the same generic message', async ({ client }) => {
    const response = await staffRequest(client, 'post', '/staff/login').form({
      email: 'nobody@staff.test',
      password: 'whatever-password',
    })
    response.assertStatus(302)
    response.assertFlashMessage('error', 'Wrong email or password')
  })

  test('an inactive account is refused even with the right password', async ({ client }) => {
    const member = await createStaff({ role: 'moderator', active: false })
    const response = await staffRequest(client, 'post', '/staff/login').form({
      email: member.email,
      password: STAFF_PASSWORD,
    })
    response.assertStatus(302)
    response.assertFlashMessage('error', 'This account is not active. Ask an administrator.')
  })

  test('a pending invitee (no password yet) cannot sign in', async ({ client }) => {
    const member = await createStaff({ role: 'moderator', password: null, active: false })
    const response = await staffRequest(client, 'post', '/staff/login').form({
      email: member.email,
      password: 'some password 123',
    })
    response.assertStatus(302)
    response.assertFlashMessage('error', 'Wrong email or password')
  })

  test('5 failures per email+IP in 15 minutes, then 429 (localized), even with the right password', async ({
    client,
    assert,
  }) => {
    const member = await createStaff({ role: 'moderator' })
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await staffRequest(client, 'post', '/staff/login').form({
        email: member.email,
        password: `wrong ${attempt}`,
      })
      response.assertStatus(302)
    }
    const blocked = await staffRequest(client, 'post', '/staff/login')
      .header('Accept-Language', 'ru')
      .form({ email: member.email, password: STAFF_PASSWORD })
    blocked.assertStatus(429)
    assert.include(blocked.text(), 'Слишком много попыток')
    assert.isAbove(Number(blocked.header('retry-after')), 0)
    const [blockedRow] = await auditRows('staff.login_blocked')
    assert.equal(blockedRow.changes.email, member.email)
    await member.refresh()
    assert.isNull(member.lastSignInAt)

    // Another account from the same IP is not blocked.
    const other = await createStaff({ role: 'moderator' })
    const ok = await staffRequest(client, 'post', '/staff/login').form({
      email: other.email,
      password: STAFF_PASSWORD,
    })
    ok.assertStatus(302)
    ok.assertHeader('location', '/staff')
  })

  test('many addresses guessing one account: 20 failures, then blocked before any hash', async ({
    client,
    assert,
    cleanup,
  }) => {
    const member = await createStaff({ role: 'moderator' })
    for (let attempt = 0; attempt < 20; attempt++) {
      const response = await loginFrom(client, `203.0.113.${attempt + 1}`, member.email, 'wrong')
      response.assertStatus(302)
    }
    const checks = countPasswordChecks(cleanup)
    const blocked = await loginFrom(client, '198.51.100.99', member.email, STAFF_PASSWORD)
    blocked.assertStatus(429)
    assert.isAbove(Number(blocked.header('retry-after')), 0)
    assert.equal(checks.calls, 0, 'no password hash for a refused try')
    await member.refresh()
    assert.isNull(member.lastSignInAt)

    // Other accounts are not affected.
    const other = await createStaff({ role: 'moderator' })
    const ok = await loginFrom(client, '198.51.100.99', other.email, STAFF_PASSWORD)
    ok.assertHeader('location', '/staff')
    assert.equal(checks.calls, 1)
  })

  test('one address trying many accounts: 30 failures, then blocked before any hash', async ({
    client,
    assert,
    cleanup,
  }) => {
    const ip = '198.51.100.42'
    for (let attempt = 0; attempt < 30; attempt++) {
      const response = await loginFrom(client, ip, `guess${attempt}@staff.test`, 'Summer2026!')
      response.assertStatus(302)
    }
    const member = await createStaff({ role: 'moderator' })
    const checks = countPasswordChecks(cleanup)
    const blocked = await loginFrom(client, ip, member.email, STAFF_PASSWORD)
    blocked.assertStatus(429)
    assert.equal(checks.calls, 0, 'no password hash for a refused try')

    // The same account from another address signs in.
    const ok = await loginFrom(client, '198.51.100.43', member.email, STAFF_PASSWORD)
    ok.assertHeader('location', '/staff')
    assert.equal(checks.calls, 1)
  })

  test('a blocked email+IP costs no hash either', async ({ client, assert, cleanup }) => {
    const member = await createStaff({ role: 'moderator' })
    for (let attempt = 0; attempt < 5; attempt++) {
      await loginFrom(client, '192.0.2.7', member.email, 'wrong')
    }
    const checks = countPasswordChecks(cleanup)
    const blocked = await loginFrom(client, '192.0.2.7', member.email, STAFF_PASSWORD)
    blocked.assertStatus(429)
    assert.equal(checks.calls, 0)
  })

  test('a success resets the failure counter', async ({ client }) => {
    const member = await createStaff({ role: 'moderator' })
    for (let attempt = 0; attempt < 4; attempt++) {
      await staffRequest(client, 'post', '/staff/login').form({
        email: member.email,
        password: 'wrong',
      })
    }
    const ok = await staffRequest(client, 'post', '/staff/login').form({
      email: member.email,
      password: STAFF_PASSWORD,
    })
    ok.assertHeader('location', '/staff')
    for (let attempt = 0; attempt < 4; attempt++) {
      await staffRequest(client, 'post', '/staff/login').form({
        email: member.email,
        password: 'wrong',
      })
    }
    const again = await staffRequest(client, 'post', '/staff/login').form({
      email: member.email,
      password: STAFF_PASSWORD,
    })
    again.assertHeader('location', '/staff')
  })

  test('a signed-in member visiting /staff/login goes to the dashboard', async ({ client }) => {
    const member = await createStaff({ role: 'observer' })
    const response = await staffRequest(client, 'get', '/staff/login', member)
    response.assertStatus(302)
    response.assertHeader('location', '/staff')
  })

  test('staff pages send visitors to the login page', async ({ client }) => {
    const response = await staffRequest(client, 'get', '/staff/members')
    response.assertStatus(302)
    response.assertHeader('location', '/staff/login')
  })

  test('sign-out is a POST that ends the session and is audited', async ({ client, assert }) => {
    const member = await createStaff({ role: 'observer' })
    const response = await staffRequest(client, 'post', '/staff/logout', member)
    response.assertStatus(302)
    response.assertHeader('location', '/staff/login')
    assert.isUndefined(response.session('auth_staff'))
    assert.lengthOf(await auditRows('staff.logout', { type: 'staff_user', id: member.id }), 1)
  })

  test('a member deactivated while signed in is signed out on the next request', async ({
    client,
  }) => {
    const member = await createStaff({ role: 'moderator' })
    await db.from('staff_users').where('id', member.id).update({ active: false })
    const stale = await StaffUser.findOrFail(member.id)
    const response = await staffRequest(client, 'get', '/staff', stale)
    response.assertStatus(302)
    response.assertHeader('location', '/staff/login')
  })

  test('the sign-in form is CSRF-protected', async ({ client, assert }) => {
    const member = await createStaff({ role: 'moderator' })
    const response = await client
      .post('/staff/login')
      .form({ email: member.email, password: STAFF_PASSWORD })
      .redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage('errorsBag')
    assert.notEqual(response.header('location'), '/staff')
    await member.refresh()
    assert.isNull(member.lastSignInAt)
  })
})
