import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import Idea from '#proposals/models/idea'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea, resident } from '#tests/helpers/proposals'
import { createStaff, staffRequest } from '#tests/helpers/staff'
import type Campaign from '#campaigns/models/campaign'

const activeSupports = async (ideaId: number) => {
  const [row] = await db
    .from('idea_supports')
    .where('idea_id', ideaId)
    .whereNull('withdrawn_at')
    .count('* as total')
  return Number(row.total)
}

test.group('Proposals · supports', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a support records its exact time; twice is refused; withdraw then support again', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign({ threshold: 10 })
    const idea = await makeIdea(campaign, author)
    const supporter = await resident()
    const first = await expectStatus(
      client.post(`/ideas/${idea.id}/support`).accept('json').withCsrfToken().loginAs(supporter),
      200
    )
    assert.deepEqual(first.body(), { supportCount: 1, movedToReview: false })
    const row = await db.from('idea_supports').where('idea_id', idea.id).first()
    // timestamptz(6): microseconds kept
    const precise = await db.rawQuery(
      `SELECT extract(microseconds FROM created_at)::bigint % 1000000 AS micros FROM idea_supports WHERE id = ?`,
      [row.id]
    )
    assert.isNotNull(precise.rows[0].micros)
    await expectStatus(
      client.post(`/ideas/${idea.id}/support`).accept('json').withCsrfToken().loginAs(supporter),
      409
    )
    await idea.refresh()
    assert.equal(idea.supportCount, 1)
    await expectStatus(
      client.delete(`/ideas/${idea.id}/support`).accept('json').withCsrfToken().loginAs(supporter),
      200
    )
    await expectStatus(
      client.delete(`/ideas/${idea.id}/support`).accept('json').withCsrfToken().loginAs(supporter),
      409
    )
    await idea.refresh()
    assert.equal(idea.supportCount, 0)
    await expectStatus(
      client.post(`/ideas/${idea.id}/support`).accept('json').withCsrfToken().loginAs(supporter),
      200
    )
    await idea.refresh()
    assert.equal(idea.supportCount, 1)
    assert.equal(await activeSupports(idea.id), 1)
    const [all] = await db.from('idea_supports').where('idea_id', idea.id).count('* as total')
    assert.equal(Number(all.total), 2, 'the withdrawn support stays as history')
  })

  test('the database refuses a second active support', async ({ assert }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    const supporter = await resident()
    await db
      .table('idea_supports')
      .insert({ idea_id: idea.id, resident_id: supporter.id, created_at: new Date() })
    await assert.rejects(() =>
      db.transaction((trx) =>
        trx
          .table('idea_supports')
          .insert({ idea_id: idea.id, resident_id: supporter.id, created_at: new Date() })
      )
    )
  })

  test('supports and withdrawals only during the ideas stage', async ({ client, assert }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    const supporter = await resident()
    await expectStatus(
      client.post(`/ideas/${idea.id}/support`).accept('json').withCsrfToken().loginAs(supporter),
      200
    )
    campaign.stage = 'review'
    await campaign.save()
    await expectStatus(
      client.delete(`/ideas/${idea.id}/support`).accept('json').withCsrfToken().loginAs(supporter),
      409
    )
    const late = await resident()
    await expectStatus(
      client.post(`/ideas/${idea.id}/support`).accept('json').withCsrfToken().loginAs(late),
      409
    )
    await idea.refresh()
    assert.equal(idea.supportCount, 1)
    assert.equal(await activeSupports(idea.id), 1)
  })

  test('drafts, hidden and decided ideas cannot be supported', async ({ client, assert }) => {
    const { campaign, author } = await ideasCampaign()
    const supporter = await resident()
    for (const status of ['draft', 'on_ballot'] as const) {
      const idea = await makeIdea(campaign, author, { status })
      await expectStatus(
        client.post(`/ideas/${idea.id}/support`).accept('json').withCsrfToken().loginAs(supporter),
        409
      )
      assert.equal(await activeSupports(idea.id), 0)
    }
    await expectStatus(
      client.post(`/ideas/999999999/support`).accept('json').withCsrfToken().loginAs(supporter),
      404
    )
    await expectStatus(
      client
        .post(`/ideas/99999999999999/support`)
        .accept('json')
        .withCsrfToken()
        .loginAs(supporter),
      404
    )
  })

  test('withdrawing below the threshold leaves an idea in review (it moved once)', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign({ threshold: 1 })
    const idea = await makeIdea(campaign, author)
    const supporter = await resident()
    const first = await expectStatus(
      client.post(`/ideas/${idea.id}/support`).accept('json').withCsrfToken().loginAs(supporter),
      200
    )
    assert.isTrue(first.body().movedToReview)
    await expectStatus(
      client.delete(`/ideas/${idea.id}/support`).accept('json').withCsrfToken().loginAs(supporter),
      200
    )
    const again = await expectStatus(
      client.post(`/ideas/${idea.id}/support`).accept('json').withCsrfToken().loginAs(supporter),
      200
    )
    assert.isFalse(again.body().movedToReview)
    await idea.refresh()
    assert.equal(idea.status, 'in_review')
    assert.equal(idea.supportCount, 1)
    const moved = await db
      .from('resident_notifications')
      .where('idea_id', idea.id)
      .where('kind', 'idea_in_review')
    assert.lengthOf(moved, 1)
  })

  test('ineligible residents cannot support', async ({ client, assert }) => {
    const { campaign, author, other } = await ideasCampaign()
    campaign.eligibilityMode = 'residents'
    await campaign.save()
    const idea = await makeIdea(campaign, author)
    const outsider = await resident(other.id)
    await expectStatus(
      client.post(`/ideas/${idea.id}/support`).accept('json').withCsrfToken().loginAs(outsider),
      403
    )
    assert.equal(await activeSupports(idea.id), 0)
  })
})

/*
| Real concurrent requests (no global transaction): the idea's row lock serialises
| them. Rows are removed afterwards.
*/
test.group('Proposals · supports under concurrency', (group) => {
  const cleanup: (() => Promise<unknown>)[] = []
  group.each.teardown(async () => {
    while (cleanup.length > 0) await cleanup.pop()!()
  })

  async function fixture(threshold: number) {
    const made = await ideasCampaign({ threshold })
    const idea = await makeIdea(made.campaign, made.author)
    cleanup.push(async () => {
      await db
        .from('ideas')
        .where('campaign_id', (made.campaign as Campaign).id)
        .delete()
      await db.from('campaigns').where('id', made.campaign.id).delete()
      await db.from('communities').whereIn('id', [made.north.id, made.south.id]).delete()
      await db.from('communities').whereIn('id', [made.city.id, made.other.id]).delete()
    })
    return { ...made, idea }
  }

  test('the same resident supporting in parallel counts once', async ({ client, assert }) => {
    const { idea } = await fixture(100)
    const supporter = await resident()
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        client.post(`/ideas/${idea.id}/support`).accept('json').withCsrfToken().loginAs(supporter)
      )
    )
    const statuses = responses.map((response) => response.status()).sort()
    assert.deepEqual(statuses, [200, 409, 409, 409, 409, 409])
    await idea.refresh()
    assert.equal(idea.supportCount, 1)
    assert.equal(await activeSupports(idea.id), 1)
  })

  test('the threshold moves an idea to review exactly once under concurrency', async ({
    client,
    assert,
  }) => {
    const { idea } = await fixture(3)
    const supporters = await Promise.all(Array.from({ length: 8 }, () => resident()))
    const responses = await Promise.all(
      supporters.map((supporter) =>
        client.post(`/ideas/${idea.id}/support`).accept('json').withCsrfToken().loginAs(supporter)
      )
    )
    for (const response of responses) response.assertStatus(200)
    const moved = responses.filter((response) => response.body().movedToReview)
    assert.lengthOf(moved, 1)
    assert.equal(moved[0].body().supportCount, 3)
    const fresh = await Idea.findOrFail(idea.id)
    assert.equal(fresh.status, 'in_review')
    assert.equal(fresh.supportCount, 8)
    assert.equal(await activeSupports(idea.id), 8)
    const notices = await db
      .from('resident_notifications')
      .where('idea_id', idea.id)
      .where('kind', 'idea_in_review')
    assert.lengthOf(notices, 1)
  })

  test('an admin double-submitting an approval creates one project', async ({ client, assert }) => {
    const { idea, city, pot } = await fixture(100)
    const admin = await createStaff({ role: 'admin', communityId: city.id })
    cleanup.push(() => db.from('staff_users').where('id', admin.id).delete())
    const responses = await Promise.all(
      Array.from({ length: 4 }, () =>
        staffRequest(client, 'post', `/staff/proposals/ideas/${idea.id}/approve`, admin)
          .json({ cost: 1000, potId: pot.id })
          .accept('json')
      )
    )
    assert.deepEqual(responses.map((response) => response.status()).sort(), [201, 409, 409, 409])
    const projects = await db.from('projects').where('idea_id', idea.id)
    assert.lengthOf(projects, 1)
    cleanup.push(() => db.from('projects').where('idea_id', idea.id).delete())
  })
})
