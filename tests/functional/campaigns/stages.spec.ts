import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import CampaignPot from '#campaigns/models/campaign_pot'
import CampaignStageChange from '#campaigns/models/campaign_stage_change'
import type Campaign from '#campaigns/models/campaign'
import ace from '@adonisjs/core/services/ace'
import AdvanceStages from '#campaigns/commands/advance_stages'
import { advanceDueCampaigns } from '#campaigns/services/stage_scheduler'
import { STAGES, transitionKind, type Stage } from '#campaigns/stages'
import {
  at,
  auditOf,
  makeCampaign,
  makeCity,
  makeStaff,
  potBody,
  expectStatus,
} from '#tests/helpers/campaigns'
import type StaffUser from '#identity/models/staff_user'
import type { ApiClient } from '@japa/api-client'

function move(
  client: ApiClient,
  admin: StaffUser,
  campaign: Campaign,
  body: Record<string, unknown>
) {
  return client
    .post(`/staff/campaigns/${campaign.id}/stage`)
    .json(body)
    .withCsrfToken()
    .withGuard('staff')
    .loginAs(admin)
    .redirects(0)
}

test.group('Campaigns · stage transitions', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the transition table: one step forward, and review → ideas as the only way back', ({
    assert,
  }) => {
    const allowed: string[] = []
    for (const from of STAGES)
      for (const to of STAGES)
        if (transitionKind(from, to)) allowed.push(`${from}>${to}:${transitionKind(from, to)}`)
    assert.deepEqual(allowed, [
      'drafting>ideas:forward',
      'ideas>review:forward',
      'review>ideas:reopen',
      'review>voting:forward',
      'voting>results:forward',
      'results>implementation:forward',
      'implementation>finished:forward',
    ])
  })

  test('an admin walks a campaign through every stage; each move is recorded with the actor', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id)
    let from: Stage = 'drafting'
    for (const to of STAGES.slice(1)) {
      const response = await move(client, admin, campaign, { from, to })
      response.assertStatus(302)
      response.assertFlashMessage('success')
      await campaign.refresh()
      assert.equal(campaign.stage, to)
      from = to
    }
    const changes = await CampaignStageChange.query().where('campaignId', campaign.id).orderBy('id')
    assert.deepEqual(
      changes.map((change) => [
        change.fromStage,
        change.toStage,
        change.actorType,
        change.staffUserId,
      ]),
      STAGES.slice(1).map((to, index) => [STAGES[index], to, 'staff', admin.id])
    )
    const allAudit = await auditOf(campaign.id)
    const audit = allAudit.filter((row) => row.action === 'campaign.stage_changed')
    assert.lengthOf(audit, 6)
    assert.deepInclude(audit[0].changes, { from: 'drafting', to: 'ideas', by: 'staff' })
  })

  test('skipping, going back and moving from a stale stage are refused and change nothing', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id, { stage: 'voting' })

    await expectStatus(
      move(client, admin, campaign, { from: 'voting', to: 'finished' }).accept('json'),
      422
    )
    await expectStatus(
      move(client, admin, campaign, { from: 'voting', to: 'review' }).accept('json'),
      422
    )
    await expectStatus(
      move(client, admin, campaign, { from: 'voting', to: 'voting' }).accept('json'),
      422
    )
    const stale = await move(client, admin, campaign, { from: 'review', to: 'voting' })
    stale.assertStatus(302)
    stale.assertFlashMessage('error')

    await campaign.refresh()
    assert.equal(campaign.stage, 'voting')
    assert.lengthOf(await CampaignStageChange.query().where('campaignId', campaign.id), 0)
  })

  test('review → ideas is a reopen that needs a reason', async ({ client, assert }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id, { stage: 'review' })

    const noReason = await move(client, admin, campaign, {
      from: 'review',
      to: 'ideas',
      reason: '  ',
    }).accept('json')
    noReason.assertStatus(422)
    assert.equal(noReason.body().errors[0].field, 'reason')
    await campaign.refresh()
    assert.equal(campaign.stage, 'review')

    await expectStatus(
      move(client, admin, campaign, {
        from: 'review',
        to: 'ideas',
        reason: 'Too few ideas from Harbour',
      }),
      302
    )
    await campaign.refresh()
    assert.equal(campaign.stage, 'ideas')
    const change = await CampaignStageChange.findByOrFail('campaignId', campaign.id)
    assert.equal(change.reason, 'Too few ideas from Harbour')
  })

  test('pots, rules, eligibility and the outcome rule are locked once voting opens', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id, { stage: 'voting' })
    const [pot] = await CampaignPot.query().where('campaignId', campaign.id)
    const send = (method: 'put' | 'post', path: string, body: Record<string, unknown>) =>
      client[method](path).json(body).withCsrfToken().withGuard('staff').loginAs(admin).redirects(0)
    const responses = [
      await send('put', `/staff/campaigns/${campaign.id}/pots/${pot.id}`, potBody({ budget: 10 })),
      await send('put', `/staff/campaigns/${campaign.id}/eligibility`, {
        eligibilityMode: 'census',
      }),
      await send('put', `/staff/campaigns/${campaign.id}/outcome`, {
        outcomeRule: 'equal_shares',
        liveResultsPublic: true,
      }),
    ]
    for (const response of responses) {
      response.assertStatus(302)
      response.assertFlashMessage('error')
    }
    await campaign.refresh()
    await pot.refresh()
    assert.equal(pot.budget, 1_000_000)
    assert.equal(campaign.eligibilityMode, 'anyone')
    assert.equal(campaign.outcomeRule, 'greedy')

    // Hiding live results stays possible.
    await expectStatus(
      send('put', `/staff/campaigns/${campaign.id}/outcome`, {
        outcomeRule: 'greedy',
        liveResultsPublic: false,
      }),
      302
    )
    await campaign.refresh()
    assert.isFalse(campaign.liveResultsPublic)
  })
})

test.group('Campaigns · stage scheduler', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('moves a campaign whose date has come, and not one whose date has not', async ({
    assert,
  }) => {
    const { city } = await makeCity()
    const due = await makeCampaign(city.id, {
      stage: 'ideas',
      reviewOpensAt: at('2027-01-15T06:00:00Z'),
    })
    const notYet = await makeCampaign(city.id, {
      stage: 'ideas',
      reviewOpensAt: at('2027-01-20T06:00:00Z'),
    })
    const noDate = await makeCampaign(city.id, { stage: 'ideas' })
    const draft = await makeCampaign(city.id, { ideasOpensAt: at('2027-01-01T00:00:00Z') })

    const moves = await advanceDueCampaigns(at('2027-01-16T00:00:00Z'))
    assert.deepEqual(moves, [{ campaignId: due.id, from: 'ideas', to: 'review' }])
    for (const campaign of [due, notYet, noDate, draft]) await campaign.refresh()
    assert.equal(due.stage, 'review')
    assert.equal(notYet.stage, 'ideas')
    assert.equal(noDate.stage, 'ideas')
    assert.equal(draft.stage, 'drafting', 'publishing is never automatic')

    const change = await CampaignStageChange.findByOrFail('campaignId', due.id)
    assert.equal(change.actorType, 'schedule')
    assert.isNull(change.staffUserId)
    const audit = await auditOf(due.id)
    assert.deepInclude(audit.at(-1), { action: 'campaign.stage_changed', actor_type: 'system' })

    // Running again does nothing more.
    assert.deepEqual(await advanceDueCampaigns(at('2027-01-16T00:00:00Z')), [])
  })

  test('catches up several stages one recorded step at a time', async ({ assert }) => {
    const { city } = await makeCity()
    const campaign = await makeCampaign(city.id, {
      stage: 'ideas',
      reviewOpensAt: at('2027-01-15T06:00:00Z'),
      votingOpensAt: at('2027-03-01T06:00:00Z'),
      votingClosesAt: at('2027-03-15T18:00:00Z'),
    })
    const moves = await advanceDueCampaigns(at('2027-03-20T00:00:00Z'))
    assert.deepEqual(
      moves.map((each) => `${each.from}>${each.to}`),
      ['ideas>review', 'review>voting', 'voting>results']
    )
    await campaign.refresh()
    assert.equal(campaign.stage, 'results')
    assert.lengthOf(await CampaignStageChange.query().where('campaignId', campaign.id), 3)
  })

  test('the ace command runs the scheduler', async ({ assert }) => {
    const { city } = await makeCity()
    const campaign = await makeCampaign(city.id, {
      stage: 'voting',
      votingClosesAt: at('2020-01-01T00:00:00Z'),
    })
    const command = await ace.create(AdvanceStages, [])
    await command.exec()
    command.assertSucceeded()
    await campaign.refresh()
    assert.equal(campaign.stage, 'results')
  })
})
