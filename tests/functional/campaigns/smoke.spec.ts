import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Campaign from '#campaigns/models/campaign'
import { makeCity, makeStaff } from '#tests/helpers/campaigns'

test.group('smoke', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  test('create', async ({ client, assert }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin')
    const response = await client
      .post('/staff/campaigns')
      .json({
        communityId: city.id,
        title: { en: 'Hello world' },
        description: {},
        totalBudget: 1000,
        currency: 'rub',
      })
      .withCsrfToken()
      .withGuard('staff')
      .loginAs(admin)
      .redirects(0)
    console.log(response.status(), response.header('location'), response.text().slice(0, 500))
    const bad = await client
      .post('/staff/campaigns')
      .json({ communityId: city.id, title: { en: 'H' }, totalBudget: -5, currency: 'rubles' })
      .withCsrfToken()
      .withGuard('staff')
      .loginAs(admin)
      .accept('json')
    console.log(bad.status(), bad.text().slice(0, 800))
    const c = await Campaign.findByOrFail('slug', 'hello-world')
    assert.equal(c.totalBudget, 1000)
  })
})
