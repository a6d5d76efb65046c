import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { SmsGateway } from '#identity/sms/sms_gateway'
import Idea from '#proposals/models/idea'
import Project from '#proposals/models/project'
import { createStaff, staffRequest, auditRows } from '#tests/helpers/staff'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea, proposalCounts } from '#tests/helpers/proposals'
import { projectsOnBallot } from '#proposals/ballot_list'

class RecordingSms extends SmsGateway {
  sent: { to: string; text: string }[] = []
  async send(to: string, text: string) {
    this.sent.push({ to, text })
  }
}

const notices = (ideaId: number) =>
  db.from('resident_notifications').where('idea_id', ideaId).orderBy('id')

test.group('Proposals · moderation, expert review, approval', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  let sms: RecordingSms
  group.each.setup(() => {
    sms = new RecordingSms()
    app.container.swap(SmsGateway, () => sms)
    return () => app.container.restore(SmsGateway)
  })

  test('a moderator hides with a reason the author sees, and shows it again', async ({
    client,
    assert,
  }) => {
    const { campaign, city, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'published' })
    const moderator = await createStaff({ role: 'moderator', communityId: city.id })
    await expectStatus(
      staffRequest(client, 'post', `/staff/proposals/ideas/${idea.id}/hide`, moderator)
        .json({ reason: 'Personal insults' })
        .accept('json'),
      200
    )
    await idea.refresh()
    assert.equal(idea.status, 'hidden')
    assert.equal(idea.hiddenReason, 'Personal insults')
    // Hidden from the public, visible to its author with the reason.
    await expectStatus(client.get(`/ideas/${idea.id}`).withInertia(), 404)
    const own = await expectStatus(
      client.get(`/ideas/${idea.id}`).withInertia().loginAs(author),
      200
    )
    assert.equal(own.inertiaProps.idea.hiddenReason, 'Personal insults')
    const [notice] = await notices(idea.id)
    assert.equal(notice.kind, 'idea_hidden')
    assert.lengthOf(sms.sent, 1)
    assert.include(sms.sent[0].text, 'Personal insults')
    assert.equal(sms.sent[0].to, author.phoneE164)
    assert.lengthOf(await auditRows('idea.hidden', { type: 'idea', id: idea.id }), 1)

    // A reason is required; the state does not change without one.
    await expectStatus(
      staffRequest(client, 'post', `/staff/proposals/ideas/${idea.id}/unhide`, moderator)
        .json({ reason: '' })
        .accept('json'),
      422
    )
    await idea.refresh()
    assert.equal(idea.status, 'hidden')
    await expectStatus(
      staffRequest(client, 'post', `/staff/proposals/ideas/${idea.id}/unhide`, moderator)
        .json({ reason: 'Edited by the author offline' })
        .accept('json'),
      200
    )
    await idea.refresh()
    assert.equal(idea.status, 'published')
  })

  test('merging duplicates', async ({ client, assert }) => {
    const { campaign, city, author, other } = await ideasCampaign()
    const original = await makeIdea(campaign, author, { title: 'Skate park' })
    const duplicate = await makeIdea(campaign, author, { title: 'Skate park again' })
    const moderator = await createStaff({ role: 'moderator', communityId: city.id })
    const send = (body: Record<string, unknown>) =>
      staffRequest(client, 'post', `/staff/proposals/ideas/${duplicate.id}/merge`, moderator)
        .json(body)
        .accept('json')
    await expectStatus(send({ intoId: duplicate.id, reason: 'Same idea' }), 422)
    await expectStatus(send({ intoId: 999999, reason: 'Same idea' }), 422)
    const foreign = await ideasCampaign()
    const elsewhere = await makeIdea(foreign.campaign, foreign.author)
    await expectStatus(send({ intoId: elsewhere.id, reason: 'Same idea' }), 422)
    await expectStatus(send({ intoId: 'abc' }), 422)
    await duplicate.refresh()
    assert.equal(duplicate.status, 'published')
    await expectStatus(send({ intoId: original.id, reason: 'Same idea' }), 200)
    await duplicate.refresh()
    assert.equal(duplicate.status, 'merged')
    assert.equal(duplicate.mergedIntoId, original.id)
    assert.isDefined(other)
  })

  test('experts: assigned by admins; unfeasible needs an explanation; comments public or internal', async ({
    client,
    assert,
  }) => {
    const { campaign, city, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'in_review' })
    const admin = await createStaff({ role: 'admin', communityId: city.id })
    const expert = await createStaff({ role: 'expert', communityId: city.id })
    const elsewhere = await ideasCampaign()
    const outsiderExpert = await createStaff({ role: 'expert', communityId: elsewhere.city.id })
    const review = (body: Record<string, unknown>) =>
      staffRequest(client, 'post', `/staff/proposals/ideas/${idea.id}/review`, expert)
        .json(body)
        .accept('json')

    // Not assigned yet.
    await expectStatus(review({ feasibility: 'feasible' }), 403)
    await expectStatus(
      staffRequest(client, 'post', `/staff/proposals/ideas/${idea.id}/experts`, admin)
        .json({ expertId: outsiderExpert.id })
        .accept('json'),
      422
    )
    await expectStatus(
      staffRequest(client, 'post', `/staff/proposals/ideas/${idea.id}/experts`, admin)
        .json({ expertId: expert.id })
        .accept('json'),
      200
    )
    const before = await proposalCounts()
    for (const bad of [
      { feasibility: 'unfeasible' },
      { feasibility: 'unfeasible', explanation: '   ' },
      { feasibility: 'maybe' },
      { feasibility: 'feasible', costEstimate: -3 },
      { feasibility: 'feasible', comment: 'x', commentVisibility: 'secret' },
    ]) {
      await expectStatus(review(bad), 422)
    }
    assert.deepEqual(await proposalCounts(), before)
    // The database refuses it too.
    await assert.rejects(() =>
      db.transaction((trx) =>
        trx.table('idea_reviews').insert({
          idea_id: idea.id,
          expert_id: expert.id,
          feasibility: 'unfeasible',
          created_at: new Date(),
          updated_at: new Date(),
        })
      )
    )

    await expectStatus(
      review({
        feasibility: 'unfeasible',
        explanation: 'The land belongs to the railway',
        costEstimate: 1_200_000,
        comment: 'Ask the railway first',
        commentVisibility: 'public',
      }),
      200
    )
    await expectStatus(
      review({
        feasibility: 'feasible',
        comment: 'Checked the site',
        commentVisibility: 'internal',
      }),
      200
    )
    const reviews = await db.from('idea_reviews').where('idea_id', idea.id)
    assert.lengthOf(reviews, 1, 'one review per expert, revised')
    assert.equal(reviews[0].feasibility, 'feasible')
    const page = await expectStatus(client.get(`/ideas/${idea.id}`).withInertia(), 200)
    const bodies = (page.inertiaProps.comments as { body: string }[]).map((comment) => comment.body)
    assert.deepEqual(bodies, ['Ask the railway first'])
    assert.lengthOf(await auditRows('idea.reviewed', { type: 'idea', id: idea.id }), 2)
  })

  test('admins approve onto the ballot (cost within the pot); moderators cannot', async ({
    client,
    assert,
  }) => {
    const { campaign, city, author, pot } = await ideasCampaign()
    pot.budget = 1_000_000
    await pot.save()
    const idea = await makeIdea(campaign, author, { status: 'in_review', title: 'Benches' })
    const admin = await createStaff({ role: 'admin', communityId: city.id })
    const moderator = await createStaff({ role: 'moderator', communityId: city.id })
    const approve = (user: typeof admin, body: Record<string, unknown>) =>
      staffRequest(client, 'post', `/staff/proposals/ideas/${idea.id}/approve`, user)
        .json(body)
        .accept('json')

    await expectStatus(approve(moderator, { cost: 1000, potId: pot.id }), 403)
    const before = await proposalCounts()
    await expectStatus(approve(admin, { cost: 1_000_001, potId: pot.id }), 422)
    const foreign = await ideasCampaign()
    const foreignPot = foreign.pot
    await expectStatus(approve(admin, { cost: 1000, potId: foreignPot.id }), 422)
    await expectStatus(approve(admin, { cost: 0, potId: pot.id }), 422)
    await expectStatus(approve(admin, {}), 422)
    assert.deepEqual(await proposalCounts(), before)

    const ok = await expectStatus(
      approve(admin, { cost: 750_000, potId: pot.id, title: 'New benches' }),
      201
    )
    assert.equal(ok.body().cost, 750_000)
    await idea.refresh()
    assert.equal(idea.status, 'on_ballot')
    assert.deepEqual(await projectsOnBallot(campaign.id), [
      { id: ok.body().id, title: 'New benches', cost: 750_000, potId: pot.id },
    ])
    // A second approval of the same idea is refused (no double projects).
    await expectStatus(approve(admin, { cost: 750_000, potId: pot.id }), 409)
    assert.lengthOf(await Project.query().where('ideaId', idea.id), 1)
    const rows = await notices(idea.id)
    const kinds = rows.map((row) => row.kind)
    assert.deepEqual(kinds, ['idea_approved'])
    assert.lengthOf(sms.sent, 1)
    assert.lengthOf(await auditRows('idea.approved', { type: 'idea', id: idea.id }), 1)

    // The ballot list editor: cost, pot, position until voting opens.
    const edit = (body: Record<string, unknown>) =>
      staffRequest(client, 'put', `/staff/proposals/projects/${ok.body().id}`, admin)
        .json(body)
        .accept('json')
    await expectStatus(edit({ cost: 2_000_000, potId: pot.id, position: 0 }), 422)
    await expectStatus(edit({ cost: 600_000, potId: pot.id, position: 3 }), 200)
    const project = await Project.findOrFail(ok.body().id)
    assert.equal(project.cost, 600_000)
    assert.equal(project.position, 3)
    await expectStatus(
      staffRequest(client, 'put', `/staff/proposals/projects/${ok.body().id}`, moderator)
        .json({ cost: 1, potId: pot.id, position: 0 })
        .accept('json'),
      403
    )
    campaign.stage = 'voting'
    await campaign.save()
    await expectStatus(edit({ cost: 500_000, potId: pot.id, position: 0 }), 409)
    await project.refresh()
    assert.equal(project.cost, 600_000)
  })

  test('admins reject with a reason; the author is told', async ({ client, assert }) => {
    const { campaign, city, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'in_review' })
    const admin = await createStaff({ role: 'admin', communityId: city.id })
    const reject = (body: Record<string, unknown>) =>
      staffRequest(client, 'post', `/staff/proposals/ideas/${idea.id}/reject`, admin)
        .json(body)
        .accept('json')
    await expectStatus(reject({}), 422)
    await expectStatus(reject({ reason: 'Outside the city budget powers' }), 200)
    await idea.refresh()
    assert.equal(idea.status, 'rejected')
    assert.equal(idea.rejectionReason, 'Outside the city budget powers')
    const mine = await expectStatus(client.get('/my/ideas').withInertia().loginAs(author), 200)
    const texts = (mine.inertiaProps.notices as { text: string }[]).map((notice) => notice.text)
    assert.lengthOf(texts, 1)
    assert.include(texts[0], 'Outside the city budget powers')
    assert.include(sms.sent[0].text, 'Outside the city budget powers')
  })

  test('an SMS outage does not undo the decision', async ({ client, assert }) => {
    const { campaign, city, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'in_review' })
    const admin = await createStaff({ role: 'admin', communityId: city.id })
    const { DownSmsGateway } = await import('#tests/helpers/identity')
    app.container.swap(SmsGateway, () => new DownSmsGateway())
    await expectStatus(
      staffRequest(client, 'post', `/staff/proposals/ideas/${idea.id}/reject`, admin)
        .json({ reason: 'Duplicate of another project' })
        .accept('json'),
      200
    )
    const fresh = await Idea.findOrFail(idea.id)
    assert.equal(fresh.status, 'rejected')
    assert.lengthOf(await notices(idea.id), 1)
  })
})
