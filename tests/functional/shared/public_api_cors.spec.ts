import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import router from '@adonisjs/core/services/router'
import { PUBLIC_API_ROUTES } from '#middleware/public_api_cors_middleware'
import { makeCampaign, makeCity, makeResident, makeStaff } from '#tests/helpers/campaigns'
import { staffRequest } from '#tests/helpers/staff'
import { bearerFor, freshPhone } from '#tests/helpers/voting'

/*
| CORS on the public JSON API (issue #15): a city's site reads campaigns, projects, progress and
| results from another origin; the resident's own API, writes and staff screens stay same-site.
*/
const SITE = 'https://city.example'
/** GET /api routes that are deliberately not readable from other sites. */
const PRIVATE_API_GETS = new Set([
  'api.me',
  // the staff API (bearer staff API tokens): never readable by other sites' pages
  'api.v1.staff.campaigns.index',
  'api.v1.staff.campaigns.ideas',
  // the trustee API (bearer invite tokens): a trustee's own page only
  'api.v1.trustee.ceremony',
  'api.v1.trustee.ballots',
])

function apiGetRoutes(): { name: string; pattern: string }[] {
  const routes: { name: string; pattern: string }[] = []
  for (const list of Object.values(router.toJSON())) {
    for (const route of list) {
      if (route.pattern.startsWith('/api/') && route.methods.includes('GET')) {
        routes.push({ name: route.name ?? route.pattern, pattern: route.pattern })
      }
    }
  }
  return routes
}

test.group('Public API · CORS', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('every GET /api route is either public (CORS) or listed as private here', async ({
    assert,
  }) => {
    const routes = apiGetRoutes()
    for (const route of routes) {
      assert.isTrue(
        PUBLIC_API_ROUTES.has(route.name) || PRIVATE_API_GETS.has(route.name),
        `${route.pattern} (${route.name}): decide whether other sites may read it`
      )
    }
    const names = new Set(routes.map((route) => route.name))
    for (const name of PUBLIC_API_ROUTES) assert.isTrue(names.has(name), `${name} is a route`)
  })

  test('public GETs send Access-Control-Allow-Origin: * without credentials, errors included', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const campaign = await makeCampaign(city.id, { stage: 'ideas' })
    const paths = [
      '/api/v1/campaigns',
      `/api/v1/campaigns/${campaign.id}`,
      `/api/v1/campaigns/${campaign.id}/projects`,
      `/api/v1/campaigns/${campaign.id}/progress`,
      `/api/v1/campaigns/${campaign.id}/results`,
      '/api/v1/campaigns/2000000000',
      '/api/v1/projects/2000000000',
      `/api/v1/ballots/${'ab'.repeat(32)}`,
    ]
    for (const path of paths) {
      const response = await client.get(path).header('Origin', SITE).accept('json')
      assert.notEqual(response.status(), 500, path)
      assert.equal(response.header('access-control-allow-origin'), '*', path)
      assert.isUndefined(response.header('access-control-allow-credentials'), path)
    }
    const list = await client.get('/api/v1/campaigns').header('Origin', SITE)
    list.assertStatus(200)
  })

  test("the resident's own API, writes, staff screens and pages send no CORS header", async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const campaign = await makeCampaign(city.id, { stage: 'ideas' })
    const resident = await makeResident(freshPhone())
    const token = await bearerFor(resident)
    const admin = await makeStaff('admin', city.id)
    const answers = [
      await client.get('/api/v1/me').bearerToken(token).header('Origin', SITE),
      await client.post('/api/v1/auth/sms').json({ phone: 'x' }).header('Origin', SITE),
      await staffRequest(client, 'get', `/staff/campaigns/${campaign.id}`, admin).header(
        'Origin',
        SITE
      ),
      await client.get(`/campaigns/${campaign.slug}`).header('Origin', SITE),
      await client.get('/profile').header('Origin', SITE).redirects(0),
    ]
    for (const [index, answer] of answers.entries()) {
      assert.isUndefined(answer.header('access-control-allow-origin'), `answer ${index}`)
    }
    assert.equal(answers[0].status(), 200)
  })
})
