import { DateTime } from 'luxon'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import drive from '@adonisjs/drive/services/main'
import type StaffUser from '#identity/models/staff_user'
import type { StaffRole } from '#identity/roles'
import ProjectMilestone from '#implementation/models/project_milestone'
import {
  assertStaffRefusals,
  createStaff,
  staffRequest,
  type StaffRoute,
} from '#tests/helpers/staff'
import { fund, implementationState, resultsCampaign } from '#tests/helpers/implementation'

const VIEWERS: StaffRole[] = ['admin', 'moderator', 'expert', 'observer']
const ROLES: StaffRole[] = [...VIEWERS, 'terminal']

function routes(ids: {
  campaign: number
  project: number
  second: number
  milestone: number
}): StaffRoute[] {
  const p = `/staff/implementation/projects/${ids.project}`
  return [
    {
      name: 'campaign list',
      method: 'get',
      path: `/staff/implementation/campaigns/${ids.campaign}`,
      allowed: VIEWERS,
    },
    { name: 'project page', method: 'get', path: p, allowed: VIEWERS },
    {
      name: 'mark funded',
      method: 'post',
      path: `/staff/implementation/projects/${ids.second}/funding`,
      body: { funded: true },
      allowed: ['admin'],
    },
    {
      name: 'progress',
      method: 'put',
      path: `${p}/progress`,
      body: { status: 'in_progress', progressPercent: 40 },
      allowed: ['admin'],
    },
    {
      name: 'add milestone',
      method: 'post',
      path: `${p}/milestones`,
      body: { date: '2026-05-01', description: 'Works started' },
      allowed: ['admin'],
    },
    {
      name: 'edit milestone',
      method: 'put',
      path: `${p}/milestones/${ids.milestone}`,
      body: { date: '2026-05-02', description: 'Edited' },
      allowed: ['admin'],
    },
    {
      name: 'remove milestone',
      method: 'delete',
      path: `${p}/milestones/${ids.milestone}`,
      allowed: ['admin'],
    },
  ]
}

async function fixture() {
  const fx = await resultsCampaign()
  await fund(fx.project)
  const milestone = await ProjectMilestone.create({
    projectId: fx.project.id,
    date: DateTime.fromISO('2026-04-01'),
    description: 'Contract signed',
  })
  return { ...fx, milestone }
}

test.group('Implementation · staff authorization by role and community', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })

  test('every staff route: allowed roles pass, others get 403 and nothing changes', async ({
    client,
    assert,
  }) => {
    const fx = await fixture()
    const all = routes({
      campaign: fx.campaign.id,
      project: fx.project.id,
      second: fx.second.id,
      milestone: fx.milestone.id,
    })
    const staff: Record<string, StaffUser> = {}
    for (const role of ROLES) staff[role] = await createStaff({ role, communityId: fx.city.id })
    await assertStaffRefusals(client, assert, {
      routes: all,
      insiders: staff,
      outsideCommunityId: fx.other.id,
      snapshot: implementationState,
    })
    // Allowed roles get through (reads for all viewers; writes for the admin, in route order).
    for (const route of all) {
      for (const role of route.allowed) {
        const response = await staffRequest(client, route.method, route.path, staff[role])
          .json(route.body ?? {})
          .accept('json')
        assert.include([200, 201], response.status(), `${route.name} as ${role}`)
      }
    }
  })

  test('the staff list shows only visible campaigns; terminal operators get 403', async ({
    client,
    assert,
  }) => {
    const fx = await fixture()
    const observer = await createStaff({ role: 'observer', communityId: fx.city.id })
    const terminal = await createStaff({ role: 'terminal', communityId: fx.city.id })
    const response = await staffRequest(
      client,
      'get',
      '/staff/implementation',
      observer
    ).withInertia()
    response.assertStatus(200)
    const ids = (response.inertiaProps.campaigns as { id: number }[]).map((c) => c.id)
    assert.include(ids, fx.campaign.id)
    const outsider = await createStaff({ role: 'observer', communityId: fx.other.id })
    const theirs = await staffRequest(
      client,
      'get',
      '/staff/implementation',
      outsider
    ).withInertia()
    assert.notInclude(
      (theirs.inertiaProps.campaigns as { id: number }[]).map((c) => c.id),
      fx.campaign.id
    )
    const refused = await staffRequest(client, 'get', '/staff/implementation', terminal).accept(
      'json'
    )
    assert.equal(refused.status(), 403)
  })
})
