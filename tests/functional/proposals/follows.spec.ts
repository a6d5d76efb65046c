/*
| Issue #17 item 4: residents follow an idea and hear of its status changes — in review, merged,
| on the ballot, rejected, funded — as an in-app notice and one text message in their language.
*/
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import i18nManager from '@adonisjs/i18n/services/main'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import { smsOutbox } from '#identity/sms/sms_outbox'
import type Resident from '#identity/models/resident'
import { createStaff, staffRequest } from '#tests/helpers/staff'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea, resident } from '#tests/helpers/proposals'
import { resultsCampaign } from '#tests/helpers/implementation'
import { applyFundingDecision } from '#implementation/actions/track_implementation'

const follow = (client: ApiClient, ideaId: number, who: Resident) =>
  client.post(`/ideas/${ideaId}/follow`).loginAs(who).withCsrfToken().accept('json')
const unfollow = (client: ApiClient, ideaId: number, who: Resident) =>
  client.delete(`/ideas/${ideaId}/follow`).loginAs(who).withCsrfToken().accept('json')
const noticesOf = (who: Resident) =>
  db
    .from('resident_notifications')
    .where('resident_id', who.id)
    .orderBy('id')
    .select('kind', 'idea_id')

test.group('Proposals · following an idea', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => smsOutbox.clear())

  test('follow (twice is once), shown on the page, unfollow', async ({ client, assert }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    const fan = await resident()
    await expectStatus(follow(client, idea.id, fan), 200)
    await expectStatus(follow(client, idea.id, fan), 200)
    const rows = await db.from('idea_follows').where('idea_id', idea.id)
    assert.deepEqual(rows, [{ idea_id: idea.id, resident_id: fan.id }])
    const page = await expectStatus(client.get(`/ideas/${idea.id}`).withInertia().loginAs(fan), 200)
    assert.isTrue((page.inertiaProps as any).discussion.following)
    await expectStatus(unfollow(client, idea.id, fan), 200)
    assert.lengthOf(await db.from('idea_follows').where('idea_id', idea.id), 0)
    // Drafts and hidden ideas cannot be followed (they are not visible).
    const draft = await makeIdea(campaign, author, { status: 'draft' })
    await expectStatus(follow(client, draft.id, fan), 404)
    assert.lengthOf(await db.from('idea_follows').where('resident_id', fan.id), 0)
  })

  for (const locale of ['en', 'ru', 'uk']) {
    test(`followers hear of approval and rejection in their language (${locale}); the unfollowed do not`, async ({
      client,
      assert,
    }) => {
      const fx = await ideasCampaign({ stage: 'review' })
      const approved = await makeIdea(fx.campaign, fx.author, { status: 'in_review' })
      const rejected = await makeIdea(fx.campaign, fx.author, { status: 'in_review' })
      const fan = await resident(null, locale)
      const former = await resident()
      for (const idea of [approved, rejected]) {
        await expectStatus(follow(client, idea.id, fan), 200)
        await expectStatus(follow(client, idea.id, former), 200)
        await expectStatus(unfollow(client, idea.id, former), 200)
      }
      // The author following their own idea gets only their own notice.
      await expectStatus(follow(client, approved.id, fx.author), 200)
      const admin = await createStaff({ role: 'admin', communityId: fx.city.id })
      await expectStatus(
        staffRequest(client, 'post', `/staff/proposals/ideas/${approved.id}/approve`, admin)
          .json({ cost: 500, potId: fx.pot.id })
          .accept('json'),
        201
      )
      await expectStatus(
        staffRequest(client, 'post', `/staff/proposals/ideas/${rejected.id}/reject`, admin)
          .json({ reason: 'Private land' })
          .accept('json'),
        200
      )
      assert.deepEqual(await noticesOf(fan), [
        { kind: 'followed_approved', idea_id: approved.id },
        { kind: 'followed_rejected', idea_id: rejected.id },
      ])
      assert.deepEqual(await noticesOf(former), [])
      const authorNotices = await noticesOf(fx.author)
      assert.deepEqual(
        authorNotices.map((notice) => notice.kind),
        ['idea_approved', 'idea_rejected']
      )
      // The outbox lists the newest first.
      const texts = smsOutbox
        .for(fan.phoneE164)
        .map((sms) => sms.text)
        .reverse()
      const i18n = i18nManager.locale(locale)
      assert.deepEqual(texts, [
        i18n.t('proposals.sms.followed_approved', { title: approved.title }),
        i18n.t('proposals.sms.followed_rejected', {
          title: rejected.title,
          reason: 'Private land',
        }),
      ])
      assert.lengthOf(smsOutbox.for(former.phoneE164), 0)
      // The notice reads in the page's language on "my ideas".
      const mine = await expectStatus(
        client.get('/my/ideas').header('Accept-Language', locale).withInertia().loginAs(fan),
        200
      )
      const shown = (mine.inertiaProps as any).notices.map((notice: any) => notice.text)
      assert.include(shown[1], approved.title)
    })
  }

  test('the support that reaches the threshold tells followers once', async ({
    client,
    assert,
  }) => {
    const { campaign, author, north } = await ideasCampaign({ threshold: 2 })
    const idea = await makeIdea(campaign, author)
    const fan = await resident()
    await expectStatus(follow(client, idea.id, fan), 200)
    for (const supporter of [await resident(north.id), await resident(north.id)]) {
      await expectStatus(
        client.post(`/ideas/${idea.id}/support`).loginAs(supporter).withCsrfToken().accept('json'),
        200
      )
    }
    await expectStatus(
      client.post(`/ideas/${idea.id}/support`).loginAs(fan).withCsrfToken().accept('json'),
      200
    )
    assert.deepEqual(await noticesOf(fan), [{ kind: 'followed_in_review', idea_id: idea.id }])
    assert.lengthOf(smsOutbox.for(fan.phoneE164), 1)
  })

  test("a merge tells the duplicate's followers and makes them follow the target", async ({
    client,
    assert,
  }) => {
    const { campaign, city, author } = await ideasCampaign()
    const duplicate = await makeIdea(campaign, author)
    const original = await makeIdea(campaign, await resident(), { title: 'The original' })
    const fan = await resident()
    await expectStatus(follow(client, duplicate.id, fan), 200)
    const moderator = await createStaff({ role: 'moderator', communityId: city.id })
    await expectStatus(
      staffRequest(client, 'post', `/staff/proposals/ideas/${duplicate.id}/merge`, moderator)
        .json({ intoId: original.id, reason: 'Same place' })
        .accept('json'),
      200
    )
    assert.deepEqual(await noticesOf(fan), [{ kind: 'followed_merged', idea_id: duplicate.id }])
    const follows = await db.from('idea_follows').where('resident_id', fan.id).orderBy('idea_id')
    assert.sameMembers(
      follows.map((row) => row.idea_id),
      [duplicate.id, original.id]
    )
  })

  test("funding tells the followers of the project's idea", async ({ client, assert }) => {
    const fx = await resultsCampaign('results')
    const fan = await resident(null, 'ru')
    await db.table('idea_follows').insert({ idea_id: fx.project.ideaId, resident_id: fan.id })
    const admin = await createStaff({ role: 'admin', communityId: fx.city.id })
    await expectStatus(
      staffRequest(client, 'post', `/staff/implementation/projects/${fx.project.id}/funding`, admin)
        .json({ funded: true })
        .accept('json'),
      200
    )
    assert.deepEqual(await noticesOf(fan), [
      { kind: 'followed_funded', idea_id: fx.project.ideaId },
    ])
    const [text] = smsOutbox.for(fan.phoneE164)
    assert.equal(
      text.text,
      i18nManager.locale('ru').t('proposals.sms.followed_funded', { title: 'Playground' })
    )
  })

  test('an outcome funding its selection tells the followers once committed', async ({
    assert,
  }) => {
    const fx = await resultsCampaign('results')
    const fan = await resident()
    await db.table('idea_follows').insert({ idea_id: fx.second.ideaId, resident_id: fan.id })
    await db.transaction(async (trx) => {
      await applyFundingDecision({ type: 'system', id: null }, fx.campaign, [fx.second.id], trx)
      // Nothing is texted before the commit.
      assert.lengthOf(smsOutbox.for(fan.phoneE164), 0)
    })
    assert.deepEqual(await noticesOf(fan), [{ kind: 'followed_funded', idea_id: fx.second.ideaId }])
    assert.lengthOf(smsOutbox.for(fan.phoneE164), 1)
    // The same decision again changes nothing and tells nobody.
    await db.transaction((trx) =>
      applyFundingDecision({ type: 'system', id: null }, fx.campaign, [fx.second.id], trx)
    )
    assert.lengthOf(await noticesOf(fan), 1)
    assert.lengthOf(smsOutbox.for(fan.phoneE164), 1)
  })
})
