import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DOMAIN_EVENT_TYPES, emitDomainEvent } from '#shared/domain_events'
import saveIdea from '#proposals/actions/save_idea'
import { approveIdea } from '#proposals/actions/decide_idea'
import { saveMilestone } from '#implementation/actions/track_implementation'
import { createEndpoint } from '#notifications/webhooks/endpoints'
import { expectStatus, makeCampaign, makeCity, makeStaff } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'
import { fund, resultsCampaign } from '#tests/helpers/implementation'
import { staffRequest } from '#tests/helpers/staff'

/** The events queued for the catch-all endpoint since the last call, oldest first. */
async function drain(endpointId: number) {
  const rows = await db
    .from('webhook_deliveries')
    .where('endpoint_id', endpointId)
    .orderBy('id')
    .select('id', 'event_type', 'payload')
  await db.from('webhook_deliveries').where('endpoint_id', endpointId).delete()
  return rows.map((row) => ({ type: row.event_type, data: row.payload.data }))
}

const DESCRIPTION = 'A bench by the river with shade, a bin and a ramp for wheelchairs and prams.'

test.group('Domain events · one emitter per happening, in its transaction', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('ideas published, projects approved, milestones reached, stages and results become webhook deliveries', async ({
    client,
    assert,
  }) => {
    await db.from('webhook_endpoints').delete()
    const admin = await makeStaff('admin')
    const actor = { type: 'staff' as const, id: admin.id }
    const { endpoint } = await createEndpoint(actor, {
      url: 'https://hooks.example/all',
      eventTypes: [...DOMAIN_EVENT_TYPES],
    })

    // A draft is no news; publishing it is, once; editing the published idea is not.
    const { campaign, author, pot } = await ideasCampaign()
    const draft = await saveIdea(author, campaign, null, {
      title: 'Bench by the river',
      description: DESCRIPTION,
    })
    assert.equal(draft.outcome, 'ok')
    assert.deepEqual(await drain(endpoint.id), [])
    const ideaId = draft.outcome === 'ok' ? draft.idea.id : 0
    const input = { title: 'Bench by the river', description: DESCRIPTION, publish: true }
    const published = await saveIdea(author, campaign, ideaId, input)
    const edited = await saveIdea(author, campaign, ideaId, input)
    assert.deepEqual([published.outcome, edited.outcome], ['ok', 'ok'])
    assert.deepEqual(await drain(endpoint.id), [
      { type: 'idea.published', data: { campaignId: campaign.id, ideaId } },
    ])

    // Approving puts it on the ballot; a refused approval (already decided) emits nothing.
    const approved = await approveIdea(actor, campaign, ideaId, { potId: pot.id, cost: 1000 })
    assert.equal(approved.outcome, 'ok')
    const projectId = approved.outcome === 'ok' ? approved.project.id : 0
    const again = await approveIdea(actor, campaign, ideaId, { potId: pot.id, cost: 1000 })
    assert.equal(again.outcome, 'not_allowed')
    assert.deepEqual(await drain(endpoint.id), [
      { type: 'project.approved', data: { campaignId: campaign.id, ideaId, projectId } },
    ])

    // A new milestone of a funded project is reached; editing it is not news.
    const funded = await resultsCampaign('implementation')
    await fund(funded.project)
    const milestone = await saveMilestone(
      actor,
      funded.campaign,
      funded.project.id,
      null,
      { date: new Date('2027-05-01T00:00:00Z'), description: 'Foundations laid' },
      []
    )
    assert.equal(milestone.outcome, 'ok')
    const milestoneId = milestone.outcome === 'ok' ? milestone.milestone.id : 0
    await saveMilestone(
      actor,
      funded.campaign,
      funded.project.id,
      milestoneId,
      { date: new Date('2027-05-02T00:00:00Z'), description: 'Foundations laid, checked' },
      []
    )
    assert.deepEqual(await drain(endpoint.id), [
      {
        type: 'milestone.reached',
        data: { projectId: funded.project.id, milestoneId, date: '2027-05-01' },
      },
    ])

    // Voting opens, then closes with the results published (by the results stage's hook).
    const { city } = await makeCity()
    const voting = await makeCampaign(city.id, { stage: 'review' })
    const move = (from: string, to: string) =>
      expectStatus(
        staffRequest(client, 'post', `/staff/campaigns/${voting.id}/stage`, admin).json({
          from,
          to,
        }),
        302
      )
    await move('review', 'voting')
    await move('voting', 'results')
    assert.deepEqual(await drain(endpoint.id), [
      {
        type: 'campaign.stage_changed',
        data: { campaignId: voting.id, from: 'review', to: 'voting' },
      },
      { type: 'campaign.voting_opened', data: { campaignId: voting.id } },
      { type: 'campaign.results_published', data: { campaignId: voting.id } },
      {
        type: 'campaign.stage_changed',
        data: { campaignId: voting.id, from: 'voting', to: 'results' },
      },
      { type: 'campaign.voting_closed', data: { campaignId: voting.id } },
    ])
  })

  test('a change that rolls back leaves no delivery; an event outside a transaction is refused', async ({
    assert,
  }) => {
    await db.from('webhook_endpoints').delete()
    const admin = await makeStaff('admin')
    const { endpoint } = await createEndpoint(
      { type: 'staff', id: admin.id },
      { url: 'https://hooks.example/rollback', eventTypes: ['idea.published'] }
    )
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    await assert.rejects(() =>
      db.transaction(async (trx) => {
        await emitDomainEvent(
          { type: 'idea.published', campaignId: campaign.id, ideaId: idea.id },
          trx
        )
        throw new Error('the change failed after its event')
      })
    )
    assert.lengthOf(await db.from('webhook_deliveries').where('endpoint_id', endpoint.id), 0)
    await assert.rejects(
      () =>
        emitDomainEvent(
          { type: 'idea.published', campaignId: campaign.id, ideaId: idea.id },
          // Any client that is not a transaction (tests run inside a global one).
          { isTransaction: false } as never
        ),
      /outside a transaction/
    )
  })
})
