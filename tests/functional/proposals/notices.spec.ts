import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import i18nManager from '@adonisjs/i18n/services/main'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import { smsOutbox } from '#identity/sms/sms_outbox'
import type Idea from '#proposals/models/idea'
import type StaffUser from '#identity/models/staff_user'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea, resident } from '#tests/helpers/proposals'
import { createStaff, staffRequest } from '#tests/helpers/staff'

type Fixture = Awaited<ReturnType<typeof ideasCampaign>>

/** A decision as a staff request (sent twice by each test: the second must tell nobody). */
interface Decision {
  event: string
  kind: string
  role: 'admin' | 'moderator' | 'expert'
  send: (client: ApiClient, fx: Fixture, idea: Idea, staff: StaffUser) => Promise<unknown>
  /** what the author's text must carry */
  params: (idea: Idea) => Record<string, string | number>
}

const post = (client: ApiClient, path: string, staff: StaffUser, body: object) =>
  staffRequest(client, 'post', path, staff).json(body).accept('json')

const DECISIONS: Decision[] = [
  {
    event: 'hidden',
    kind: 'idea_hidden',
    role: 'moderator',
    send: (client, _fx, idea, staff) =>
      post(client, `/staff/proposals/ideas/${idea.id}/hide`, staff, { reason: 'Insults' }),
    params: (idea) => ({ title: idea.title, reason: 'Insults' }),
  },
  {
    event: 'merged',
    kind: 'idea_merged',
    role: 'moderator',
    send: async (client, fx, idea, staff) => {
      const into = await makeIdea(fx.campaign, await resident(), { title: 'The original' })
      return post(client, `/staff/proposals/ideas/${idea.id}/merge`, staff, {
        intoId: into.id,
        reason: 'Same place',
      })
    },
    params: (idea) => ({ title: idea.title }),
  },
  {
    event: 'approved onto the ballot',
    kind: 'idea_approved',
    role: 'admin',
    send: (client, fx, idea, staff) =>
      post(client, `/staff/proposals/ideas/${idea.id}/approve`, staff, {
        cost: 500,
        potId: fx.pot.id,
      }),
    params: (idea) => ({ title: idea.title }),
  },
  {
    event: 'rejected',
    kind: 'idea_rejected',
    role: 'admin',
    send: (client, _fx, idea, staff) =>
      post(client, `/staff/proposals/ideas/${idea.id}/reject`, staff, { reason: 'Private land' }),
    params: (idea) => ({ title: idea.title, reason: 'Private land' }),
  },
  {
    event: 'found unfeasible',
    kind: 'idea_unfeasible',
    role: 'expert',
    send: async (client, _fx, idea, staff) => {
      await db.rawQuery(
        `INSERT INTO idea_expert_assignments (idea_id, expert_id, created_at)
         VALUES (?, ?, now()) ON CONFLICT DO NOTHING`,
        [idea.id, staff.id]
      )
      return post(client, `/staff/proposals/ideas/${idea.id}/review`, staff, {
        feasibility: 'unfeasible',
        explanation: 'A gas pipe runs there',
        costEstimate: 900,
      })
    },
    params: (idea) => ({ title: idea.title, explanation: 'A gas pipe runs there' }),
  },
]

test.group('Proposals · the author is told, once, in their language', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => smsOutbox.clear())

  for (const decision of DECISIONS) {
    for (const locale of ['en', 'ru', 'uk']) {
      test(`${decision.event} (${locale}): one in-app notice and one text message`, async ({
        client,
        assert,
      }) => {
        const fx = await ideasCampaign({ stage: 'review' })
        const author = await resident(fx.north.id, locale)
        const idea = await makeIdea(fx.campaign, author, { status: 'in_review' })
        const staff = await createStaff({ role: decision.role, communityId: fx.city.id })
        await decision.send(client, fx, idea, staff)
        // The same decision again (a double submit): refused or no news — never a second notice.
        await decision.send(client, fx, idea, staff)

        const notices = await db
          .from('resident_notifications')
          .where('resident_id', author.id)
          .select('kind', 'idea_id')
        assert.deepEqual(notices, [{ kind: decision.kind, idea_id: idea.id }])

        const texts = smsOutbox.for(author.phoneE164)
        assert.lengthOf(texts, 1)
        const expected = i18nManager
          .locale(locale)
          .t(`proposals.sms.${decision.kind}`, decision.params(idea))
        assert.equal(texts[0].text, expected)
        if (locale !== 'en') {
          const english = i18nManager
            .locale('en')
            .t(`proposals.sms.${decision.kind}`, decision.params(idea))
          assert.notEqual(texts[0].text, english)
        }

        // The in-app notice reads in the language of the page.
        const mine = await expectStatus(
          client.get('/my/ideas').header('Accept-Language', locale).withInertia().loginAs(author),
          200
        )
        const [shown] = mine.inertiaProps.notices as { kind: string; text: string }[]
        assert.equal(shown.kind, decision.kind)
        assert.include(shown.text, idea.title)
      })
    }
  }

  test('a revised or second unfeasible finding is no news; feasible findings are silent', async ({
    client,
    assert,
  }) => {
    const fx = await ideasCampaign({ stage: 'review' })
    const idea = await makeIdea(fx.campaign, fx.author, { status: 'in_review' })
    const first = await createStaff({ role: 'expert', communityId: fx.city.id })
    const second = await createStaff({ role: 'expert', communityId: fx.city.id })
    for (const expert of [first, second]) {
      await db.table('idea_expert_assignments').insert({
        idea_id: idea.id,
        expert_id: expert.id,
        created_at: new Date(),
      })
    }
    const review = (expert: StaffUser, body: object) =>
      expectStatus(post(client, `/staff/proposals/ideas/${idea.id}/review`, expert, body), 200)
    await review(first, { feasibility: 'feasible', costEstimate: 100 })
    assert.lengthOf(smsOutbox.for(fx.author.phoneE164), 0)
    await review(first, { feasibility: 'unfeasible', explanation: 'Flood zone' })
    await review(first, { feasibility: 'unfeasible', explanation: 'Flood zone, see map' })
    await review(second, { feasibility: 'unfeasible', explanation: 'Agreed' })
    const kinds = await db.from('resident_notifications').where('idea_id', idea.id).select('kind')
    assert.deepEqual(kinds, [{ kind: 'idea_unfeasible' }])
    assert.lengthOf(smsOutbox.for(fx.author.phoneE164), 1)
  })
})
