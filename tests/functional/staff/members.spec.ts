import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import StaffUser from '#identity/models/staff_user'
import { auditRows, createCityTree, createStaff, staffRequest } from '#tests/helpers/staff'

async function grantsOf(memberId: number) {
  const rows = await db.from('staff_roles').where('staff_user_id', memberId).orderBy('id')
  return rows.map((row) => ({ id: Number(row.id), role: row.role, communityId: row.community_id }))
}

test.group('Staff members: grants and activation', () => {
  test('an admin adds and removes a scoped grant (audited)', async ({ client, assert }) => {
    const admin = await createStaff({ role: 'admin' })
    const { districtA } = await createCityTree()
    const member = await createStaff({ role: 'moderator' })

    const add = await staffRequest(client, 'post', `/staff/members/${member.id}/roles`, admin).json(
      {
        role: 'expert',
        communityId: districtA.id,
      }
    )
    add.assertStatus(302)
    add.assertFlashMessage('success', 'Role added')
    const memberGrants = await grantsOf(member.id)
    const grant = memberGrants.find((g) => g.role === 'expert')!
    assert.equal(grant.communityId, districtA.id)
    const [granted] = await auditRows('staff.role_granted', { type: 'staff_user', id: member.id })
    assert.deepEqual(granted.changes.after, {
      grantId: grant.id,
      role: 'expert',
      communityId: districtA.id,
    })

    const duplicate = await staffRequest(
      client,
      'post',
      `/staff/members/${member.id}/roles`,
      admin
    ).json({
      role: 'expert',
      communityId: districtA.id,
    })
    duplicate.assertStatus(302)
    duplicate.assertValidationError('role', 'The member already has this role here')
    assert.lengthOf(await grantsOf(member.id), 2)

    const remove = await staffRequest(
      client,
      'delete',
      `/staff/members/${member.id}/roles/${grant.id}`,
      admin
    )
    remove.assertStatus(302)
    remove.assertFlashMessage('success', 'Role removed')
    const left = await grantsOf(member.id)
    assert.deepEqual(
      left.map((g) => g.role),
      ['moderator']
    )
    assert.lengthOf(await auditRows('staff.role_revoked', { type: 'staff_user', id: member.id }), 1)
  })

  test('an admin cannot remove their own last admin grant', async ({ client, assert }) => {
    const admin = await createStaff({ role: 'admin' })
    const [grant] = await grantsOf(admin.id)
    const response = await staffRequest(
      client,
      'delete',
      `/staff/members/${admin.id}/roles/${grant.id}`,
      admin
    )
    response.assertStatus(302)
    response.assertFlashMessage('error', 'You cannot remove your own last administrator role')
    assert.lengthOf(await grantsOf(admin.id), 1)
  })

  test('an admin with two admin grants may drop one of them', async ({ client, assert }) => {
    const { districtA } = await createCityTree()
    const admin = await createStaff({
      role: 'admin',
      grants: [{ role: 'admin', communityId: districtA.id }],
    })
    const adminGrants = await grantsOf(admin.id)
    const scoped = adminGrants.find((g) => g.communityId === districtA.id)!
    const response = await staffRequest(
      client,
      'delete',
      `/staff/members/${admin.id}/roles/${scoped.id}`,
      admin
    )
    response.assertFlashMessage('success', 'Role removed')
    assert.lengthOf(await grantsOf(admin.id), 1)
  })

  test('deactivate and reactivate a member (audited); a deactivated member cannot sign in', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const member = await createStaff({ role: 'observer' })
    const off = await staffRequest(client, 'post', `/staff/members/${member.id}/deactivate`, admin)
    off.assertStatus(302)
    off.assertFlashMessage('success', 'The member was deactivated')
    await member.refresh()
    assert.isFalse(member.active)
    const [row] = await auditRows('staff.deactivated', { type: 'staff_user', id: member.id })
    assert.deepEqual(row.changes, { before: { active: true }, after: { active: false } })

    const page = await staffRequest(client, 'get', '/staff', await StaffUser.findOrFail(member.id))
    page.assertHeader('location', '/staff/login')

    const on = await staffRequest(client, 'post', `/staff/members/${member.id}/reactivate`, admin)
    on.assertFlashMessage('success', 'The member was reactivated')
    await member.refresh()
    assert.isTrue(member.active)
    assert.lengthOf(await auditRows('staff.reactivated', { type: 'staff_user', id: member.id }), 1)
  })

  test('an admin cannot deactivate themselves', async ({ client, assert }) => {
    const admin = await createStaff({ role: 'admin' })
    const response = await staffRequest(
      client,
      'post',
      `/staff/members/${admin.id}/deactivate`,
      admin
    )
    response.assertFlashMessage('error', 'You cannot deactivate yourself')
    await admin.refresh()
    assert.isTrue(admin.active)
  })

  test('an admin scoped to district A manages A only', async ({ client, assert }) => {
    const { city, districtA, districtB, villageA } = await createCityTree()
    const adminA = await createStaff({ role: 'admin', communityId: districtA.id })
    const memberA = await createStaff({ role: 'moderator', communityId: villageA.id })
    const memberB = await createStaff({ role: 'moderator', communityId: districtB.id })

    const showA = await staffRequest(client, 'get', `/staff/members/${memberA.id}`, adminA)
    showA.assertStatus(200)
    const showB = await staffRequest(client, 'get', `/staff/members/${memberB.id}`, adminA)
    showB.assertStatus(403)

    const grantB = await staffRequest(
      client,
      'post',
      `/staff/members/${memberA.id}/roles`,
      adminA
    ).json({
      role: 'expert',
      communityId: districtB.id,
    })
    grantB.assertStatus(403)
    const grantCity = await staffRequest(
      client,
      'post',
      `/staff/members/${memberA.id}/roles`,
      adminA
    ).json({
      role: 'expert',
      communityId: city.id,
    })
    grantCity.assertStatus(403)
    const grantEverywhere = await staffRequest(
      client,
      'post',
      `/staff/members/${memberA.id}/roles`,
      adminA
    ).json({
      role: 'expert',
    })
    grantEverywhere.assertStatus(403)
    const grantA = await staffRequest(
      client,
      'post',
      `/staff/members/${memberA.id}/roles`,
      adminA
    ).json({
      role: 'expert',
      communityId: villageA.id,
    })
    grantA.assertStatus(302)
    assert.lengthOf(await grantsOf(memberA.id), 2)

    const inviteB = await staffRequest(client, 'post', '/staff/members', adminA).json({
      email: 'scoped-b@staff.test',
      fullName: 'Should Not Exist',
      role: 'moderator',
      communityId: districtB.id,
    })
    inviteB.assertStatus(403)
    assert.isNull(await StaffUser.findBy('email', 'scoped-b@staff.test'))

    const offB = await staffRequest(
      client,
      'post',
      `/staff/members/${memberB.id}/deactivate`,
      adminA
    )
    offB.assertStatus(403)
    await memberB.refresh()
    assert.isTrue(memberB.active)

    const list = await staffRequest(client, 'get', '/staff/members', adminA).withInertia()
    const ids = list.inertiaProps.members.map((m: { id: number }) => m.id)
    assert.include(ids, memberA.id)
    assert.notInclude(ids, memberB.id)
  })

  test('the member list searches by name or email (query string) and paginates', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const target = await createStaff({ role: 'expert', fullName: 'Zinaida Searchable' })
    const response = await staffRequest(
      client,
      'get',
      '/staff/members?search=zinaida',
      admin
    ).withInertia()
    response.assertInertiaComponent('staff/members/index')
    assert.deepEqual(
      response.inertiaProps.members.map((m: { id: number }) => m.id),
      [target.id]
    )
    assert.deepEqual(response.inertiaProps.members[0].roles, ['expert'])
    assert.equal(response.inertiaProps.members[0].status, 'active')
    assert.equal(response.inertiaProps.filters.search, 'zinaida')
    assert.equal(response.inertiaProps.meta.page, 1)
  })

  test("the dashboard lists the member's roles and only the screens they may use", async ({
    client,
    assert,
  }) => {
    const { districtA } = await createCityTree()
    const moderator = await createStaff({ role: 'moderator', communityId: districtA.id })
    const response = await staffRequest(client, 'get', '/staff', moderator).withInertia()
    response.assertInertiaComponent('staff/dashboard')
    assert.deepEqual(response.inertiaProps.can, {
      manageStaff: false,
      viewCommunities: false,
      viewAuditLog: false,
    })
    assert.equal(response.inertiaProps.grants[0].role, 'moderator')
    assert.include(response.inertiaProps.grants[0].community, districtA.code)
    const html = await staffRequest(client, 'get', '/staff', moderator).header(
      'Accept-Language',
      'uk'
    )
    assert.include(html.text(), 'Ваші ролі')
  })
})
