import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import StaffUser from '#identity/models/staff_user'
import { logMailGateway } from '#identity/mail/mail_gateway'
import { auditRows, createCityTree, createStaff, staffRequest, unique } from '#tests/helpers/staff'

function tokenFromOutbox(email: string): string {
  const message = [...logMailGateway.outbox].reverse().find((m) => m.to === email)
  const match = message?.text.match(/\/staff\/invitations\/([A-Za-z0-9_-]+)/)
  if (!match) throw new Error(`no invitation mailed to ${email}`)
  return match[1]
}

test.group('Staff invitations', () => {
  test('an admin invites a member: pending account, hashed token, link shown and mailed', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const { districtA } = await createCityTree()
    const email = `${unique('new')}@Staff.test`
    const response = await staffRequest(client, 'post', '/staff/members', admin).json({
      email,
      fullName: 'Nina Petrova',
      role: 'moderator',
      communityId: districtA.id,
    })
    response.assertStatus(302)
    const member = await StaffUser.findByOrFail('email', email.toLowerCase())
    response.assertHeader('location', `/staff/members/${member.id}`)
    assert.isFalse(member.active)
    assert.isNull(member.password)
    assert.isNotNull(member.inviteTokenHash)
    const days = member.inviteExpiresAt!.diffNow('days').days
    assert.isAbove(days, 6.9)
    assert.isBelow(days, 7.01)

    const token = tokenFromOutbox(member.email)
    assert.notEqual(member.inviteTokenHash, token)
    assert.include(String(response.flashMessage('inviteUrl')), `/staff/invitations/${token}`)

    const grants = await db.from('staff_roles').where('staff_user_id', member.id)
    assert.deepEqual(
      grants.map((g) => [g.role, g.community_id]),
      [['moderator', districtA.id]]
    )
    const [row] = await auditRows('staff.invited', { type: 'staff_user', id: member.id })
    assert.equal(row.actor_id, admin.id)
    assert.equal(row.changes.after.role, 'moderator')
    assert.notInclude(JSON.stringify(row.changes), token)
  })

  test('invite form errors: bad email, short name, unknown role, taken email', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const bad = await staffRequest(client, 'post', '/staff/members', admin).json({
      email: 'not-an-email',
      fullName: 'X',
      role: 'king',
    })
    bad.assertStatus(302)
    bad.assertHasValidationError('email')
    bad.assertHasValidationError('fullName')
    bad.assertHasValidationError('role')

    const taken = await staffRequest(client, 'post', '/staff/members', admin).json({
      email: admin.email,
      fullName: 'Someone Else',
      role: 'expert',
    })
    taken.assertStatus(302)
    taken.assertValidationError('email', 'A staff member with this email already exists')
    const [{ total }] = await db.from('staff_users').where('email', admin.email).count('* as total')
    assert.equal(Number(total), 1)
  })

  test('the invitee sets a password, the account activates and they are signed in', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const email = `${unique('inv')}@staff.test`
    await staffRequest(client, 'post', '/staff/members', admin).json({
      email,
      fullName: 'Oleg Invitee',
      role: 'expert',
    })
    const token = tokenFromOutbox(email)

    const page = await client.get(`/staff/invitations/${token}`)
    page.assertStatus(200)
    assert.include(page.text(), 'Oleg Invitee')

    const short = await staffRequest(client, 'post', `/staff/invitations/${token}`).form({
      password: 'short',
      passwordConfirmation: 'short',
    })
    short.assertStatus(302)
    short.assertHasValidationError('password')

    const mismatch = await staffRequest(client, 'post', `/staff/invitations/${token}`).form({
      password: 'long enough password',
      passwordConfirmation: 'another password!!',
    })
    mismatch.assertStatus(302)
    mismatch.assertHasValidationError('password')
    let member = await StaffUser.findByOrFail('email', email)
    assert.isFalse(member.active)

    const ok = await staffRequest(client, 'post', `/staff/invitations/${token}`).form({
      password: 'long enough password',
      passwordConfirmation: 'long enough password',
    })
    ok.assertStatus(302)
    ok.assertHeader('location', '/staff')
    assert.equal(ok.session('auth_staff'), member.id)
    member = await StaffUser.findByOrFail('email', email)
    assert.isTrue(member.active)
    assert.isNull(member.inviteTokenHash)
    assert.notEqual(member.password, 'long enough password')
    assert.lengthOf(
      await auditRows('staff.invitation_accepted', { type: 'staff_user', id: member.id }),
      1
    )

    const login = await staffRequest(client, 'post', '/staff/login').form({
      email,
      password: 'long enough password',
    })
    login.assertHeader('location', '/staff')

    // The token is single-use.
    const reused = await staffRequest(client, 'post', `/staff/invitations/${token}`).form({
      password: 'another long password',
      passwordConfirmation: 'another long password',
    })
    reused.assertStatus(404)
    assert.include(reused.text(), 'not valid or was already used')
    const reopened = await client.get(`/staff/invitations/${token}`)
    reopened.assertStatus(404)
  })

  test('an expired invitation is refused (410) and a new link can be issued', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const email = `${unique('exp')}@staff.test`
    await staffRequest(client, 'post', '/staff/members', admin).json({
      email,
      fullName: 'Late Invitee',
      role: 'observer',
    })
    const token = tokenFromOutbox(email)
    await db
      .from('staff_users')
      .where('email', email)
      .update({ invite_expires_at: new Date(Date.now() - 60_000) })

    const page = await client.get(`/staff/invitations/${token}`).header('Accept-Language', 'ru')
    page.assertStatus(410)
    assert.include(page.text(), 'Срок действия приглашения истёк')
    const post = await staffRequest(client, 'post', `/staff/invitations/${token}`).form({
      password: 'long enough password',
      passwordConfirmation: 'long enough password',
    })
    post.assertStatus(410)
    const member = await StaffUser.findByOrFail('email', email)
    assert.isNull(member.password)

    const renew = await staffRequest(
      client,
      'post',
      `/staff/members/${member.id}/invitation`,
      admin
    )
    renew.assertStatus(302)
    const fresh = tokenFromOutbox(email)
    assert.notEqual(fresh, token)
    const reopened = await client.get(`/staff/invitations/${fresh}`)
    reopened.assertStatus(200)
    assert.lengthOf(
      await auditRows('staff.invitation_renewed', { type: 'staff_user', id: member.id }),
      1
    )
  })

  test('an admin cancels a pending invitation: audited, the link stops working', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const email = `${unique('cancel')}@staff.test`
    await staffRequest(client, 'post', '/staff/members', admin).json({
      email,
      fullName: 'Withdrawn Invitee',
      role: 'observer',
    })
    const token = tokenFromOutbox(email)
    const member = await StaffUser.findByOrFail('email', email)

    const shown = await staffRequest(client, 'get', `/staff/members/${member.id}`, admin)
      .withInertia()
      .redirects(1)
    assert.isTrue(shown.inertiaProps.member.invitationOpen)
    assert.isTrue(shown.inertiaProps.canManageInvitation)

    const cancelled = await staffRequest(
      client,
      'delete',
      `/staff/members/${member.id}/invitation`,
      admin
    ).header('Accept-Language', 'uk')
    cancelled.assertStatus(302)
    cancelled.assertHeader('location', `/staff/members/${member.id}`)
    cancelled.assertFlashMessage('success', 'Запрошення скасовано: посилання більше не працює')
    const [row] = await auditRows('staff.invitation_cancelled', {
      type: 'staff_user',
      id: member.id,
    })
    assert.equal(row.actor_id, admin.id)
    assert.notInclude(JSON.stringify(row.changes), token)

    const page = await client.get(`/staff/invitations/${token}`)
    page.assertStatus(404)
    const accept = await staffRequest(client, 'post', `/staff/invitations/${token}`).form({
      password: 'long enough password',
      passwordConfirmation: 'long enough password',
    })
    accept.assertStatus(404)
    await member.refresh()
    assert.isNull(member.password)
    assert.isFalse(member.active)

    const again = await staffRequest(
      client,
      'delete',
      `/staff/members/${member.id}/invitation`,
      admin
    )
    again.assertFlashMessage('error', 'There is no open invitation to cancel')

    // Invited again later: a new link works.
    await staffRequest(client, 'post', `/staff/members/${member.id}/invitation`, admin)
    const fresh = tokenFromOutbox(email)
    assert.notEqual(fresh, token)
    const reopened = await client.get(`/staff/invitations/${fresh}`)
    reopened.assertStatus(200)

    // An accepted invitation cannot be cancelled.
    const active = await createStaff({ role: 'observer' })
    const accepted = await staffRequest(
      client,
      'delete',
      `/staff/members/${active.id}/invitation`,
      admin
    )
    accepted.assertFlashMessage('error', 'The member has already accepted the invitation')
  })

  test('only admins of the member’s communities re-issue or cancel its invitation', async ({
    client,
    assert,
  }) => {
    const { districtA, districtB } = await createCityTree()
    const adminA = await createStaff({ role: 'admin', communityId: districtA.id })
    const pending = { password: null, active: false } as const
    const ungranted = await createStaff({ role: null, ...pending })
    const inB = await createStaff({ role: 'moderator', communityId: districtB.id, ...pending })
    const inA = await createStaff({ role: 'moderator', communityId: districtA.id, ...pending })
    const before = await StaffUser.findOrFail(ungranted.id)

    for (const member of [ungranted, inB]) {
      const resend = await staffRequest(
        client,
        'post',
        `/staff/members/${member.id}/invitation`,
        adminA
      )
      resend.assertStatus(403)
      const cancel = await staffRequest(
        client,
        'delete',
        `/staff/members/${member.id}/invitation`,
        adminA
      )
      cancel.assertStatus(403)
    }
    await ungranted.refresh()
    assert.equal(ungranted.inviteTokenHash, before.inviteTokenHash)
    assert.lengthOf(
      await auditRows('staff.invitation_renewed', { type: 'staff_user', id: ungranted.id }),
      0
    )

    // The member without grants is still visible to the scoped admin, without the buttons.
    const shown = await staffRequest(client, 'get', `/staff/members/${ungranted.id}`, adminA)
      .withInertia()
      .redirects(1)
    shown.assertStatus(200)
    assert.isFalse(shown.inertiaProps.canManageInvitation)

    const own = await staffRequest(client, 'post', `/staff/members/${inA.id}/invitation`, adminA)
    own.assertStatus(302)
    own.assertFlashMessage('success', 'A new invitation link was created')
    const unscoped = await createStaff({ role: 'admin' })
    const byUnscoped = await staffRequest(
      client,
      'post',
      `/staff/members/${ungranted.id}/invitation`,
      unscoped
    )
    byUnscoped.assertFlashMessage('success', 'A new invitation link was created')
  })

  test('a garbage token is a 404', async ({ client }) => {
    const response = await client.get('/staff/invitations/not-a-real-token-at-all-123')
    response.assertStatus(404)
  })
})
