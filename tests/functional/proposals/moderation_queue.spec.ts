import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import CampaignCategory from '#campaigns/models/campaign_category'
import CampaignPot from '#campaigns/models/campaign_pot'
import { auditRows, createStaff, staffRequest } from '#tests/helpers/staff'
import { makeCampaign } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'

/*
| The moderation queue: one row per idea, filtered by status (default "to moderate": published,
| no moderator has acted yet), category and pot; bulk approve / hide with a reason, all or nothing.
*/

async function queue() {
  const made = await ideasCampaign()
  const moderator = await createStaff({ role: 'moderator', communityId: made.city.id })
  const category = await CategoryOf(made.campaign.id, 'Parks')
  const second = await CampaignPot.create({
    campaignId: made.campaign.id,
    name: { en: 'District pot' },
    budget: 1000,
    kind: 'size',
    ballotRule: { kind: 'approval', minSelections: 1, maxSelections: 3 },
    position: 1,
  })
  const fresh = await makeIdea(made.campaign, made.author, { title: 'Fresh bench' })
  const parks = await makeIdea(made.campaign, made.author, {
    title: 'Park lights',
    categoryId: category.id,
    potId: second.id,
  })
  const reviewing = await makeIdea(made.campaign, made.author, { status: 'in_review' })
  const onBallot = await makeIdea(made.campaign, made.author, { status: 'on_ballot' })
  return { ...made, moderator, category, second, fresh, parks, reviewing, onBallot }
}

async function CategoryOf(campaignId: number, name: string) {
  return CampaignCategory.create({ campaignId, name: { en: name }, position: 0 })
}

const url = (campaignId: number, query = '') =>
  `/staff/proposals/campaigns/${campaignId}/moderation${query}`

async function shownIds(
  client: Parameters<typeof staffRequest>[0],
  fx: Awaited<ReturnType<typeof queue>>,
  query = ''
) {
  const page = await staffRequest(
    client,
    'get',
    url(fx.campaign.id, query),
    fx.moderator
  ).withInertia()
  page.assertStatus(200)
  return {
    ids: (page.inertiaProps.ideas as { id: number }[]).map((idea) => idea.id),
    toModerate: page.inertiaProps.toModerate as number,
  }
}

/** What a bulk action may change: statuses, reasons, moderation rows, audit entries. */
async function snapshot(campaignId: number) {
  return {
    ideas: await db
      .from('ideas')
      .where('campaign_id', campaignId)
      .orderBy('id')
      .select('id', 'status', 'hidden_reason'),
    moderations: await db.from('idea_moderations').orderBy('id').select('idea_id', 'action'),
    audit: await db.from('audit_logs').where('subject_type', 'idea').count('* as n'),
  }
}

test.group('Proposals · moderation queue', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('filters: to moderate by default, then status, category and pot', async ({
    client,
    assert,
  }) => {
    const fx = await queue()
    const byDefault = await shownIds(client, fx)
    assert.sameMembers(byDefault.ids, [fx.fresh.id, fx.parks.id])
    assert.equal(byDefault.toModerate, 2)
    const shown = (query: string) => shownIds(client, fx, query).then((result) => result.ids)
    assert.sameMembers(await shown('?status=in_review'), [fx.reviewing.id])
    assert.sameMembers(await shown('?status=all'), [fx.fresh.id, fx.parks.id, fx.reviewing.id])
    assert.sameMembers(await shown(`?status=all&categoryId=${fx.category.id}`), [fx.parks.id])
    assert.sameMembers(await shown(`?potId=${fx.second.id}`), [fx.parks.id])
    for (const bad of ['?status=draft', '?status=<script>', '?potId=-1', '?categoryId=abc']) {
      const response = await staffRequest(
        client,
        'get',
        url(fx.campaign.id, bad),
        fx.moderator
      ).accept('json')
      assert.equal(response.status(), 422, bad)
    }
  })

  test('bulk approve keeps the ideas published, takes them off "to moderate", audited', async ({
    client,
    assert,
  }) => {
    const fx = await queue()
    const response = await staffRequest(client, 'post', url(fx.campaign.id, '/bulk'), fx.moderator)
      .json({ action: 'approve', ideaIds: [fx.fresh.id, fx.parks.id, fx.reviewing.id] })
      .accept('json')
    assert.equal(response.status(), 200, response.text())
    assert.equal(response.body().message, '3 ideas approved')
    const after = await shownIds(client, fx)
    assert.deepEqual(after.ids, [])
    assert.equal(after.toModerate, 0)
    const statuses = await db
      .from('ideas')
      .whereIn('id', [fx.fresh.id, fx.parks.id])
      .select('status')
    assert.deepEqual(
      statuses.map((row) => row.status),
      ['published', 'published']
    )
    const [approved] = await auditRows('idea.moderation_approved', {
      type: 'idea',
      id: fx.fresh.id,
    })
    assert.equal(approved.actor_id, fx.moderator.id)
  })

  test('bulk hide needs a reason; hides every idea with it, audited', async ({
    client,
    assert,
  }) => {
    const fx = await queue()
    const before = await snapshot(fx.campaign.id)
    const noReason = await staffRequest(client, 'post', url(fx.campaign.id, '/bulk'), fx.moderator)
      .json({ action: 'hide', ideaIds: [fx.fresh.id, fx.parks.id], reason: '   ' })
      .accept('json')
    assert.equal(noReason.status(), 422)
    assert.equal(noReason.body().errors[0].field, 'reason')
    assert.deepEqual(await snapshot(fx.campaign.id), before)

    const ok = await staffRequest(client, 'post', url(fx.campaign.id, '/bulk'), fx.moderator)
      .json({ action: 'hide', ideaIds: [fx.fresh.id, fx.parks.id], reason: 'Advertising' })
      .accept('json')
    assert.equal(ok.status(), 200, ok.text())
    const rows = await db.from('ideas').whereIn('id', [fx.fresh.id, fx.parks.id])
    assert.deepEqual(
      rows.map((row) => [row.status, row.hidden_reason]),
      [
        ['hidden', 'Advertising'],
        ['hidden', 'Advertising'],
      ]
    )
    assert.lengthOf(await auditRows('idea.hidden', { type: 'idea', id: fx.parks.id }), 1)
  })

  test('a batch with a foreign, undecidable, malformed or oversized part is refused whole', async ({
    client,
    assert,
  }) => {
    const fx = await queue()
    const other = await makeCampaign(fx.city.id, { stage: 'ideas' })
    const foreign = await makeIdea(other, fx.author)
    const before = await snapshot(fx.campaign.id)
    const cases: [Record<string, unknown>, string][] = [
      [{ action: 'hide', ideaIds: [fx.fresh.id, foreign.id], reason: 'Spam' }, 'ideaIds'],
      [{ action: 'approve', ideaIds: [fx.fresh.id, 999_999] }, 'ideaIds'],
      [{ action: 'approve', ideaIds: [fx.fresh.id, fx.onBallot.id] }, 'ideaIds'],
      [{ action: 'publish_all', ideaIds: [fx.fresh.id] }, 'action'],
      [{ action: 'approve', ideaIds: [] }, 'ideaIds'],
      [{ action: 'approve', ideaIds: 'all' }, 'ideaIds'],
      [{ action: 'approve', ideaIds: [fx.fresh.id, 1.5] }, 'ideaIds.1'],
      [{ action: 'approve', ideaIds: Array.from({ length: 101 }, (_, i) => i + 1) }, 'ideaIds'],
      [{ action: 'hide', ideaIds: [fx.fresh.id], reason: 'x'.repeat(2001) }, 'reason'],
    ]
    for (const [body, field] of cases) {
      const response = await staffRequest(
        client,
        'post',
        url(fx.campaign.id, '/bulk'),
        fx.moderator
      )
        .json(body)
        .accept('json')
      assert.equal(response.status(), 422, JSON.stringify(body))
      assert.equal(response.body().errors[0].field, field, JSON.stringify(body))
      assert.deepEqual(await snapshot(fx.campaign.id), before, JSON.stringify(body))
    }
    const wrongStatus = await staffRequest(
      client,
      'post',
      url(fx.campaign.id, '/bulk'),
      fx.moderator
    )
      .json({ action: 'approve', ideaIds: [fx.fresh.id, fx.onBallot.id] })
      .accept('json')
    assert.include(wrongStatus.body().errors[0].message, `#${fx.onBallot.id}`)
  })
})
