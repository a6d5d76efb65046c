import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import type { ApiClient } from '@japa/api-client'
import type StaffUser from '#identity/models/staff_user'
import { makeStaff, potBody } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'
import { staffRequest } from '#tests/helpers/staff'

/*
| Size pots with cost bands (issue #15): a pot may set the least and the most a project on it may
| cost; the pot form shows and checks the band, and the ballot decisions refuse a cost outside it.
*/
const send = (
  client: ApiClient,
  method: 'post' | 'put',
  path: string,
  staff: StaffUser,
  body: object,
  locale = 'en'
) =>
  staffRequest(client, method, path, staff)
    .json(body)
    .accept('json')
    .header('Accept-Language', locale)

async function bandedCampaign() {
  const fx = await ideasCampaign({ stage: 'review' })
  const admin = await makeStaff('admin', fx.city.id)
  fx.pot.merge({ budget: 500_000, minProjectCost: 10_000, maxProjectCost: 100_000 })
  await fx.pot.save()
  return { ...fx, admin }
}

test.group('Campaigns · pot cost bands', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the pot form saves a band, shows it back, and refuses one upside down or above the budget', async ({
    client,
    assert,
  }) => {
    const { campaign, city, pot } = await ideasCampaign({ stage: 'drafting' })
    const admin = await makeStaff('admin', city.id)
    const path = `/staff/campaigns/${campaign.id}/pots`
    const saved = await send(client, 'put', `${path}/${pot.id}`, admin, {
      ...potBody({ budget: 200_000 }),
      minProjectCost: 5_000,
      maxProjectCost: 50_000,
    })
    saved.assertStatus(200)
    await pot.refresh()
    assert.deepEqual([pot.minProjectCost, pot.maxProjectCost], [5_000, 50_000])

    const page = await staffRequest(client, 'get', path, admin).withInertia()
    const shown = (page.inertiaProps as any).pots.find((p: any) => p.id === pot.id)
    assert.deepEqual([shown.minProjectCost, shown.maxProjectCost], [5_000, 50_000])

    const cleared = await send(client, 'put', `${path}/${pot.id}`, admin, {
      ...potBody({ budget: 200_000 }),
      minProjectCost: null,
    })
    cleared.assertStatus(200)
    await pot.refresh()
    assert.deepEqual([pot.minProjectCost, pot.maxProjectCost], [null, null])

    const cases: [object, string, RegExp][] = [
      [
        { minProjectCost: 60_000, maxProjectCost: 50_000 },
        'maxProjectCost',
        /must not be below the least \(600.00 RUB\)/,
      ],
      [{ minProjectCost: 300_000 }, 'minProjectCost', /fit the pot's budget/],
      [{ minProjectCost: 0 }, 'minProjectCost', /./],
      [{ maxProjectCost: 'lots' }, 'maxProjectCost', /./],
    ]
    for (const [band, field, message] of cases) {
      const response = await send(client, 'put', `${path}/${pot.id}`, admin, {
        ...potBody({ budget: 200_000 }),
        ...band,
      })
      response.assertStatus(422)
      const error = response.body().errors.find((e: any) => e.field === field)
      assert.exists(error, JSON.stringify(band))
      assert.match(error.message, message)
    }
    await pot.refresh()
    assert.deepEqual([pot.minProjectCost, pot.maxProjectCost], [null, null])
  })

  test('approving an idea refuses a cost outside the pot band, with a localized message; inside it passes', async ({
    client,
    assert,
  }) => {
    const { campaign, pot, author, admin } = await bandedCampaign()
    const idea = await makeIdea(campaign, author, { status: 'published' })
    const approve = `/staff/proposals/ideas/${idea.id}/approve`

    const tooSmall = await send(client, 'post', approve, admin, { cost: 9_999, potId: pot.id })
    tooSmall.assertStatus(422)
    assert.deepEqual(tooSmall.body().errors[0].field, 'cost')
    assert.include(tooSmall.body().errors[0].message, 'at least 100.00 RUB')

    const tooLarge = await send(
      client,
      'post',
      approve,
      admin,
      { cost: 100_001, potId: pot.id },
      'ru'
    )
    tooLarge.assertStatus(422)
    assert.equal(
      tooLarge.body().errors[0].message,
      'В этот фонд входят проекты стоимостью не больше 1000.00 RUB: выберите другой фонд или измените стоимость'
    )
    await idea.refresh()
    assert.equal(idea.status, 'published')

    const fits = await send(client, 'post', approve, admin, { cost: 100_000, potId: pot.id })
    fits.assertStatus(201)
    await idea.refresh()
    assert.equal(idea.status, 'on_ballot')
  })

  test('the ballot list editor refuses moving a project to a cost outside the band', async ({
    client,
    assert,
  }) => {
    const { campaign, pot, author, admin } = await bandedCampaign()
    const idea = await makeIdea(campaign, author, { status: 'published' })
    const approved = await send(
      client,
      'post',
      `/staff/proposals/ideas/${idea.id}/approve`,
      admin,
      {
        cost: 50_000,
        potId: pot.id,
      }
    )
    approved.assertStatus(201)
    const projectId: number = approved.body().id
    const edit = await send(client, 'put', `/staff/proposals/projects/${projectId}`, admin, {
      cost: 200_000,
      potId: pot.id,
      position: 0,
    })
    edit.assertStatus(422)
    assert.equal(edit.body().errors[0].field, 'cost')
    assert.include(edit.body().errors[0].message, 'at most 1000.00 RUB')
  })
})
