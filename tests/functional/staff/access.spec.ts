/*
| Role-scoped access to every staff route: for each route × role the expected
| status (200 page, 302 redirect after a write or to the login page, 403).
| "adminA" is an admin scoped to district A; targets in district B are
| outside their scope.
*/
import { test } from '@japa/runner'
import type StaffUser from '#identity/models/staff_user'
import type { StaffRole } from '#identity/roles'
import { grantsOfMember } from '#identity/staff/staff_scope'
import { createStaffApiToken } from '#identity/api_tokens/manage_staff_api_tokens'
import { makeTerminal } from '#tests/helpers/voting'
import {
  createCityTree,
  createCommunity,
  createStaff,
  staffRequest,
  unique,
} from '#tests/helpers/staff'

type Actor = 'admin' | 'adminA' | 'moderator' | 'expert' | 'observer' | 'terminal' | 'anonymous'
const ACTORS: Actor[] = [
  'admin',
  'adminA',
  'moderator',
  'expert',
  'observer',
  'terminal',
  'anonymous',
]

type Tree = Awaited<ReturnType<typeof createCityTree>>
interface Target {
  url: string
  body?: Record<string, unknown>
}
interface RouteCase {
  name: string
  method: 'get' | 'post' | 'put' | 'delete'
  /** builds fresh targets for each request (writes must not depend on earlier cases) */
  target: (tree: Tree) => Promise<Target>
  /** expected status per actor; anonymous always 302 (login page) */
  expect: Partial<Record<Actor, number>> & { others: number }
}

const member = async (communityId: number, role: StaffRole = 'moderator') =>
  createStaff({ role, communityId })
const memberUrl = async (communityId: number, suffix = '') => {
  const target = await member(communityId)
  return `/staff/members/${target.id}${suffix}`
}
const villageIn = async (parentId: number) => {
  const village = await createCommunity({ kind: 'village', parentId })
  return `/staff/communities/${village.id}`
}

const apiTokenId = async () => {
  const maker = await createStaff({ role: 'admin' })
  const made = await createStaffApiToken(
    { type: 'staff', id: maker.id },
    { name: 'Access test', scopes: ['read'], expiresInDays: 7 }
  )
  return made.token.id
}
const terminalId = async (communityId: number) => {
  const made = await makeTerminal(communityId)
  return made.terminal.id
}

const ROUTES: RouteCase[] = [
  {
    name: 'GET /staff',
    method: 'get',
    target: async () => ({ url: '/staff' }),
    expect: { others: 200 },
  },
  {
    name: 'GET /staff/members',
    method: 'get',
    target: async () => ({ url: '/staff/members' }),
    expect: { admin: 200, adminA: 200, others: 403 },
  },
  {
    name: 'GET /staff/members/create',
    method: 'get',
    target: async () => ({ url: '/staff/members/create' }),
    expect: { admin: 200, adminA: 200, others: 403 },
  },
  {
    name: 'POST /staff/members (scope A)',
    method: 'post',
    target: async (tree) => ({
      url: '/staff/members',
      body: {
        email: `${unique('acc')}@staff.test`,
        fullName: 'Access Test',
        role: 'expert',
        communityId: tree.villageA.id,
      },
    }),
    expect: { admin: 302, adminA: 302, others: 403 },
  },
  {
    name: 'POST /staff/members (scope B)',
    method: 'post',
    target: async (tree) => ({
      url: '/staff/members',
      body: {
        email: `${unique('acc')}@staff.test`,
        fullName: 'Access Test',
        role: 'expert',
        communityId: tree.districtB.id,
      },
    }),
    expect: { admin: 302, others: 403 },
  },
  {
    name: 'GET /staff/members/:id (in A)',
    method: 'get',
    target: async (tree) => ({ url: await memberUrl(tree.districtA.id) }),
    expect: { admin: 200, adminA: 200, others: 403 },
  },
  {
    name: 'GET /staff/members/:id (in B)',
    method: 'get',
    target: async (tree) => ({ url: await memberUrl(tree.districtB.id) }),
    expect: { admin: 200, others: 403 },
  },
  {
    name: 'POST /staff/members/:id/roles (in A)',
    method: 'post',
    target: async (tree) => ({
      url: await memberUrl(tree.districtA.id, '/roles'),
      body: { role: 'observer', communityId: tree.villageA.id },
    }),
    expect: { admin: 302, adminA: 302, others: 403 },
  },
  {
    name: 'POST /staff/members/:id/roles (in B)',
    method: 'post',
    target: async (tree) => ({
      url: await memberUrl(tree.districtB.id, '/roles'),
      body: { role: 'observer', communityId: tree.districtB.id },
    }),
    expect: { admin: 302, others: 403 },
  },
  {
    name: 'DELETE /staff/members/:id/roles/:grantId (in A)',
    method: 'delete',
    target: async (tree) => {
      const target = await createStaff({
        role: 'moderator',
        communityId: tree.districtA.id,
        grants: [{ role: 'expert', communityId: tree.villageA.id }],
      })
      const grants = await grantsOfMember(target.id)
      return { url: `/staff/members/${target.id}/roles/${grants[1].id}` }
    },
    expect: { admin: 302, adminA: 302, others: 403 },
  },
  {
    name: 'DELETE /staff/members/:id/roles/:grantId (in B)',
    method: 'delete',
    target: async (tree) => {
      const target = await member(tree.districtB.id)
      const grants = await grantsOfMember(target.id)
      return { url: `/staff/members/${target.id}/roles/${grants[0].id}` }
    },
    expect: { admin: 302, others: 403 },
  },
  {
    name: 'POST /staff/members/:id/deactivate (in A)',
    method: 'post',
    target: async (tree) => ({
      url: await memberUrl(tree.districtA.id, '/deactivate'),
    }),
    expect: { admin: 302, adminA: 302, others: 403 },
  },
  {
    name: 'POST /staff/members/:id/deactivate (in B)',
    method: 'post',
    target: async (tree) => ({
      url: await memberUrl(tree.districtB.id, '/deactivate'),
    }),
    expect: { admin: 302, others: 403 },
  },
  {
    name: 'POST /staff/members/:id/reactivate (in A)',
    method: 'post',
    target: async (tree) => {
      const target = await createStaff({
        role: 'expert',
        communityId: tree.districtA.id,
        active: false,
      })
      return { url: `/staff/members/${target.id}/reactivate` }
    },
    expect: { admin: 302, adminA: 302, others: 403 },
  },
  {
    name: 'POST /staff/members/:id/invitation (in A)',
    method: 'post',
    target: async (tree) => {
      const target = await createStaff({
        role: 'expert',
        communityId: tree.districtA.id,
        password: null,
        active: false,
      })
      return { url: `/staff/members/${target.id}/invitation` }
    },
    expect: { admin: 302, adminA: 302, others: 403 },
  },
  {
    name: 'POST /staff/members/:id/invitation (no grants: unscoped admins only)',
    method: 'post',
    target: async () => {
      const target = await createStaff({ role: null, password: null, active: false })
      return { url: `/staff/members/${target.id}/invitation` }
    },
    expect: { admin: 302, others: 403 },
  },
  {
    name: 'DELETE /staff/members/:id/invitation (in A)',
    method: 'delete',
    target: async (tree) => {
      const target = await createStaff({
        role: 'expert',
        communityId: tree.districtA.id,
        password: null,
        active: false,
      })
      return { url: `/staff/members/${target.id}/invitation` }
    },
    expect: { admin: 302, adminA: 302, others: 403 },
  },
  {
    name: 'DELETE /staff/members/:id/invitation (in B)',
    method: 'delete',
    target: async (tree) => {
      const target = await createStaff({
        role: 'expert',
        communityId: tree.districtB.id,
        password: null,
        active: false,
      })
      return { url: `/staff/members/${target.id}/invitation` }
    },
    expect: { admin: 302, others: 403 },
  },
  {
    name: 'DELETE /staff/members/:id/invitation (no grants: unscoped admins only)',
    method: 'delete',
    target: async () => {
      const target = await createStaff({ role: null, password: null, active: false })
      return { url: `/staff/members/${target.id}/invitation` }
    },
    expect: { admin: 302, others: 403 },
  },
  {
    name: 'GET /staff/audit',
    method: 'get',
    target: async () => ({ url: '/staff/audit' }),
    expect: { admin: 200, adminA: 200, others: 403 },
  },
  {
    name: 'GET /staff/outbox (development only)',
    method: 'get',
    target: async () => ({ url: '/staff/outbox' }),
    expect: { admin: 200, adminA: 200, others: 403 },
  },
  {
    name: 'GET /staff/communities',
    method: 'get',
    target: async () => ({ url: '/staff/communities' }),
    expect: { admin: 200, adminA: 200, others: 403 },
  },
  {
    name: 'GET /staff/communities/create',
    method: 'get',
    target: async () => ({ url: '/staff/communities/create' }),
    expect: { admin: 200, adminA: 200, others: 403 },
  },
  {
    name: 'POST /staff/communities (inside A)',
    method: 'post',
    target: async (tree) => ({
      url: '/staff/communities',
      body: {
        code: unique('ACC-'),
        name: 'Access village',
        kind: 'village',
        parentId: tree.districtA.id,
        population: 10,
      },
    }),
    expect: { admin: 302, adminA: 302, others: 403 },
  },
  {
    name: 'POST /staff/communities (inside B)',
    method: 'post',
    target: async (tree) => ({
      url: '/staff/communities',
      body: {
        code: unique('ACC-'),
        name: 'Access village',
        kind: 'village',
        parentId: tree.districtB.id,
        population: 10,
      },
    }),
    expect: { admin: 302, others: 403 },
  },
  {
    name: 'POST /staff/communities (top level)',
    method: 'post',
    target: async () => ({
      url: '/staff/communities',
      body: { code: unique('ACC-'), name: 'Access region', kind: 'region', population: 10 },
    }),
    expect: { admin: 302, others: 403 },
  },
  {
    name: 'GET /staff/communities/:id/edit (A)',
    method: 'get',
    target: async (tree) => ({ url: `/staff/communities/${tree.villageA.id}/edit` }),
    expect: { admin: 200, adminA: 200, others: 403 },
  },
  {
    name: 'GET /staff/communities/:id/edit (B)',
    method: 'get',
    target: async (tree) => ({ url: `/staff/communities/${tree.villageB.id}/edit` }),
    expect: { admin: 200, others: 403 },
  },
  {
    name: 'PUT /staff/communities/:id (A)',
    method: 'put',
    target: async (tree) => {
      const village = await createCommunity({ kind: 'village', parentId: tree.districtA.id })
      return {
        url: `/staff/communities/${village.id}`,
        body: {
          code: village.code,
          name: 'Renamed',
          kind: 'village',
          parentId: tree.districtA.id,
          population: 5,
        },
      }
    },
    expect: { admin: 302, adminA: 302, others: 403 },
  },
  {
    name: 'PUT /staff/communities/:id (B)',
    method: 'put',
    target: async (tree) => {
      const village = await createCommunity({ kind: 'village', parentId: tree.districtB.id })
      return {
        url: `/staff/communities/${village.id}`,
        body: {
          code: village.code,
          name: 'Renamed',
          kind: 'village',
          parentId: tree.districtB.id,
          population: 5,
        },
      }
    },
    expect: { admin: 302, others: 403 },
  },
  {
    name: 'PUT /staff/communities/:id (move A → B)',
    method: 'put',
    target: async (tree) => {
      const village = await createCommunity({ kind: 'village', parentId: tree.districtA.id })
      return {
        url: `/staff/communities/${village.id}`,
        body: {
          code: village.code,
          name: village.name,
          kind: 'village',
          parentId: tree.districtB.id,
          population: 5,
        },
      }
    },
    expect: { admin: 302, others: 403 },
  },
  {
    name: 'DELETE /staff/communities/:id (A)',
    method: 'delete',
    target: async (tree) => ({
      url: await villageIn(tree.districtA.id),
    }),
    expect: { admin: 302, adminA: 302, others: 403 },
  },
  {
    name: 'DELETE /staff/communities/:id (B)',
    method: 'delete',
    target: async (tree) => ({
      url: await villageIn(tree.districtB.id),
    }),
    expect: { admin: 302, others: 403 },
  },
  {
    name: 'GET /staff/communities/import',
    method: 'get',
    target: async () => ({ url: '/staff/communities/import' }),
    expect: { admin: 200, others: 403 },
  },
  {
    name: 'POST /staff/communities/import',
    method: 'post',
    target: async (tree) => ({
      url: '/staff/communities/import',
      body: {
        csv: `code,name,kind,parent_code,population\n${unique('IMP-')},Imported,village,${tree.districtA.code},3\n`,
      },
    }),
    expect: { admin: 302, others: 403 },
  },
  {
    name: 'GET /staff/api-tokens (unscoped admins)',
    method: 'get',
    target: async () => ({ url: '/staff/api-tokens' }),
    expect: { admin: 200, others: 403 },
  },
  {
    name: 'POST /staff/api-tokens',
    method: 'post',
    target: async () => ({
      url: '/staff/api-tokens',
      body: { name: 'Access test', scopes: ['read'], expiresInDays: 7 },
    }),
    expect: { admin: 302, others: 403 },
  },
  {
    name: 'DELETE /staff/api-tokens/:id',
    method: 'delete',
    target: async () => ({ url: `/staff/api-tokens/${await apiTokenId()}` }),
    expect: { admin: 302, others: 403 },
  },
  {
    name: 'GET /staff/terminals',
    method: 'get',
    target: async () => ({ url: '/staff/terminals' }),
    expect: { admin: 200, adminA: 200, others: 403 },
  },
  {
    name: 'POST /staff/terminals (in A)',
    method: 'post',
    target: async (tree) => ({
      url: '/staff/terminals',
      body: { name: 'Access kiosk', communityId: tree.villageA.id },
    }),
    expect: { admin: 302, adminA: 302, others: 403 },
  },
  {
    name: 'POST /staff/terminals/:id/rotate (in A)',
    method: 'post',
    target: async (tree) => ({
      url: `/staff/terminals/${await terminalId(tree.districtA.id)}/rotate`,
    }),
    expect: { admin: 302, adminA: 302, others: 403 },
  },
  {
    name: 'POST /staff/terminals/:id/revoke (in B)',
    method: 'post',
    target: async (tree) => ({
      url: `/staff/terminals/${await terminalId(tree.districtB.id)}/revoke`,
    }),
    expect: { admin: 302, others: 403 },
  },
]

const cases = ROUTES.flatMap((route) => ACTORS.map((actor) => ({ route, actor })))

test.group('Staff access: every route × role', (group) => {
  let tree: Tree
  const users = {} as Record<Exclude<Actor, 'anonymous'>, StaffUser>

  group.setup(async () => {
    tree = await createCityTree()
    users.admin = await createStaff({ role: 'admin' })
    users.adminA = await createStaff({ role: 'admin', communityId: tree.districtA.id })
    users.moderator = await createStaff({ role: 'moderator' })
    users.expert = await createStaff({ role: 'expert' })
    users.observer = await createStaff({ role: 'observer' })
    users.terminal = await createStaff({ role: 'terminal' })
  })

  test('{route.name} as {actor}')
    .with(cases)
    .run(async ({ client, assert }, { route, actor }) => {
      const target = await route.target(tree)
      const user = actor === 'anonymous' ? null : users[actor]
      let request = staffRequest(client, route.method, target.url, user)
      if (target.body) request = request.json(target.body)
      const response = await request
      const expected = actor === 'anonymous' ? 302 : (route.expect[actor] ?? route.expect.others)
      assert.equal(
        response.status(),
        expected,
        `${route.name} as ${actor}: ${response.text().slice(0, 200)}`
      )
      if (actor === 'anonymous') {
        assert.equal(response.header('location'), '/staff/login')
      }
      if (expected === 403) {
        assert.include(response.text(), 'You are not allowed to do this')
      }
      if (expected === 302 && actor !== 'anonymous') {
        // A write that passed authorization and validation: no field errors flashed.
        assert.notProperty(response.flashMessages() ?? {}, 'inputErrorsBag')
      }
    })

  test('the 403 page is localized', async ({ client, assert }) => {
    const response = await staffRequest(client, 'get', '/staff/audit', users.moderator).header(
      'Accept-Language',
      'uk'
    )
    response.assertStatus(403)
    assert.include(response.text(), 'У вас немає прав')
  })

  test('staff navigation lists only the screens the member may use', async ({ client, assert }) => {
    const adminNav = await staffRequest(client, 'get', '/staff', users.admin).withInertia()
    assert.deepEqual(
      adminNav.inertiaProps.staffNav.map((item: { href: string }) => item.href),
      [
        '/staff',
        '/staff/members',
        '/staff/communities',
        '/staff/audit',
        '/staff/api-tokens',
        '/staff/outbox',
        '/staff/campaigns',
        '/staff/terminals',
        '/staff/proposals',
        '/staff/implementation',
        '/staff/outcomes/import',
        '/staff/reports',
        '/staff/webhooks',
        '/staff/settings/branding',
      ]
    )
    const moderatorNav = await staffRequest(client, 'get', '/staff', users.moderator).withInertia()
    assert.deepEqual(
      moderatorNav.inertiaProps.staffNav.map((item: { href: string }) => item.href),
      ['/staff', '/staff/campaigns', '/staff/proposals', '/staff/implementation']
    )
  })
})
