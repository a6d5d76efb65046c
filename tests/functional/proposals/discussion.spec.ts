/*
| Issue #17 item 4: residents' comments on ideas with one level of replies, reports to the
| moderators' queue, hiding with a reason, the hourly limit, length limits, CSRF, authorization.
*/
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import deploymentConfig from '#config/deployment'
import { commentLimiters, COMMENTS_PER_HOUR } from '#proposals/actions/discuss_idea'
import { createStaff, staffRequest, auditRows, assertStaffRefusals } from '#tests/helpers/staff'
import { expectStatus, makeCity } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea, resident } from '#tests/helpers/proposals'

const commentRows = (ideaId: number) =>
  db.from('idea_discussion_comments').where('idea_id', ideaId).orderBy('id')

const discussionTables = async () => {
  const counts: Record<string, number> = {}
  for (const table of ['idea_discussion_comments', 'idea_comment_reports', 'idea_follows']) {
    const [row] = await db.from(table).count('* as total')
    counts[table] = Number(row.total)
  }
  const hidden = await db
    .from('idea_discussion_comments')
    .whereNotNull('hidden_reason')
    .count('* as n')
  counts.hidden = Number(hidden[0].n)
  return counts
}

test.group('Proposals · discussion', (group) => {
  // The limiters are made once, on the base connection, not inside a test's transaction.
  group.setup(() => {
    commentLimiters()
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a resident comments and replies; the page shows threads with name or "Resident" and the day', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    const anna = await resident()
    await db.from('residents').where('id', anna.id).update({ display_name: 'Anna' })
    const bob = await resident()
    await expectStatus(
      client
        .post(`/ideas/${idea.id}/comments`)
        .loginAs(anna)
        .withCsrfToken()
        .json({ body: '  Great idea for the park.  ' })
        .accept('json'),
      200
    )
    const [first] = await commentRows(idea.id)
    assert.equal(first.body, 'Great idea for the park.')
    await expectStatus(
      client
        .post(`/ideas/${idea.id}/comments`)
        .loginAs(bob)
        .withCsrfToken()
        .json({ body: 'Agreed, with benches.', parentId: first.id })
        .accept('json'),
      200
    )
    const [, reply] = await commentRows(idea.id)
    // A reply to a reply joins the thread of its top-level comment.
    await expectStatus(
      client
        .post(`/ideas/${idea.id}/comments`)
        .loginAs(anna)
        .withCsrfToken()
        .json({ body: 'Benches too, yes.', parentId: reply.id })
        .accept('json'),
      200
    )
    const rows = await commentRows(idea.id)
    assert.deepEqual(
      rows.map((row) => row.parent_id),
      [null, first.id, first.id]
    )
    // Only the day is stored: no time column next to the resident.
    const columns = await db
      .from('information_schema.columns')
      .where('table_name', 'idea_discussion_comments')
      .whereLike('data_type', 'timestamp%')
      .select('column_name')
    assert.deepEqual(columns, [])

    const page = await expectStatus(client.get(`/ideas/${idea.id}`).withInertia(), 200)
    const { discussion } = page.inertiaProps as any
    assert.equal(discussion.commentCount, 3)
    assert.lengthOf(discussion.threads, 1)
    const [thread] = discussion.threads
    assert.equal(thread.authorName, 'Anna')
    assert.match(thread.createdOn, /^\d{4}-\d{2}-\d{2}$/)
    assert.deepEqual(
      thread.replies.map((item: { authorName: string | null }) => item.authorName),
      [null, 'Anna']
    )
    assert.notInclude(JSON.stringify(page.inertiaProps), anna.phoneE164)
    assert.notInclude(JSON.stringify(page.inertiaProps), bob.phoneE164)
  })

  test('length limits answer 422 with translated field messages and store nothing', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    const someone = await resident()
    const tooLong = await expectStatus(
      client
        .post(`/ideas/${idea.id}/comments`)
        .loginAs(someone)
        .withCsrfToken()
        .header('accept-language', 'ru')
        .json({ body: 'я'.repeat(2001) })
        .accept('json'),
      422
    )
    assert.equal(tooLong.body().errors[0].field, 'body')
    assert.equal(tooLong.body().errors[0].message, 'Не длиннее 2000 символов')
    const empty = await expectStatus(
      client
        .post(`/ideas/${idea.id}/comments`)
        .loginAs(someone)
        .withCsrfToken()
        .header('accept-language', 'uk')
        .json({ body: '   ' })
        .accept('json'),
      422
    )
    assert.equal(empty.body().errors[0].field, 'body')
    // A parent from another idea is a field error too.
    const other = await makeIdea(campaign, author)
    await db
      .table('idea_discussion_comments')
      .insert({ idea_id: other.id, author_id: someone.id, body: 'Elsewhere' })
    const [elsewhere] = await commentRows(other.id)
    const wrongParent = await expectStatus(
      client
        .post(`/ideas/${idea.id}/comments`)
        .loginAs(someone)
        .withCsrfToken()
        .json({ body: 'A reply', parentId: elsewhere.id })
        .accept('json'),
      422
    )
    assert.equal(wrongParent.body().errors[0].field, 'parentId')
    assert.lengthOf(await commentRows(idea.id), 0)

    // A page form: back to the page with the field's message (Inertia keeps the typed text).
    const back = await client
      .post(`/ideas/${idea.id}/comments`)
      .loginAs(someone)
      .withCsrfToken()
      .withInertia()
      .header('referer', `/ideas/${idea.id}`)
      .json({ body: 'x'.repeat(2001) })
      .redirects(0)
    assert.equal(back.status(), 302)
    assert.equal(back.header('location'), `/ideas/${idea.id}`)
    assert.lengthOf(await commentRows(idea.id), 0)
  })

  test('without a CSRF token or signed out nothing is written', async ({ client, assert }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    const someone = await resident()
    const before = await discussionTables()
    const forged = await client
      .post(`/ideas/${idea.id}/comments`)
      .loginAs(someone)
      .json({ body: 'From another site' })
      .redirects(0)
    assert.notEqual(forged.status(), 200)
    assert.isAtLeast(forged.status(), 300)
    const anonymous = await client
      .post(`/ideas/${idea.id}/comments`)
      .withCsrfToken()
      .json({ body: 'Nobody' })
      .redirects(0)
    assert.include([302, 401], anonymous.status())
    const forgedFollow = await client.post(`/ideas/${idea.id}/follow`).loginAs(someone).redirects(0)
    assert.isAtLeast(forgedFollow.status(), 300)
    assert.deepEqual(await discussionTables(), before)
  })

  test('comments are limited per resident and hour: a clear 429 and nothing stored', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    const talker = await resident()
    const post = (body: string, who = talker) =>
      client
        .post(`/ideas/${idea.id}/comments`)
        .loginAs(who)
        .withCsrfToken()
        .json({ body })
        .accept('json')
    for (let n = 1; n <= COMMENTS_PER_HOUR; n++) await expectStatus(post(`Comment ${n}`), 200)
    const refused = await expectStatus(post('One too many'), 429)
    assert.equal(refused.body().error, 'too_many_comments')
    assert.match(refused.body().message, /wait \d+ (minutes?|hour)/)
    assert.isAbove(Number(refused.header('retry-after')), 0)
    // The page form: back to the page with the same message, in the page's language.
    const form = await client
      .post(`/ideas/${idea.id}/comments`)
      .loginAs(talker)
      .withCsrfToken()
      .withInertia()
      .header('referer', `/ideas/${idea.id}`)
      .header('accept-language', 'ru')
      .json({ body: 'One too many, from the page' })
      .redirects(0)
    assert.equal(form.status(), 302)
    assert.match(
      String(form.flashMessages().error),
      /^За последний час вы написали много комментариев/
    )
    assert.lengthOf(await commentRows(idea.id), COMMENTS_PER_HOUR)
    // A refused request (bad input) does not spend the allowance of another resident.
    const other = await resident()
    await expectStatus(post('x'.repeat(2001), other), 422)
    await expectStatus(post('Still allowed', other), 200)
    // The counter names nobody.
    const keys = await db.from('rate_limits').whereLike('key', '%comment%').select('key')
    for (const { key } of keys) assert.notInclude(key, String(talker.id))
  })

  test('comments only on visible ideas open for discussion', async ({ client }) => {
    const { campaign, author } = await ideasCampaign()
    const someone = await resident()
    const post = (ideaId: number) =>
      client
        .post(`/ideas/${ideaId}/comments`)
        .loginAs(someone)
        .withCsrfToken()
        .json({ body: 'Hello there' })
        .accept('json')
    const draft = await makeIdea(campaign, author, { status: 'draft' })
    await expectStatus(post(draft.id), 409)
    const hidden = await makeIdea(campaign, author)
    await db
      .from('ideas')
      .where('id', hidden.id)
      .update({ status: 'hidden', hidden_reason: 'Abuse', status_before_hidden: 'published' })
    await expectStatus(post(hidden.id), 409)
    const merged = await makeIdea(campaign, author)
    const target = await makeIdea(campaign, author)
    await db
      .from('ideas')
      .where('id', merged.id)
      .update({ status: 'merged', merged_into_id: target.id })
    await expectStatus(post(merged.id), 409)
    await expectStatus(post(2_000_000_000), 404)
  })

  test("reports go to the moderators' queue; hide with a reason or dismiss", async ({
    client,
    assert,
  }) => {
    const { campaign, city, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    const rude = await resident()
    const reader = await resident()
    const moderator = await createStaff({ role: 'moderator', communityId: city.id })
    await db.table('idea_discussion_comments').multiInsert([
      { idea_id: idea.id, author_id: rude.id, body: 'You are all idiots' },
      { idea_id: idea.id, author_id: rude.id, body: 'A fair point, really' },
    ])
    const [insult, fair] = await commentRows(idea.id)
    const report = (commentId: number, who = reader, reason = 'Insults other residents') =>
      client
        .post(`/comments/${commentId}/report`)
        .loginAs(who)
        .withCsrfToken()
        .json({ reason })
        .accept('json')
    await expectStatus(report(insult.id), 200)
    await expectStatus(report(fair.id, reader, 'Off topic'), 200)
    const again = await expectStatus(report(insult.id), 409)
    assert.equal(again.body().error, 'already_reported')
    const ownReport = await expectStatus(report(insult.id, rude), 409)
    assert.equal(ownReport.body().error, 'own_comment')
    await expectStatus(report(insult.id, reader, 'x'.repeat(501)), 422)

    const queue = await expectStatus(
      staffRequest(
        client,
        'get',
        `/staff/proposals/campaigns/${campaign.id}/comments`,
        moderator
      ).withInertia(),
      200
    )
    const listed = (queue.inertiaProps as any).comments
    assert.sameMembers(
      listed.map((item: { id: number }) => item.id),
      [insult.id, fair.id]
    )
    assert.deepEqual(listed.find((item: any) => item.id === insult.id).reports, [
      'Insults other residents',
    ])

    // Hide with a reason: residents no longer see it, its author does (with the reason).
    await expectStatus(
      staffRequest(client, 'post', `/staff/proposals/comments/${insult.id}/hide`, moderator)
        .json({ reason: 'Insults are not allowed' })
        .accept('json'),
      200
    )
    await expectStatus(
      staffRequest(client, 'post', `/staff/proposals/comments/${insult.id}/hide`, moderator)
        .json({ reason: 'Again' })
        .accept('json'),
      409
    )
    await expectStatus(
      staffRequest(client, 'post', `/staff/proposals/comments/${fair.id}/dismiss`, moderator)
        .json({})
        .accept('json'),
      200
    )
    await expectStatus(
      staffRequest(client, 'post', `/staff/proposals/comments/${fair.id}/dismiss`, moderator)
        .json({})
        .accept('json'),
      409
    )
    const resolutions = await db
      .from('idea_comment_reports')
      .orderBy('comment_id')
      .whereIn('comment_id', [insult.id, fair.id])
      .select('comment_id', 'resolution')
    assert.deepEqual(resolutions, [
      { comment_id: insult.id, resolution: 'hidden' },
      { comment_id: fair.id, resolution: 'dismissed' },
    ])
    const publicPage = await expectStatus(
      client.get(`/ideas/${idea.id}`).withInertia().loginAs(reader),
      200
    )
    assert.notInclude(JSON.stringify(publicPage.inertiaProps), 'idiots')
    assert.notInclude(JSON.stringify(publicPage.inertiaProps), 'Insults are not allowed')
    assert.equal((publicPage.inertiaProps as any).discussion.commentCount, 1)
    const own = await expectStatus(client.get(`/ideas/${idea.id}`).withInertia().loginAs(rude), 200)
    const mine = (own.inertiaProps as any).discussion.threads.find((t: any) => t.id === insult.id)
    assert.equal(mine.body, 'You are all idiots')
    assert.equal(mine.hiddenReason, 'Insults are not allowed')
    const [notice] = await db
      .from('resident_notifications')
      .where('resident_id', rude.id)
      .where('kind', 'comment_hidden')
    assert.equal(notice.params.reason, 'Insults are not allowed')
    assert.lengthOf(await auditRows('comment.hidden', { type: 'idea_comment', id: insult.id }), 1)
    assert.lengthOf(
      await auditRows('comment.reports_dismissed', { type: 'idea_comment', id: fair.id }),
      1
    )
    // Staff see the hidden comment with its reason; the dismissed one left the queue.
    const after = await expectStatus(
      staffRequest(
        client,
        'get',
        `/staff/proposals/campaigns/${campaign.id}/comments`,
        moderator
      ).withInertia(),
      200
    )
    assert.deepEqual(
      (after.inertiaProps as any).comments.map((item: any) => [item.id, item.hiddenReason]),
      [[insult.id, 'Insults are not allowed']]
    )
    // A hidden comment cannot be replied to or reported.
    await expectStatus(report(insult.id, author), 404)
    await expectStatus(
      client
        .post(`/ideas/${idea.id}/comments`)
        .loginAs(reader)
        .withCsrfToken()
        .json({ body: 'Replying', parentId: insult.id })
        .accept('json'),
      422
    )
  })

  test("only moderators and admins of the campaign's community hide or dismiss", async ({
    client,
    assert,
  }) => {
    const { campaign, city, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    const writer = await resident()
    await db
      .table('idea_discussion_comments')
      .insert({ idea_id: idea.id, author_id: writer.id, body: 'A comment' })
    const [comment] = await commentRows(idea.id)
    await db
      .table('idea_comment_reports')
      .insert({ comment_id: comment.id, resident_id: author.id, reason: 'Spam' })
    const { city: elsewhere } = await makeCity()
    const insiders = {
      expert: await createStaff({ role: 'expert', communityId: city.id }),
      observer: await createStaff({ role: 'observer', communityId: city.id }),
      terminal: await createStaff({ role: 'terminal', communityId: city.id }),
      moderator: await createStaff({ role: 'moderator', communityId: city.id }),
      admin: await createStaff({ role: 'admin', communityId: city.id }),
    }
    await assertStaffRefusals(client, assert, {
      routes: [
        {
          name: 'hide',
          method: 'post',
          path: `/staff/proposals/comments/${comment.id}/hide`,
          body: { reason: 'Spam links' },
          allowed: ['admin', 'moderator'],
        },
        {
          name: 'dismiss',
          method: 'post',
          path: `/staff/proposals/comments/${comment.id}/dismiss`,
          allowed: ['admin', 'moderator'],
        },
        {
          name: 'queue',
          method: 'get',
          path: `/staff/proposals/campaigns/${campaign.id}/comments`,
          allowed: ['admin', 'moderator', 'observer'],
        },
      ],
      insiders,
      outsideCommunityId: elsewhere.id,
      snapshot: discussionTables,
    })
    // A resident session is no staff session.
    const asResident = await client
      .post(`/staff/proposals/comments/${comment.id}/hide`)
      .loginAs(writer)
      .withCsrfToken()
      .json({ reason: 'Spam links' })
      .redirects(0)
    assert.include([302, 401, 403], asResident.status())
    const tables = await discussionTables()
    assert.equal(tables.hidden, 0)
    // The admin of the community may.
    await expectStatus(
      staffRequest(client, 'post', `/staff/proposals/comments/${comment.id}/hide`, insiders.admin)
        .json({ reason: 'Spam links' })
        .accept('json'),
      200
    )
  })

  test('a comment’s day is the city’s day (CITY_TIME_ZONE), not the database’s', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    const anna = await resident()
    const before = deploymentConfig.timeZone
    // 25 hours apart: at any moment these two zones are on different calendar days.
    const zones = ['Pacific/Kiritimati', 'Pacific/Pago_Pago']
    try {
      for (const zone of zones) {
        deploymentConfig.timeZone = zone
        await expectStatus(
          client
            .post(`/ideas/${idea.id}/comments`)
            .loginAs(anna)
            .withCsrfToken()
            .json({ body: `Written in ${zone}` })
            .accept('json'),
          200
        )
      }
    } finally {
      deploymentConfig.timeZone = before
    }
    const rows = await db
      .from('idea_discussion_comments')
      .where('idea_id', idea.id)
      .orderBy('id')
      .select(db.raw(`to_char(created_on, 'YYYY-MM-DD') as day`))
    const [kiritimati, pagoPago] = zones.map((zone) => DateTime.now().setZone(zone).toISODate())
    assert.deepEqual(
      rows.map((row) => row.day),
      [kiritimati, pagoPago]
    )
    assert.notEqual(kiritimati, pagoPago)
  })
})
