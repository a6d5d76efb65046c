import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Project from '#proposals/models/project'
import { createStaff, staffRequest } from '#tests/helpers/staff'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'

/*
| Server-rendered pages (SSR, no Inertia header): every page of the module renders
| in each language without errors.
*/
test.group('Proposals · pages render (SSR)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('resident and staff pages', async ({ client, assert }) => {
    const { campaign, city, author, pot } = await ideasCampaign({ threshold: 5 })
    const idea = await makeIdea(campaign, author, {
      title: 'Benches by the river',
      status: 'in_review',
      potId: pot.id,
      estimatedCost: 1000,
    })
    const approved = await makeIdea(campaign, author, { status: 'on_ballot', title: 'Lamps' })
    await Project.create({
      ideaId: approved.id,
      campaignId: campaign.id,
      potId: pot.id,
      title: 'Lamps',
      cost: 500,
      position: 0,
    })
    const headings: Record<string, string> = { en: 'Ideas —', ru: 'Идеи —', uk: 'Ідеї —' }
    for (const locale of ['en', 'ru', 'uk']) {
      const list = await expectStatus(
        client
          .get(`/campaigns/${campaign.slug}/ideas`)
          .qs({ q: 'benches' })
          .header('accept-language', locale),
        200
      )
      assert.include(list.text(), 'Benches by the river')
      assert.include(list.text(), headings[locale])
      const page = await expectStatus(client.get(`/ideas/${idea.id}`).loginAs(author), 200)
      assert.include(page.text(), 'Benches by the river')
      await expectStatus(client.get(`/campaigns/${campaign.slug}/ideas/new`).loginAs(author), 200)
      await expectStatus(client.get(`/ideas/${idea.id}/edit`).loginAs(author), 200)
      await expectStatus(client.get('/my/ideas').loginAs(author), 200)
    }
    const admin = await createStaff({ role: 'admin', communityId: city.id })
    const expert = await createStaff({ role: 'expert', communityId: city.id })
    for (const path of [
      '/staff/proposals',
      `/staff/proposals/campaigns/${campaign.id}/moderation`,
      `/staff/proposals/campaigns/${campaign.id}/reviews`,
      `/staff/proposals/campaigns/${campaign.id}/ballot`,
    ]) {
      const response = await expectStatus(staffRequest(client, 'get', path, admin), 200)
      assert.include(response.text(), campaign.title.en!)
    }
    await expectStatus(
      staffRequest(client, 'get', `/staff/proposals/campaigns/${campaign.id}/reviews`, expert),
      200
    )
  })
})
