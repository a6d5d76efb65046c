/*
| Issue #17 item 4: a resident's optional display name (never the phone) on their ideas and
| comments; what "my data" holds of the discussion and what deleting the account erases.
*/
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type Resident from '#identity/models/resident'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea, resident } from '#tests/helpers/proposals'

const rename = (client: ApiClient, who: Resident, displayName: unknown) =>
  client
    .put('/profile/display-name')
    .loginAs(who)
    .withCsrfToken()
    .json({ displayName })
    .accept('json')

test.group('Proposals · display names and the resident data of the discussion', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('set, refused when too long (translated, unchanged), cleared; shown on ideas, never the phone', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { title: 'Crosswalk at school' })
    const saved = await client
      .put('/profile/display-name')
      .loginAs(author)
      .withCsrfToken()
      .json({ displayName: '  Olga  ' })
      .redirects(0)
    assert.equal(saved.status(), 302)
    const row = await db.from('residents').where('id', author.id).first()
    assert.equal(row.display_name, 'Olga')

    const tooLong = await expectStatus(
      rename(client, author, 'x'.repeat(41)).header('accept-language', 'uk'),
      422
    )
    assert.equal(tooLong.body().errors[0].field, 'displayName')
    assert.match(tooLong.body().errors[0].message, /40/)
    assert.notMatch(tooLong.body().errors[0].message, /at most/)
    const unchanged = await db.from('residents').where('id', author.id).first()
    assert.equal(unchanged.display_name, 'Olga')

    const list = await expectStatus(
      client.get(`/campaigns/${campaign.slug}/ideas`).withInertia(),
      200
    )
    const card = (list.inertiaProps as any).ideas.find((item: any) => item.id === idea.id)
    assert.equal(card.authorName, 'Olga')
    const page = await expectStatus(client.get(`/ideas/${idea.id}`).withInertia(), 200)
    assert.equal((page.inertiaProps as any).discussion.authorName, 'Olga')
    assert.notInclude(JSON.stringify(list.inertiaProps), author.phoneE164)
    assert.notInclude(JSON.stringify(page.inertiaProps), author.phoneE164)

    await rename(client, author, '')
    const cleared = await db.from('residents').where('id', author.id).first()
    assert.isNull(cleared.display_name)
  })

  test('my data lists comments, reports and follows; deletion erases the name, reports and follows and keeps comments unnamed', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    const talker = await resident()
    await db.from('residents').where('id', talker.id).update({ display_name: 'Pavel' })
    await db
      .table('idea_discussion_comments')
      .insert({ idea_id: idea.id, author_id: author.id, body: 'Thanks all' })
    const [authorComment] = await db.from('idea_discussion_comments').where('idea_id', idea.id)
    await db
      .table('idea_discussion_comments')
      .insert({ idea_id: idea.id, author_id: talker.id, body: 'My two cents' })
    await db
      .table('idea_comment_reports')
      .insert({ comment_id: authorComment.id, resident_id: talker.id, reason: 'Off topic' })
    await db.table('idea_follows').insert({ idea_id: idea.id, resident_id: talker.id })

    const data = await expectStatus(client.get('/profile/data.json').loginAs(talker), 200)
    const body = JSON.parse(data.text())
    assert.equal(body.account.displayName, 'Pavel')
    assert.deepEqual(
      body.proposals.comments.map((comment: any) => comment.body),
      ['My two cents']
    )
    assert.match(body.proposals.comments[0].createdOn, /^\d{4}-\d{2}-\d{2}$/)
    assert.deepEqual(body.proposals.commentReports, [
      {
        commentId: authorComment.id,
        reason: 'Off topic',
        resolution: null,
        createdOn: body.proposals.commentReports[0].createdOn,
      },
    ])
    assert.deepEqual(body.proposals.followedIdeaIds, [idea.id])

    await client
      .delete('/profile')
      .loginAs(talker)
      .withCsrfToken()
      .json({ confirm: true })
      .redirects(0)
    const gone = await db.from('residents').where('id', talker.id).first()
    assert.isNull(gone.display_name)
    assert.lengthOf(await db.from('idea_comment_reports').where('resident_id', talker.id), 0)
    assert.lengthOf(await db.from('idea_follows').where('resident_id', talker.id), 0)
    const page = await expectStatus(client.get(`/ideas/${idea.id}`).withInertia(), 200)
    const threads = (page.inertiaProps as any).discussion.threads
    const kept = threads.find((thread: any) => thread.body === 'My two cents')
    assert.isNull(kept.authorName)
  })
})
