import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { publicApiDocument } from '#shared/openapi/public_api_document'
import { PUBLIC_API_ROUTES } from '#middleware/public_api_cors_middleware'
import router from '@adonisjs/core/services/router'
import { ballotCampaign } from '#tests/helpers/vote_page'

/*
| The OpenAPI document of the public API against the real answers (issue #15): every documented
| path is requested, and every answer's body must match the schema documented for its status —
| an undocumented status or a body that does not match fails the test.
*/
type Document = typeof publicApiDocument
type PathKey = keyof Document['paths']

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false })

/** The schema documented for a path and status, able to resolve `#/components/...` refs. */
function schemaFor(path: PathKey, status: number) {
  const responses = publicApiDocument.paths[path].get.responses as Record<
    string,
    { content: { 'application/json': { schema: object } } }
  >
  const response = responses[String(status)]
  if (!response) return null
  return {
    ...response.content['application/json'].schema,
    components: publicApiDocument.components,
  }
}

function matches(path: PathKey, status: number, body: unknown): string | null {
  const schema = schemaFor(path, status)
  if (!schema) return `status ${status} is not documented`
  const validate = ajv.compile(schema)
  return validate(body) ? null : ajv.errorsText(validate.errors)
}

async function check(
  client: ApiClient,
  assert: any,
  path: PathKey,
  url: string,
  seen: Map<PathKey, number[]>
) {
  const response = await client.get(`/api/v1${url}`).accept('json')
  const problem = matches(path, response.status(), response.body())
  assert.isNull(problem, `GET ${url} → ${response.status()}: ${problem}`)
  seen.set(path, [...(seen.get(path) ?? []), response.status()])
}

test.group('Public API · OpenAPI contract', () => {
  test('GET /api/openapi.json serves the OpenAPI 3.1 document, readable from other sites', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/api/openapi.json')
    response.assertStatus(200)
    assert.equal(response.body().openapi, '3.1.0')
    assert.equal(response.header('access-control-allow-origin'), '*')
    assert.deepEqual(response.body(), JSON.parse(JSON.stringify(publicApiDocument)))
  })

  test('every public route is documented', async ({ assert }) => {
    const documented = new Set(Object.keys(publicApiDocument.paths))
    for (const list of Object.values(router.toJSON())) {
      for (const route of list) {
        if (!route.name || !PUBLIC_API_ROUTES.has(route.name) || route.name === 'api.openapi')
          continue
        const path = route.pattern.replace(/^\/api\/v1/, '').replace(/:(\w+)/g, '{$1}')
        assert.isTrue(documented.has(path), `${route.pattern} is missing from the OpenAPI document`)
      }
    }
  })

  test('real answers of every documented path match their schemas (success and errors)', async ({
    client,
    assert,
  }) => {
    const { campaign, projects } = await ballotCampaign()
    const project = [...projects.values()][0]
    const seen = new Map<PathKey, number[]>()
    const get = (path: PathKey, url: string) => check(client, assert, path, url, seen)
    await get('/campaigns', '/campaigns')
    await get('/campaigns/{id}', `/campaigns/${campaign.id}`)
    await get('/campaigns/{id}', '/campaigns/2000000000')
    await get('/campaigns/{id}/projects', `/campaigns/${campaign.id}/projects`)
    await get('/campaigns/{id}/projects', '/campaigns/2000000000/projects')
    await get('/projects/{id}', `/projects/${project.id}`)
    await get('/projects/{id}', '/projects/2000000000')
    await get('/campaigns/{id}/progress', `/campaigns/${campaign.id}/progress`)
    await get('/campaigns/{id}/results', `/campaigns/${campaign.id}/results`)
    campaign.liveResultsPublic = false
    await campaign.save()
    await get('/campaigns/{id}/results', `/campaigns/${campaign.id}/results`)
    await get('/ballots/{ballotHash}', `/ballots/${'cd'.repeat(32)}`)
    await get('/ledger/genesis', '/ledger/genesis')

    assert.sameMembers([...seen.keys()], Object.keys(publicApiDocument.paths))
    assert.deepEqual(seen.get('/campaigns/{id}/results'), [200, 403])
    assert.includeMembers(seen.get('/campaigns/{id}')!, [200, 404])
  })

  test('the schemas bite: a body that drifts from the document is refused', async ({ assert }) => {
    const project = {
      id: 1,
      campaignId: 2,
      ideaId: 3,
      title: 'Benches',
      cost: 5000,
      potId: 4,
      position: 0,
    }
    assert.isNull(matches('/projects/{id}', 200, project))
    assert.isNotNull(matches('/projects/{id}', 200, { ...project, cost: '5000' }))
    assert.isNotNull(matches('/projects/{id}', 200, { ...project, secret: 'x' }))
    const withoutPosition: Partial<typeof project> = { ...project }
    delete withoutPosition.position
    assert.isNotNull(matches('/projects/{id}', 200, withoutPosition))
    assert.isNotNull(matches('/projects/{id}', 500, project))
  })
})
