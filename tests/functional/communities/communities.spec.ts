import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Community from '#communities/models/community'
import { ancestorsOf, descendantsOf, districtsOf, isWithin } from '#communities/community_tree'
import {
  auditRows,
  createCityTree,
  createCommunity,
  createStaff,
  staffRequest,
  unique,
} from '#tests/helpers/staff'

async function communityCount() {
  const [{ total }] = await db.from('communities').count('* as total')
  return Number(total)
}

test.group('Communities: CRUD and hierarchy', () => {
  test('creates a community under a parent (audited)', async ({ client, assert }) => {
    const admin = await createStaff({ role: 'admin' })
    const { districtA } = await createCityTree()
    const code = unique('NEW-')
    const response = await staffRequest(client, 'post', '/staff/communities', admin).json({
      code,
      name: 'New village',
      kind: 'village',
      parentId: districtA.id,
      population: 1234,
    })
    response.assertStatus(302)
    response.assertHeader('location', '/staff/communities')
    response.assertFlashMessage('success', 'New village was added')
    const created = await Community.findByOrFail('code', code)
    assert.equal(created.parentId, districtA.id)
    assert.equal(created.population, 1234)
    const [row] = await auditRows('community.created', { type: 'community', id: created.id })
    assert.equal(row.actor_id, admin.id)
    assert.equal(row.changes.after.code, code)
  })

  test('bad input: field errors, nothing created', async ({ client, assert }) => {
    const admin = await createStaff({ role: 'admin' })
    const before = await communityCount()
    const response = await staffRequest(client, 'post', '/staff/communities', admin).json({
      code: 'has spaces!',
      name: '',
      kind: 'planet',
      population: -5,
    })
    response.assertStatus(302)
    for (const field of ['code', 'name', 'kind', 'population'])
      response.assertHasValidationError(field)
    assert.equal(await communityCount(), before)

    const json = await staffRequest(client, 'post', '/staff/communities', admin)
      .header('Accept', 'application/json')
      .json({ code: '', name: 'x', kind: 'city', population: 1.5 })
    json.assertStatus(422)
    assert.equal(await communityCount(), before)
  })

  test('a duplicate code (any case) and an unknown parent are field errors', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const existing = await createCommunity({ kind: 'city' })
    const before = await communityCount()
    const dup = await staffRequest(client, 'post', '/staff/communities', admin).json({
      code: existing.code.toLowerCase(),
      name: 'Copy',
      kind: 'city',
      population: 1,
    })
    dup.assertValidationError('code', 'This code is already used by another community')
    const orphan = await staffRequest(client, 'post', '/staff/communities', admin).json({
      code: unique('ORP-'),
      name: 'Orphan',
      kind: 'city',
      parentId: 999999,
      population: 1,
    })
    orphan.assertValidationError('parentId', 'This parent community does not exist')
    assert.equal(await communityCount(), before)
  })

  test('edits and moves a community (audited as updated / moved)', async ({ client, assert }) => {
    const admin = await createStaff({ role: 'admin' })
    const { districtA, districtB, villageA } = await createCityTree()
    const edit = await staffRequest(
      client,
      'get',
      `/staff/communities/${villageA.id}/edit`,
      admin
    ).withInertia()
    edit.assertStatus(200)
    edit.assertInertiaComponent('staff/communities/edit')
    assert.notInclude(
      edit.inertiaProps.parents.map((p: { id: number }) => p.id),
      villageA.id
    )

    const renamed = await staffRequest(
      client,
      'put',
      `/staff/communities/${villageA.id}`,
      admin
    ).json({
      code: villageA.code,
      name: 'Renamed village',
      kind: 'village',
      parentId: districtA.id,
      population: 800,
    })
    renamed.assertStatus(302)
    await villageA.refresh()
    assert.equal(villageA.name, 'Renamed village')
    const [updated] = await auditRows('community.updated', { type: 'community', id: villageA.id })
    assert.equal(updated.changes.before.population, 500)
    assert.equal(updated.changes.after.population, 800)

    const moved = await staffRequest(
      client,
      'put',
      `/staff/communities/${villageA.id}`,
      admin
    ).json({
      code: villageA.code,
      name: villageA.name,
      kind: 'village',
      parentId: districtB.id,
      population: 800,
    })
    moved.assertStatus(302)
    await villageA.refresh()
    assert.equal(villageA.parentId, districtB.id)
    const [movedRow] = await auditRows('community.moved', { type: 'community', id: villageA.id })
    assert.equal(movedRow.changes.before.parentId, districtA.id)
    assert.equal(movedRow.changes.after.parentId, districtB.id)
  })

  test('moving a community under itself or its descendant is refused (no cycles)', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const { region, city, districtA, villageA } = await createCityTree()
    for (const parentId of [city.id, districtA.id, villageA.id]) {
      const response = await staffRequest(
        client,
        'put',
        `/staff/communities/${city.id}`,
        admin
      ).json({
        code: city.code,
        name: city.name,
        kind: 'city',
        parentId,
        population: city.population,
      })
      response.assertStatus(302)
      response.assertValidationError(
        'parentId',
        'A community cannot be moved inside itself or one of its own parts'
      )
    }
    await city.refresh()
    assert.equal(city.parentId, region.id)
  })

  test('deletes a leaf; refuses one with children or one still referenced', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const { districtA, villageA, villageB } = await createCityTree()

    const withChildren = await staffRequest(
      client,
      'delete',
      `/staff/communities/${districtA.id}`,
      admin
    )
    withChildren.assertStatus(302)
    withChildren.assertFlashMessage(
      'error',
      `${districtA.name} cannot be deleted: it contains other communities`
    )
    assert.isNotNull(await Community.find(districtA.id))

    await createStaff({ role: 'observer', communityId: villageB.id })
    const referenced = await staffRequest(
      client,
      'delete',
      `/staff/communities/${villageB.id}`,
      admin
    )
    referenced.assertFlashMessage(
      'error',
      `${villageB.name} cannot be deleted: it is still used (staff_roles)`
    )
    assert.isNotNull(await Community.find(villageB.id))

    const leaf = await staffRequest(client, 'delete', `/staff/communities/${villageA.id}`, admin)
    leaf.assertFlashMessage('success', `${villageA.name} was deleted`)
    assert.isNull(await Community.find(villageA.id))
    const [row] = await auditRows('community.deleted', { type: 'community', id: villageA.id })
    assert.equal(row.changes.before.code, villageA.code)
  })

  test('the list shows the tree with populations and the sum over children', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const { city, districtA, villageA } = await createCityTree()
    const response = await staffRequest(client, 'get', '/staff/communities', admin).withInertia()
    response.assertInertiaComponent('staff/communities/index')
    const rows = response.inertiaProps.communities as {
      id: number
      depth: number
      population: number
      childrenPopulation: number
    }[]
    const cityRow = rows.find((row) => row.id === city.id)!
    assert.equal(cityRow.childrenPopulation, 50000)
    const ids = rows.map((row) => row.id)
    assert.isBelow(ids.indexOf(districtA.id), ids.indexOf(villageA.id))
    assert.equal(rows.find((row) => row.id === villageA.id)!.depth, cityRow.depth + 2)

    const search = await staffRequest(
      client,
      'get',
      `/staff/communities?search=${villageA.code}`,
      admin
    ).withInertia()
    assert.deepEqual(
      search.inertiaProps.communities.map((row: { id: number }) => row.id),
      [villageA.id]
    )
    const html = await staffRequest(client, 'get', '/staff/communities', admin).header(
      'Accept-Language',
      'ru'
    )
    assert.include(html.text(), 'Сумма по вложенным')
  })

  test('a scoped admin sees the whole tree but may manage only their subtree', async ({
    client,
    assert,
  }) => {
    const { districtA, districtB, villageA } = await createCityTree()
    const adminA = await createStaff({ role: 'admin', communityId: districtA.id })
    const response = await staffRequest(client, 'get', '/staff/communities', adminA).withInertia()
    const rows = response.inertiaProps.communities as { id: number; canManage: boolean }[]
    assert.isTrue(rows.find((row) => row.id === villageA.id)!.canManage)
    assert.isFalse(rows.find((row) => row.id === districtB.id)!.canManage)
    assert.isFalse(response.inertiaProps.can.import)
  })

  test('community_tree helpers: descendants, ancestors, districts', async ({ assert }) => {
    const { region, city, districtA, districtB, villageA, villageB } = await createCityTree()
    const down = await descendantsOf(city.id)
    assert.deepEqual(
      down.map((node) => node.id).sort(),
      [city.id, districtA.id, districtB.id, villageA.id, villageB.id].sort()
    )
    const up = await ancestorsOf(villageA.id)
    assert.deepEqual(
      up.map((node) => node.id),
      [villageA.id, districtA.id, city.id, region.id]
    )
    const strict = await ancestorsOf(villageA.id, { includeSelf: false })
    assert.deepEqual(
      strict.map((node) => node.id),
      [districtA.id, city.id, region.id]
    )
    const districts = await districtsOf(city.id)
    assert.sameMembers(
      districts.map((node) => node.id),
      [districtA.id, districtB.id]
    )
    assert.isTrue(await isWithin(villageA.id, city.id))
    assert.isFalse(await isWithin(villageA.id, districtB.id))
  })

  test('community forms are CSRF-protected', async ({ client, assert }) => {
    const admin = await createStaff({ role: 'admin' })
    const { villageA } = await createCityTree()
    const before = await communityCount()
    const create = await client
      .post('/staff/communities')
      .withGuard('staff')
      .loginAs(admin)
      .json({ code: unique('CSRF-'), name: 'No token', kind: 'village', population: 1 })
      .redirects(0)
    create.assertStatus(302)
    create.assertFlashMessage('errorsBag')
    assert.equal(await communityCount(), before)

    const remove = await client
      .delete(`/staff/communities/${villageA.id}`)
      .withGuard('staff')
      .loginAs(admin)
      .redirects(0)
    assert.notEqual(remove.status(), 200)
    assert.isNotNull(await Community.find(villageA.id))

    const invite = await client
      .post('/staff/members')
      .withGuard('staff')
      .loginAs(admin)
      .json({ email: 'csrf@staff.test', fullName: 'No Token', role: 'expert' })
      .redirects(0)
    invite.assertFlashMessage('errorsBag')
    const [{ total }] = await db
      .from('staff_users')
      .where('email', 'csrf@staff.test')
      .count('* as total')
    assert.equal(Number(total), 0)
  })
})
