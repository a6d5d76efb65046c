import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import type StaffUser from '#identity/models/staff_user'
import { createStaff, staffRequest } from '#tests/helpers/staff'
import { makeCampaign } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'

/*
| The staff dashboard's to-dos: each role sees its own work, in its own communities, with a link
| to where it is done — moderators the ideas to moderate, experts their reviews due, admins ideas
| without an expert, stage dates coming and ledger records in trouble; observers the dates.
*/

interface Todo {
  key: string
  count: number
  href: string | null
  values?: Record<string, string | number>
  at?: string
}

async function todosOf(client: Parameters<typeof staffRequest>[0], member: StaffUser) {
  const page = await staffRequest(client, 'get', '/staff', member).withInertia()
  page.assertStatus(200)
  return page.inertiaProps.todos as Todo[]
}

const keys = (todos: Todo[]) => todos.map((todo) => `${todo.key}:${todo.count}`).sort()

async function fixture() {
  const made = await ideasCampaign()
  const { campaign, author, city, other } = made
  await makeIdea(campaign, author, { status: 'published' })
  await makeIdea(campaign, author, { status: 'published' })
  const reviewed = await makeIdea(campaign, author, { status: 'in_review' })
  await makeIdea(campaign, author, { status: 'in_review' })
  const expert = await createStaff({ role: 'expert', communityId: city.id })
  await db.table('idea_expert_assignments').insert({
    idea_id: reviewed.id,
    expert_id: expert.id,
    assigned_by_id: null,
    created_at: new Date(),
  })
  campaign.votingOpensAt = DateTime.now().plus({ days: 3 })
  await campaign.save()
  return {
    ...made,
    expert,
    moderator: await createStaff({ role: 'moderator', communityId: city.id }),
    observer: await createStaff({ role: 'observer', communityId: city.id }),
    admin: await createStaff({ role: 'admin', communityId: null }),
    outsider: await createStaff({ role: 'moderator', communityId: other.id }),
  }
}

test.group('Staff dashboard · to-dos per role', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('each role sees its own to-dos with links; other communities see none', async ({
    client,
    assert,
  }) => {
    const fx = await fixture()
    const title = fx.campaign.title.en
    const moderation = `/staff/proposals/campaigns/${fx.campaign.id}/moderation`
    const reviews = `/staff/proposals/campaigns/${fx.campaign.id}/reviews`

    const moderator = await todosOf(client, fx.moderator)
    assert.deepEqual(moderator, [
      { key: 'ideas_to_moderate', count: 2, href: moderation, values: { campaign: title } },
    ])

    const expert = await todosOf(client, fx.expert)
    assert.deepEqual(expert, [
      { key: 'reviews_due', count: 1, href: reviews, values: { campaign: title } },
    ])

    const observer = await todosOf(client, fx.observer)
    assert.deepEqual(keys(observer), ['stage_date.voting_opens_at:1'])
    assert.equal(observer[0].href, `/staff/campaigns/${fx.campaign.id}`)
    assert.equal(new Date(observer[0].at!).getTime(), fx.campaign.votingOpensAt!.toMillis())

    await db.table('ledger_outbox').insert([
      {
        kind: 'support',
        payload: Buffer.from([1]),
        tx_hash: 'a'.repeat(64),
        status: 'rejected',
        last_error: 'malformed',
      },
      {
        kind: 'support',
        payload: Buffer.from([2]),
        tx_hash: 'b'.repeat(64),
        status: 'queued',
        last_error: 'replica down',
      },
      { kind: 'support', payload: Buffer.from([3]), tx_hash: 'c'.repeat(64), status: 'queued' },
    ])
    // The city-wide admin sees every community's to-dos: other test files' campaigns may be
    // listed too, so keep the ones about this campaign and the ledger's (which have no campaign).
    const ofThisCampaign = new RegExp(`/campaigns/${fx.campaign.id}(/|$)`)
    const adminTodos = await todosOf(client, fx.admin)
    const admin = adminTodos.filter((todo) => !todo.href || ofThisCampaign.test(todo.href))
    assert.deepEqual(keys(admin), [
      'experts_to_assign:1',
      'ideas_to_moderate:2',
      'ledger_rejected:1',
      'ledger_retrying:1',
      'stage_date.voting_opens_at:1',
    ])

    assert.deepEqual(await todosOf(client, fx.outsider), [])
  })

  test('to-dos go away when the work is done; dates further than a week or past are not listed', async ({
    client,
    assert,
  }) => {
    const fx = await fixture()
    const ideas = await db
      .from('ideas')
      .where('campaign_id', fx.campaign.id)
      .where('status', 'published')
      .select('id')
    const approved = await staffRequest(
      client,
      'post',
      `/staff/proposals/campaigns/${fx.campaign.id}/moderation/bulk`,
      fx.moderator
    )
      .json({ action: 'approve', ideaIds: ideas.map((row) => row.id) })
      .accept('json')
    assert.equal(approved.status(), 200)
    assert.deepEqual(await todosOf(client, fx.moderator), [])

    fx.campaign.votingOpensAt = DateTime.now().plus({ days: 8 })
    fx.campaign.reviewOpensAt = DateTime.now().minus({ hours: 1 })
    await fx.campaign.save()
    assert.deepEqual(await todosOf(client, fx.observer), [])

    // a second campaign elsewhere does not show up for this community's observer
    const elsewhere = await makeCampaign(fx.other.id, { stage: 'ideas' })
    elsewhere.votingOpensAt = DateTime.now().plus({ days: 2 })
    await elsewhere.save()
    assert.deepEqual(await todosOf(client, fx.observer), [])
  })
})
