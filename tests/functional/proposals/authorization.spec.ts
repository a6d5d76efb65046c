import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import type StaffUser from '#identity/models/staff_user'
import type { StaffRole } from '#identity/roles'
import drive from '@adonisjs/drive/services/main'
import Project from '#proposals/models/project'
import IdeaAttachment from '#proposals/models/idea_attachment'
import {
  assertStaffRefusals,
  createStaff,
  staffRequest,
  type StaffRoute,
} from '#tests/helpers/staff'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea, proposalCounts } from '#tests/helpers/proposals'

async function fixture() {
  const made = await ideasCampaign()
  const idea = await makeIdea(made.campaign, made.author, { status: 'in_review' })
  const target = await makeIdea(made.campaign, made.author, { status: 'published' })
  const onBallot = await makeIdea(made.campaign, made.author, { status: 'on_ballot' })
  const project = await Project.create({
    ideaId: onBallot.id,
    campaignId: made.campaign.id,
    potId: made.pot.id,
    title: 'Existing project',
    cost: 1000,
    position: 0,
  })
  await drive.use().put(`ideas/${idea.id}/photo.png`, 'png bytes')
  const attachment = await IdeaAttachment.create({
    ideaId: idea.id,
    driveKey: `ideas/${idea.id}/photo.png`,
    originalName: 'photo.png',
    mime: 'image/png',
    size: 9,
    sha256: 'b'.repeat(64),
  })
  return { ...made, idea, target, project, attachment }
}

function routes(ids: {
  campaign: number
  idea: number
  target: number
  project: number
  pot: number
  attachment: number
}): StaffRoute[] {
  const c = `/staff/proposals/campaigns/${ids.campaign}`
  const i = `/staff/proposals/ideas/${ids.idea}`
  return [
    {
      name: 'moderation queue',
      method: 'get',
      path: `${c}/moderation`,
      allowed: ['admin', 'moderator', 'observer'],
    },
    {
      name: 'review queue',
      method: 'get',
      path: `${c}/reviews`,
      allowed: ['admin', 'expert', 'observer'],
    },
    { name: 'ballot list', method: 'get', path: `${c}/ballot`, allowed: ['admin', 'observer'] },
    {
      name: 'hide',
      method: 'post',
      path: `${i}/hide`,
      body: { reason: 'Abusive words' },
      allowed: ['admin', 'moderator'],
    },
    {
      name: 'unhide',
      method: 'post',
      path: `${i}/unhide`,
      body: { reason: 'Fine now' },
      allowed: ['admin', 'moderator'],
    },
    {
      name: 'bulk moderation',
      method: 'post',
      path: `${c}/moderation/bulk`,
      body: { action: 'hide', ideaIds: [ids.idea], reason: 'Abusive words' },
      allowed: ['admin', 'moderator'],
    },
    {
      name: 'merge',
      method: 'post',
      path: `${i}/merge`,
      body: { intoId: ids.target, reason: 'Duplicate' },
      allowed: ['admin', 'moderator'],
    },
    {
      name: 'remove attachment',
      method: 'delete',
      path: `${i}/attachments/${ids.attachment}`,
      body: { reason: 'Private data' },
      allowed: ['admin', 'moderator'],
    },
    {
      name: 'assign expert',
      method: 'post',
      path: `${i}/experts`,
      body: { expertId: 1 },
      allowed: ['admin'],
    },
    {
      name: 'review',
      method: 'post',
      path: `${i}/review`,
      body: { feasibility: 'feasible' },
      allowed: ['expert'],
    },
    {
      name: 'approve',
      method: 'post',
      path: `${i}/approve`,
      body: { cost: 100, potId: ids.pot },
      allowed: ['admin'],
    },
    {
      name: 'reject',
      method: 'post',
      path: `${i}/reject`,
      body: { reason: 'Not possible' },
      allowed: ['admin'],
    },
    {
      name: 'edit ballot entry',
      method: 'put',
      path: `/staff/proposals/projects/${ids.project}`,
      body: { cost: 10, potId: ids.pot, position: 1 },
      allowed: ['admin'],
    },
  ]
}

const ROLES: StaffRole[] = ['admin', 'moderator', 'expert', 'observer', 'terminal']

test.group('Proposals · staff authorization by role and community', (group) => {
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
      idea: fx.idea.id,
      target: fx.target.id,
      project: fx.project.id,
      pot: fx.pot.id,
      attachment: fx.attachment.id,
    })
    const staff: Record<string, StaffUser> = {}
    for (const role of ROLES) staff[role] = await createStaff({ role, communityId: fx.city.id })
    await assertStaffRefusals(client, assert, {
      routes: all,
      insiders: staff,
      outsideCommunityId: fx.other.id,
      snapshot: proposalCounts,
    })
    // ~150 requests (every route × every role, inside and outside): far over the suite's 30 s
    // when the machine is busy
  }).timeout(180_000)

  test('allowed roles get through (a district-scoped admin of another district does not)', async ({
    client,
    assert,
  }) => {
    const fx = await fixture()
    const all = routes({
      campaign: fx.campaign.id,
      idea: fx.idea.id,
      target: fx.target.id,
      project: fx.project.id,
      pot: fx.pot.id,
      attachment: fx.attachment.id,
    })
    for (const route of all.filter((r) => r.method === 'get')) {
      for (const role of route.allowed) {
        const member = await createStaff({ role, communityId: fx.city.id })
        const response = await staffRequest(client, 'get', route.path, member).withInertia()
        assert.equal(response.status(), 200, `${route.name} as ${role}`)
      }
    }
    const districtAdmin = await createStaff({ role: 'admin', communityId: fx.north.id })
    const response = await staffRequest(
      client,
      'post',
      `/staff/proposals/ideas/${fx.idea.id}/reject`,
      districtAdmin
    )
      .json({ reason: 'Not possible' })
      .accept('json')
    assert.equal(response.status(), 403)
    const cityAdmin = await createStaff({ role: 'admin', communityId: fx.city.id })
    const ok = await staffRequest(
      client,
      'post',
      `/staff/proposals/ideas/${fx.idea.id}/reject`,
      cityAdmin
    )
      .json({ reason: 'Not possible' })
      .accept('json')
    assert.equal(ok.status(), 200)
  })

  test('unknown ids: 403 for members without proposals roles, 404 for the others', async ({
    client,
  }) => {
    const terminal = await createStaff({ role: 'terminal' })
    const admin = await createStaff({ role: 'admin' })
    for (const path of [
      '/staff/proposals/campaigns/999999/moderation',
      '/staff/proposals/ideas/999999/hide',
      '/staff/proposals/projects/999999',
    ]) {
      const method: StaffRoute['method'] = path.endsWith('moderation')
        ? 'get'
        : path.includes('projects')
          ? 'put'
          : 'post'
      await expectStatus(
        staffRequest(client, method, path, terminal).json({ reason: 'xyz' }).accept('json'),
        403
      )
      await expectStatus(
        staffRequest(client, method, path, admin).json({ reason: 'xyz' }).accept('json'),
        404
      )
    }
  })

  test('the staff index lists campaigns with ideas for members who may see them', async ({
    client,
    assert,
  }) => {
    const fx = await fixture()
    const moderator = await createStaff({ role: 'moderator', communityId: fx.city.id })
    const page = await staffRequest(client, 'get', '/staff/proposals', moderator).withInertia()
    page.assertStatus(200)
    const ids = (page.inertiaProps.campaigns as { id: number }[]).map((row) => row.id)
    assert.include(ids, fx.campaign.id)
    const stranger = await createStaff({ role: 'moderator', communityId: fx.other.id })
    const other = await staffRequest(client, 'get', '/staff/proposals', stranger).withInertia()
    assert.notInclude(
      (other.inertiaProps.campaigns as { id: number }[]).map((row) => row.id),
      fx.campaign.id
    )
    const terminal = await createStaff({ role: 'terminal' })
    await expectStatus(staffRequest(client, 'get', '/staff/proposals', terminal), 403)
  })
})
