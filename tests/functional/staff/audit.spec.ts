import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { audit } from '#shared/audit'
import deploymentConfig from '#config/deployment'
import { logMailGateway } from '#identity/mail/mail_gateway'
import { auditRows, createStaff, staffRequest, unique } from '#tests/helpers/staff'

test.group('Audit log', () => {
  test('audit.record writes actor, subject, changes and ip, and redacts secrets', async ({
    assert,
  }) => {
    const action = `test.${unique('a')}`
    await audit.record(
      { type: 'system', id: null, ip: '10.0.0.1' },
      action,
      { type: 'thing', id: 7 },
      {
        before: { name: 'old', password: 'hunter2' },
        after: { name: 'new', nested: { inviteToken: 'abc' } },
      }
    )
    const [row] = await auditRows(action)
    assert.equal(row.actor_type, 'system')
    assert.equal(row.subject_type, 'thing')
    assert.equal(row.subject_id, '7')
    assert.equal(row.ip, '10.0.0.1')
    assert.deepEqual(row.changes, {
      before: { name: 'old', password: '[redacted]' },
      after: { name: 'new', nested: { inviteToken: '[redacted]' } },
    })
  })

  test('a row recorded inside a rolled-back transaction disappears with it', async ({ assert }) => {
    const action = `test.${unique('rb')}`
    await db
      .transaction(async (trx) => {
        await audit.record({ type: 'system', id: null }, action, null, null, { client: trx })
        throw new Error('roll back')
      })
      .catch(() => {})
    assert.lengthOf(await auditRows(action), 0)
  })

  test('admins read the log with filters in the query string and pagination', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const other = await createStaff({ role: 'admin' })
    const action = `test.${unique('f')}`
    for (let i = 0; i < 55; i++) {
      await audit.record(
        { type: 'staff', id: admin.id },
        action,
        { type: 'thing', id: i },
        { after: { i } }
      )
    }
    await audit.record({ type: 'staff', id: other.id }, action, { type: 'thing', id: 1 }, null)

    const first = await staffRequest(
      client,
      'get',
      `/staff/audit?action=${action}&actor=${admin.id}`,
      admin
    ).withInertia()
    first.assertStatus(200)
    first.assertInertiaComponent('staff/audit/index')
    assert.equal(first.inertiaProps.meta.total, 55)
    assert.equal(first.inertiaProps.meta.lastPage, 2)
    assert.lengthOf(first.inertiaProps.entries, 50)
    assert.equal(first.inertiaProps.filters.action, action)
    assert.include(first.inertiaProps.entries[0].actor, admin.email)

    const second = await staffRequest(
      client,
      'get',
      `/staff/audit?action=${action}&actor=${admin.id}&page=2`,
      admin
    ).withInertia()
    assert.lengthOf(second.inertiaProps.entries, 5)

    const bySubject = await staffRequest(
      client,
      'get',
      `/staff/audit?action=${action}&subjectType=thing&subjectId=1`,
      admin
    ).withInertia()
    assert.equal(bySubject.inertiaProps.meta.total, 2)

    const today = new Date().toISOString().slice(0, 10)
    const inRange = await staffRequest(
      client,
      'get',
      `/staff/audit?action=${action}&from=${today}&to=${today}`,
      admin
    ).withInertia()
    assert.equal(inRange.inertiaProps.meta.total, 56)
    const past = await staffRequest(
      client,
      'get',
      `/staff/audit?action=${action}&to=2020-01-01`,
      admin
    ).withInertia()
    assert.equal(past.inertiaProps.meta.total, 0)

    const bad = await staffRequest(client, 'get', '/staff/audit?from=yesterday', admin)
    bad.assertStatus(302)
    bad.assertHasValidationError('from')

    const html = await staffRequest(client, 'get', `/staff/audit?action=${action}`, admin).header(
      'Accept-Language',
      'ru'
    )
    html.assertStatus(200)
    assert.include(html.text(), 'Журнал действий')
  })

  test('the date filter counts the city’s days (CITY_TIME_ZONE)', async ({ assert, client }) => {
    const admin = await createStaff({ role: 'admin' })
    const action = `test.${unique('zone')}`
    await audit.record({ type: 'system', id: null }, action, null)
    // 22:30 UTC on 15 June is 01:30 on 16 June in Moscow.
    await db
      .from('audit_logs')
      .where('action', action)
      .update({ created_at: '2026-06-15T22:30:00Z' })
    const total = async (day: string) => {
      const page = await staffRequest(
        client,
        'get',
        `/staff/audit?action=${action}&from=${day}&to=${day}`,
        admin
      ).withInertia()
      return page.inertiaProps.meta.total
    }
    const before = deploymentConfig.timeZone
    try {
      deploymentConfig.timeZone = 'Europe/Moscow'
      assert.deepEqual([await total('2026-06-15'), await total('2026-06-16')], [0, 1])
      deploymentConfig.timeZone = 'UTC'
      assert.deepEqual([await total('2026-06-15'), await total('2026-06-16')], [1, 0])
    } finally {
      deploymentConfig.timeZone = before
    }
  })
})

test.group('Staff outbox (development)', () => {
  test('keeps the shared translations: its mails are `mails`, not `messages`', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    await logMailGateway.send({
      to: 'new@example.org',
      subject: 'Invitation',
      text: 'Open the link',
    })
    const page = await staffRequest(client, 'get', '/staff/outbox', admin)
      .header('Accept-Language', 'ru')
      .withInertia()
    page.assertStatus(200)
    const { messages, mails } = page.inertiaProps as {
      messages: Record<string, string>
      mails: { to: string; subject: string }[]
    }
    assert.equal(messages['ui.staff.outbox.title'], 'Исходящие письма (разработка)')
    assert.deepInclude(mails[0], { to: 'new@example.org', subject: 'Invitation' })
  })

  test('actors other than staff members are named in the reader’s language', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const action = `test.${unique('a')}`
    await audit.record({ type: 'system', id: null }, action, null, null)
    await audit.record({ type: 'anonymous', id: null, ip: '127.0.0.1' }, action, null, null)
    const page = await staffRequest(client, 'get', `/staff/audit?action=${action}`, admin)
      .header('Accept-Language', 'uk')
      .withInertia()
    page.assertStatus(200)
    const actors = (page.inertiaProps.entries as { actor: string }[]).map((entry) => entry.actor)
    assert.sameMembers(actors, ['Система', 'Анонімний відвідувач'])
  })
})
