import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Idea from '#proposals/models/idea'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea, proposalCounts, resident } from '#tests/helpers/proposals'

const body = (overrides: Record<string, unknown> = {}) => ({
  title: 'Benches along the river',
  description: 'Twenty benches along the embankment, with shade for the summer.',
  estimatedCost: 500_000,
  ...overrides,
})

test.group('Proposals · submitting and editing ideas', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an eligible resident saves a draft, then submits it', async ({ client, assert }) => {
    const { campaign, pot, north, author } = await ideasCampaign()
    const draft = await expectStatus(
      client
        .post(`/campaigns/${campaign.slug}/ideas`)
        .json(body({ potId: pot.id, districtId: north.id, location: 'Embankment' }))
        .accept('json')
        .withCsrfToken()
        .loginAs(author),
      200
    )
    assert.equal(draft.body().status, 'draft')
    const idea = await Idea.findOrFail(draft.body().id)
    assert.equal(idea.authorId, author.id)
    assert.equal(idea.searchLanguage, 'english')
    assert.isNull(idea.publishedAt)

    await expectStatus(
      client
        .put(`/ideas/${idea.id}`)
        .json(body({ title: 'Benches and shade along the river', publish: true }))
        .accept('json')
        .withCsrfToken()
        .loginAs(author),
      200
    )
    await idea.refresh()
    assert.equal(idea.status, 'published')
    assert.equal(idea.title, 'Benches and shade along the river')
    assert.isNotNull(idea.publishedAt)

    // Drafts are private: others get 404, the author sees it.
    const other = await resident()
    const draft2 = await makeIdea(campaign, author, { status: 'draft' })
    await expectStatus(client.get(`/ideas/${draft2.id}`).withInertia().loginAs(other), 404)
    await expectStatus(client.get(`/ideas/${draft2.id}`).withInertia().loginAs(author), 200)
  })

  for (const stage of ['drafting', 'review', 'voting', 'finished'] as const) {
    test(`no submission outside the ideas stage (${stage})`, async ({ client, assert }) => {
      const { campaign, author } = await ideasCampaign({ stage })
      const before = await proposalCounts()
      const response = await client
        .post(`/campaigns/${campaign.slug}/ideas`)
        .json(body({ publish: true }))
        .accept('json')
        .withCsrfToken()
        .loginAs(author)
      // A draft campaign is invisible (404); a later one refuses (409).
      assert.include([404, 409], response.status())
      assert.deepEqual(await proposalCounts(), before)
    })
  }

  test('the author edits until review only; others never', async ({ client, assert }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'published', title: 'Original title' })
    const other = await resident()
    await expectStatus(
      client.put(`/ideas/${idea.id}`).json(body()).accept('json').withCsrfToken().loginAs(other),
      404
    )
    for (const status of ['in_review', 'on_ballot', 'rejected', 'hidden'] as const) {
      idea.status = status
      if (status === 'rejected') idea.rejectionReason = 'No'
      if (status === 'hidden') idea.hiddenReason = 'Abuse'
      await idea.save()
      await expectStatus(
        client.put(`/ideas/${idea.id}`).json(body()).accept('json').withCsrfToken().loginAs(author),
        409
      )
      await idea.refresh()
      assert.equal(idea.title, 'Original title')
    }
  })

  test('bad input gets field errors and changes nothing', async ({ client, assert }) => {
    const { campaign, other, author } = await ideasCampaign()
    const before = await proposalCounts()
    const cases: [Record<string, unknown>, string[]][] = [
      [{}, ['title']],
      [{ title: 'x', estimatedCost: -1 }, ['title', 'estimatedCost']],
      [{ title: 'Fine title', estimatedCost: 1.5, potId: 'abc' }, ['estimatedCost', 'potId']],
      [{ title: 'Fine title', potId: 2_147_483_647 }, ['potId']],
      [{ title: 'Fine title', districtId: other.id }, ['districtId']],
      [{ title: 'Fine title', categoryId: 99999999 }, ['categoryId']],
      [{ title: 'Fine title', description: 'short', publish: true }, ['description']],
      [{ title: 'Fine title', estimatedCost: 10 ** 30 }, ['estimatedCost']],
    ]
    for (const [input, fields] of cases) {
      const response = await client
        .post(`/campaigns/${campaign.slug}/ideas`)
        .json(input)
        .accept('json')
        .withCsrfToken()
        .loginAs(author)
      response.assertStatus(422)
      const got = (response.body().errors as { field: string }[]).map((error) => error.field)
      for (const field of fields) assert.include(got, field, JSON.stringify(input))
    }
    assert.deepEqual(await proposalCounts(), before)
  })

  test('signing in is required to submit', async ({ client }) => {
    const { campaign } = await ideasCampaign()
    const response = await client
      .post(`/campaigns/${campaign.slug}/ideas`)
      .json(body())
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
  })

  test('an ineligible resident cannot submit', async ({ client, assert }) => {
    const { campaign, other } = await ideasCampaign()
    campaign.eligibilityMode = 'residents'
    await campaign.save()
    const outsider = await resident(other.id)
    const before = await proposalCounts()
    await expectStatus(
      client
        .post(`/campaigns/${campaign.slug}/ideas`)
        .json(body())
        .accept('json')
        .withCsrfToken()
        .loginAs(outsider),
      403
    )
    assert.deepEqual(await proposalCounts(), before)
  })
})
