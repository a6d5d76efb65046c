import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type Idea from '#proposals/models/idea'
import type Resident from '#identity/models/resident'
import { smsOutbox } from '#identity/sms/sms_outbox'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea, resident } from '#tests/helpers/proposals'
import { auditRows, createStaff, staffRequest } from '#tests/helpers/staff'

/** A support given at a fixed time (so "the earlier one" is known). */
async function supportAt(idea: Idea, who: Resident, at: string, withdrawnAt: string | null = null) {
  const [row] = await db
    .table('idea_supports')
    .insert({ idea_id: idea.id, resident_id: who.id, created_at: at, withdrawn_at: withdrawnAt })
    .returning('id')
  if (!withdrawnAt) {
    await db.from('ideas').where('id', idea.id).increment('support_count', 1)
  }
  return Number(row.id)
}

async function supportRow(id: number) {
  return db.from('idea_supports').where('id', id).firstOrFail()
}

async function activeOn(ideaId: number) {
  return db
    .from('idea_supports')
    .where('idea_id', ideaId)
    .whereNull('withdrawn_at')
    .orderBy('resident_id')
}

test.group('Proposals · merging duplicates moves supports', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => smsOutbox.clear())

  test('one support per person (the earlier kept), counts recomputed, threshold reached', async ({
    client,
    assert,
  }) => {
    const { campaign, city, author } = await ideasCampaign({ threshold: 3 })
    const targetAuthor = await resident()
    const into = await makeIdea(campaign, targetAuthor, { title: 'Skate park by the river' })
    const duplicate = await makeIdea(campaign, author, { title: 'Skate park again' })
    const [early, late, solo, gone] = [
      await resident(),
      await resident(),
      await resident(),
      await resident(),
    ]
    // `early` supported the duplicate first; `late` supported the target first.
    const earlyOnDuplicate = await supportAt(duplicate, early, '2026-11-01T10:00:00Z')
    const earlyOnTarget = await supportAt(into, early, '2026-11-01T10:05:00Z')
    const lateOnTarget = await supportAt(into, late, '2026-11-01T10:01:00Z')
    const lateOnDuplicate = await supportAt(duplicate, late, '2026-11-01T10:03:00Z')
    const soloOnDuplicate = await supportAt(duplicate, solo, '2026-11-01T10:02:00Z')
    const withdrawn = await supportAt(
      duplicate,
      gone,
      '2026-11-01T09:00:00Z',
      '2026-11-01T09:30:00Z'
    )

    const moderator = await createStaff({ role: 'moderator', communityId: city.id })
    await expectStatus(
      staffRequest(client, 'post', `/staff/proposals/ideas/${duplicate.id}/merge`, moderator)
        .json({ intoId: into.id, reason: 'Same skate park' })
        .accept('json'),
      200
    )

    await into.refresh()
    await duplicate.refresh()
    assert.equal(duplicate.status, 'merged')
    assert.equal(duplicate.mergedIntoId, into.id)
    assert.equal(duplicate.supportCount, 0)
    // early (moved, 10:00), late (kept on the target, 10:01), solo (moved, 10:02).
    assert.equal(into.supportCount, 3)
    assert.equal(into.status, 'in_review', 'the merge brought the target to the threshold')
    const active = await activeOn(into.id)
    assert.deepEqual(
      active.map((row) => [row.resident_id, new Date(row.created_at).toISOString()]),
      [
        [early.id, '2026-11-01T10:00:00.000Z'],
        [late.id, '2026-11-01T10:01:00.000Z'],
        [solo.id, '2026-11-01T10:02:00.000Z'],
      ].sort((a, b) => Number(a[0]) - Number(b[0]))
    )
    const [movedEarly, movedSolo, closedTarget, closedDuplicate, keptTarget] = await Promise.all(
      [earlyOnDuplicate, soloOnDuplicate, earlyOnTarget, lateOnDuplicate, lateOnTarget].map(
        supportRow
      )
    )
    assert.equal(movedEarly.moved_from_idea_id, duplicate.id)
    assert.equal(movedSolo.moved_from_idea_id, duplicate.id)
    assert.isNotNull(closedTarget.withdrawn_at, 'the later support closed')
    assert.isNotNull(closedDuplicate.withdrawn_at, 'the later support closed')
    assert.isNull(keptTarget.withdrawn_at)
    const history = await supportRow(withdrawn)
    assert.equal(history.idea_id, duplicate.id, 'withdrawn supports stay as history')

    // Both authors told, once each; the audit row says what moved.
    const kinds = await db
      .from('resident_notifications')
      .whereIn('idea_id', [into.id, duplicate.id])
      .orderBy('id')
      .select('resident_id', 'kind')
    assert.deepEqual(
      kinds.map((row) => [row.resident_id, row.kind]),
      [
        [targetAuthor.id, 'idea_in_review'],
        [author.id, 'idea_merged'],
      ]
    )
    assert.lengthOf(smsOutbox.for(author.phoneE164), 1)
    assert.lengthOf(smsOutbox.for(targetAuthor.phoneE164), 1)
    const [row] = await auditRows('idea.merged', { type: 'idea', id: duplicate.id })
    const changes = typeof row.changes === 'string' ? JSON.parse(row.changes) : row.changes
    assert.deepInclude(changes.after, {
      mergedIntoId: into.id,
      supports: {
        moved: 2,
        duplicates: 2,
        targetCountBefore: 2,
        targetCountAfter: 3,
        targetMovedToReview: true,
      },
    })

    // Residents see "merged into" the target, with its title.
    const page = await expectStatus(client.get(`/ideas/${duplicate.id}`).withInertia(), 200)
    assert.deepEqual(page.inertiaProps.mergedInto, { id: into.id, title: into.title })

    // A moved support is an ordinary support of the target: withdrawable once.
    await expectStatus(
      client.delete(`/ideas/${into.id}/support`).accept('json').withCsrfToken().loginAs(early),
      200
    )
    await expectStatus(
      client.delete(`/ideas/${into.id}/support`).accept('json').withCsrfToken().loginAs(early),
      409
    )
    await into.refresh()
    assert.equal(into.supportCount, 2)
  })

  test('a target past publication keeps its status; its count still grows', async ({
    client,
    assert,
  }) => {
    const { campaign, city, author } = await ideasCampaign({ threshold: 2 })
    const into = await makeIdea(campaign, author, { status: 'on_ballot' })
    const duplicate = await makeIdea(campaign, author)
    await supportAt(duplicate, await resident(), '2026-11-01T10:00:00Z')
    await supportAt(duplicate, await resident(), '2026-11-01T10:01:00Z')
    const admin = await createStaff({ role: 'admin', communityId: city.id })
    await expectStatus(
      staffRequest(client, 'post', `/staff/proposals/ideas/${duplicate.id}/merge`, admin)
        .json({ intoId: into.id, reason: 'Duplicate of the project' })
        .accept('json'),
      200
    )
    await into.refresh()
    assert.equal(into.status, 'on_ballot')
    assert.equal(into.supportCount, 2)
    const notices = await db.from('resident_notifications').where('idea_id', into.id)
    assert.lengthOf(notices, 0)
  })

  test('a refused merge moves nothing', async ({ client, assert }) => {
    const { campaign, city, author } = await ideasCampaign()
    const into = await makeIdea(campaign, author, { status: 'draft' })
    const duplicate = await makeIdea(campaign, author)
    await supportAt(duplicate, await resident(), '2026-11-01T10:00:00Z')
    const moderator = await createStaff({ role: 'moderator', communityId: city.id })
    await expectStatus(
      staffRequest(client, 'post', `/staff/proposals/ideas/${duplicate.id}/merge`, moderator)
        .json({ intoId: into.id, reason: 'Same' })
        .accept('json'),
      422
    )
    assert.lengthOf(await activeOn(duplicate.id), 1)
    await duplicate.refresh()
    assert.equal(duplicate.supportCount, 1)
    assert.equal(duplicate.status, 'published')
  })
})
