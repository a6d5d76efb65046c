/*
| Bad input on every write route of campaigns, proposals and implementation, sent by a
| member who may use the route: always a 4xx (field errors or a refusal), never a 500,
| and nothing changes in any table of the three modules.
*/
import { DateTime } from 'luxon'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import type StaffUser from '#identity/models/staff_user'
import CampaignCategory from '#campaigns/models/campaign_category'
import ProjectMilestone from '#implementation/models/project_milestone'
import {
  createStaff,
  makeStaffThrottlesOutsideTransactions,
  staffRequest,
} from '#tests/helpers/staff'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'
import { fund, resultsCampaign } from '#tests/helpers/implementation'

const TABLES = [
  'campaigns',
  'campaign_pots',
  'campaign_categories',
  'campaign_census_entries',
  'campaign_stage_changes',
  'ideas',
  'idea_attachments',
  'idea_supports',
  'idea_moderations',
  'idea_expert_assignments',
  'idea_reviews',
  'idea_comments',
  'projects',
  'project_implementation',
  'project_milestones',
  'milestone_photos',
  'resident_notifications',
]

async function everything() {
  const state: Record<string, unknown> = {}
  for (const table of TABLES) {
    state[table] = await db.from(table).orderByRaw('1')
  }
  return JSON.stringify(state)
}

/** Each field of a route set to each kind of wrong value, plus an empty body. */
function badBodies(fields: string[]): Record<string, unknown>[] {
  const wrong = [null, '', 'x'.repeat(100_000), -1, 1e20, [], { nested: true }]
  return [{}, ...wrong.map((value) => Object.fromEntries(fields.map((field) => [field, value])))]
}

interface WriteRoute {
  method: 'post' | 'put' | 'delete'
  path: string
  fields: string[]
  as: StaffUser
}

test.group('Bad input on every staff write route', (group) => {
  group.setup(() => makeStaffThrottlesOutsideTransactions())
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })

  test('4xx with nothing changed, never a 500', async ({ client, assert }) => {
    const ideas = await ideasCampaign()
    const idea = await makeIdea(ideas.campaign, ideas.author, { status: 'published' })
    const category = await CampaignCategory.create({
      campaignId: ideas.campaign.id,
      name: { en: 'Parks' },
      position: 0,
    })
    const admin = await createStaff({ role: 'admin', communityId: ideas.city.id })
    const expert = await createStaff({ role: 'expert', communityId: ideas.city.id })
    await db.table('idea_expert_assignments').insert({
      idea_id: idea.id,
      expert_id: expert.id,
      created_at: new Date(),
    })
    const results = await resultsCampaign()
    await fund(results.project)
    const milestone = await ProjectMilestone.create({
      projectId: results.project.id,
      date: DateTime.fromISO('2027-01-10'),
      description: 'Contract signed',
    })
    const resultsAdmin = await createStaff({ role: 'admin', communityId: results.city.id })

    const c = `/staff/campaigns/${ideas.campaign.id}`
    const i = `/staff/proposals/ideas/${idea.id}`
    const p = `/staff/implementation/projects/${results.project.id}`
    const routes: WriteRoute[] = [
      {
        method: 'post',
        path: '/staff/campaigns',
        fields: ['communityId', 'title', 'totalBudget', 'currency', 'votingOpensAt'],
        as: admin,
      },
      {
        method: 'put',
        path: c,
        fields: ['slug', 'title', 'totalBudget', 'currency', 'supportThreshold', 'finishesAt'],
        as: admin,
      },
      { method: 'post', path: `${c}/stage`, fields: ['from', 'to', 'reason'], as: admin },
      { method: 'post', path: `${c}/pots`, fields: ['name', 'budget', 'kind', 'rule'], as: admin },
      {
        method: 'put',
        path: `${c}/pots/${ideas.pot.id}`,
        fields: ['name', 'budget', 'kind', 'districtId', 'rule'],
        as: admin,
      },
      { method: 'post', path: `${c}/categories`, fields: ['name'], as: admin },
      { method: 'put', path: `${c}/categories/${category.id}`, fields: ['name'], as: admin },
      { method: 'put', path: `${c}/eligibility`, fields: ['eligibilityMode', 'minAge'], as: admin },
      {
        method: 'put',
        path: `${c}/outcome`,
        fields: ['outcomeRule', 'liveResultsPublic'],
        as: admin,
      },
      { method: 'post', path: `${c}/census`, fields: ['kind', 'csv', 'districtId'], as: admin },
      { method: 'post', path: `${i}/hide`, fields: ['reason'], as: admin },
      { method: 'post', path: `${i}/unhide`, fields: ['reason'], as: admin },
      { method: 'post', path: `${i}/merge`, fields: ['intoId', 'reason'], as: admin },
      {
        method: 'delete',
        path: `${i}/attachments/999999`,
        fields: ['reason'],
        as: admin,
      },
      { method: 'post', path: `${i}/experts`, fields: ['expertId'], as: admin },
      {
        method: 'post',
        path: `${i}/review`,
        fields: ['feasibility', 'costEstimate', 'explanation', 'commentVisibility'],
        as: expert,
      },
      { method: 'post', path: `${i}/approve`, fields: ['cost', 'potId', 'title'], as: admin },
      { method: 'post', path: `${i}/reject`, fields: ['reason'], as: admin },
      {
        method: 'post',
        path: `/staff/implementation/projects/${results.second.id}/funding`,
        fields: ['funded'],
        as: resultsAdmin,
      },
      {
        method: 'put',
        path: `${p}/progress`,
        fields: ['status', 'progressPercent'],
        as: resultsAdmin,
      },
      {
        method: 'post',
        path: `${p}/milestones`,
        fields: ['date', 'description'],
        as: resultsAdmin,
      },
      {
        method: 'put',
        path: `${p}/milestones/${milestone.id}`,
        fields: ['date', 'description', 'removePhotoIds'],
        as: resultsAdmin,
      },
    ]

    const before = await everything()
    for (const route of routes) {
      for (const body of badBodies(route.fields)) {
        const response = await staffRequest(client, route.method, route.path, route.as)
          .json(body)
          .accept('json')
        const what = `${route.method} ${route.path} ${JSON.stringify(body).slice(0, 80)}`
        assert.isAtLeast(response.status(), 400, what)
        assert.isBelow(response.status(), 500, what)
      }
    }
    assert.equal(await everything(), before)
  }).timeout(120_000)
})
