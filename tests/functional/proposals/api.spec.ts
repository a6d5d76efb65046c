import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Project from '#proposals/models/project'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'

async function fixture() {
  const made = await ideasCampaign({ stage: 'voting' })
  const { campaign, author, pot } = made
  const make = async (
    title: string,
    description: string,
    cost: number,
    position: number,
    locale = 'en'
  ) => {
    const idea = await makeIdea(campaign, author, {
      status: 'on_ballot',
      title,
      description,
      locale,
    })
    return Project.create({
      ideaId: idea.id,
      campaignId: campaign.id,
      potId: pot.id,
      title,
      cost,
      position,
    })
  }
  const lights = await make(
    'Street lights on Oak Avenue',
    'LED lamps along the avenue.',
    300_000,
    1
  )
  const trees = await make('Trees for the schoolyard', 'Planting maples and lindens.', 100_000, 0)
  const ramp = await make('Пандус у поликлиники', 'Пандусы для колясок у входа.', 200_000, 2, 'ru')
  return { ...made, lights, trees, ramp }
}

test.group('Proposals · public API', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the campaign JSON lists its projects on the ballot', async ({ client, assert }) => {
    const { campaign, pot, lights, trees, ramp } = await fixture()
    const response = await expectStatus(client.get(`/api/v1/campaigns/${campaign.id}`), 200)
    assert.deepEqual(response.body().projects, [
      { id: trees.id, title: trees.title, cost: 100_000, potId: pot.id },
      { id: lights.id, title: lights.title, cost: 300_000, potId: pot.id },
      { id: ramp.id, title: ramp.title, cost: 200_000, potId: pot.id },
    ])
  })

  test('projects with search, pot filter and sorting; one project', async ({ client, assert }) => {
    const { campaign, pot, lights, trees, ramp } = await fixture()
    const ids = async (qs: Record<string, unknown>) => {
      const response = await expectStatus(
        client.get(`/api/v1/campaigns/${campaign.id}/projects`).qs(qs),
        200
      )
      return (response.body() as { id: number }[]).map((row) => row.id)
    }
    assert.deepEqual(await ids({}), [trees.id, lights.id, ramp.id])
    assert.deepEqual(await ids({ sort: 'cost' }), [trees.id, ramp.id, lights.id])
    assert.deepEqual(await ids({ q: 'lamp' }), [lights.id])
    assert.deepEqual(await ids({ q: 'пандусы' }), [ramp.id])
    assert.deepEqual(await ids({ potId: pot.id, q: 'planted maple' }), [trees.id])
    assert.deepEqual(await ids({ potId: 999999 }), [])

    const one = await expectStatus(client.get(`/api/v1/projects/${lights.id}`), 200)
    assert.deepEqual(one.body(), {
      id: lights.id,
      campaignId: campaign.id,
      ideaId: lights.ideaId,
      title: lights.title,
      cost: 300_000,
      potId: pot.id,
      position: 1,
    })
  })

  test('bad input: 422 with field errors; unknown or draft: 404', async ({ client, assert }) => {
    const { campaign } = await fixture()
    const bad = await expectStatus(
      client.get(`/api/v1/campaigns/${campaign.id}/projects`).qs({ sort: 'random', potId: 'x' }),
      422
    )
    assert.equal(bad.body().error, 'validation_failed')
    const fields = (bad.body().details as { field: string }[]).map((row) => row.field)
    assert.sameMembers(fields, ['sort', 'potId'])
    await expectStatus(client.get('/api/v1/campaigns/99999999/projects'), 404)
    await expectStatus(client.get('/api/v1/campaigns/abc/projects'), 404)
    await expectStatus(client.get('/api/v1/projects/99999999999'), 404)
    const drafting = await ideasCampaign({ stage: 'drafting' })
    await expectStatus(client.get(`/api/v1/campaigns/${drafting.campaign.id}/projects`), 404)
  })
})
