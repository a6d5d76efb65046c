import { test } from '@japa/runner'
import type { ApiRequest } from '@japa/api-client'
import { Ajv2020 } from 'ajv/dist/2020.js'
import router from '@adonisjs/core/services/router'
import { apiDocument } from '#shared/openapi/api_document'
import { createStaffApiToken } from '#identity/api_tokens/manage_staff_api_tokens'
import type { StaffApiScope } from '#identity/api_tokens/scopes'
import { ballotCampaign } from '#tests/helpers/vote_page'
import {
  blindFor,
  freshPhone,
  makeTerminal,
  resetRateLimits,
  votingFixture,
} from '#tests/helpers/voting'
import { latestCode } from '#tests/helpers/identity'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'
import { createStaff } from '#tests/helpers/staff'
import { randomBytes } from 'node:crypto'
import { configureLedger } from '#ledger/ledger'
import { reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { hex, stateOf, trusteeKey } from '#tests/helpers/trustees'
import nameTrustees from '#trustees/actions/name_trustees'
import { makeDealing } from '@civic-budget/protocol/trustee'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import {
  encodeDecryptionShareBatch,
  type DecryptionShareBatch,
} from '@civic-budget/protocol/decryption'
import { encryptedCampaign } from '#tests/helpers/decryption/encrypted_campaign'
import { trusteeBatches, withWrongShare } from '#tests/helpers/decryption/election'
import { settleCombinations } from '#trustees/decryption/combine'

/*
| The OpenAPI document against the router and against real answers (issue #15):
| - every `/api` route of the router is documented (method and path), and every documented
|   operation is a route;
| - every documented operation is called, and every answer's body must match the schema documented
|   for its status, errors included — an undocumented status or a drifting body fails the test;
| - the last test fails when an operation was never called by the ones before it.
*/
type Method = 'get' | 'post' | 'put' | 'delete'
const METHODS: Method[] = ['get', 'post', 'put', 'delete']
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false })

/** `METHOD /path` of every operation called so far, with the statuses seen. */
const seen = new Map<string, Set<number>>()

function documentedOperations(): string[] {
  return Object.entries(apiDocument.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`)
  )
}

function routerOperations(): string[] {
  const operations: string[] = []
  for (const list of Object.values(router.toJSON())) {
    for (const route of list) {
      if (!route.pattern.startsWith('/api/')) continue
      const path = route.pattern.replace(/^\/api/, '').replace(/:(\w+)/g, '{$1}')
      for (const method of route.methods) {
        if (method !== 'HEAD') operations.push(`${method} ${path}`)
      }
    }
  }
  return operations
}

/** The schema documented for an operation and status, able to resolve `#/components/...` refs. */
function schemaFor(path: string, method: Method, status: number) {
  const operation = apiDocument.paths[path]?.[method]
  const response = operation?.responses[String(status)] as
    { content?: { 'application/json': { schema: object } } } | undefined
  if (!response?.content) return null
  return { ...response.content['application/json'].schema, components: apiDocument.components }
}

function mismatch(path: string, method: Method, status: number, body: unknown): string | null {
  const schema = schemaFor(path, method, status)
  if (!schema) return `status ${status} is not documented`
  const validate = ajv.compile(schema)
  return validate(body) ? null : ajv.errorsText(validate.errors)
}

/** Sends a request for the documented `method path`, checks the answer, records the status. */
async function call(
  assert: any,
  method: Method,
  path: string,
  request: ApiRequest,
  expected: number
) {
  const response = await request.accept('json')
  const status = response.status()
  const problem = mismatch(path, method, status, response.body())
  assert.isNull(problem, `${method.toUpperCase()} ${path} → ${status}: ${problem}`)
  assert.equal(
    status,
    expected,
    `${method.toUpperCase()} ${path}: ${JSON.stringify(response.body())}`
  )
  const key = `${method.toUpperCase()} ${path}`
  seen.set(key, new Set([...(seen.get(key) ?? []), status]))
  return response
}

async function staffToken(scopes: StaffApiScope[]) {
  const admin = await createStaff({ role: 'admin' })
  const made = await createStaffApiToken(
    { type: 'staff', id: admin.id, ip: null },
    { name: 'contract test', scopes, expiresInDays: 7 }
  )
  return made.secret
}

const bearer = (request: ApiRequest, token: string) =>
  request.header('authorization', `Bearer ${token}`)

test.group('API · OpenAPI contract', (group) => {
  // Many requests each; the shared machine is slow.
  group.each.timeout(120_000)
  // Registered last, so its cleanup runs first: a combination the test's shares started in the
  // background finishes inside the test's own database state.
  group.each.setup(() => () => settleCombinations())

  test('GET /api/openapi.json serves the OpenAPI 3.1 document, readable from other sites', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/api/openapi.json')
    response.assertStatus(200)
    assert.equal(response.body().openapi, '3.1.0')
    assert.equal(response.header('access-control-allow-origin'), '*')
    assert.deepEqual(response.body(), JSON.parse(JSON.stringify(apiDocument)))
  })

  test('every /api route of the router is documented, and every documented operation exists', ({
    assert,
  }) => {
    const routes = routerOperations()
    const documented = documentedOperations()
    assert.isAtLeast(routes.length, 20)
    for (const route of routes) {
      assert.include(documented, route, `${route} is missing from the OpenAPI document`)
    }
    for (const operation of documented) {
      assert.include(routes, operation, `${operation} is documented but is no route`)
    }
  })

  test('public: real answers match their schemas (success and errors)', async ({
    client,
    assert,
  }) => {
    const { campaign, projects } = await ballotCampaign()
    const project = [...projects.values()][0]
    const get = (path: string, url: string, expected: number) =>
      call(assert, 'get', path, client.get(`/api${url}`), expected)
    await get('/openapi.json', '/openapi.json', 200)
    await get('/v1/campaigns', '/v1/campaigns', 200)
    await get('/v1/campaigns/{id}', `/v1/campaigns/${campaign.id}`, 200)
    await get('/v1/campaigns/{id}', '/v1/campaigns/2000000000', 404)
    await get('/v1/campaigns/{id}/projects', `/v1/campaigns/${campaign.id}/projects`, 200)
    await get('/v1/campaigns/{id}/projects', '/v1/campaigns/2000000000/projects', 404)
    await get('/v1/projects/{id}', `/v1/projects/${project.id}`, 200)
    await get('/v1/projects/{id}', '/v1/projects/2000000000', 404)
    await get('/v1/campaigns/{id}/progress', `/v1/campaigns/${campaign.id}/progress`, 200)
    await get('/v1/campaigns/{id}/results', `/v1/campaigns/${campaign.id}/results`, 200)
    campaign.liveResultsPublic = false
    await campaign.save()
    await get('/v1/campaigns/{id}/results', `/v1/campaigns/${campaign.id}/results`, 403)
    await get('/v1/ballots/{ballotHash}', `/v1/ballots/${'cd'.repeat(32)}`, 404)
    const genesis = await client.get('/api/v1/ledger/genesis')
    await get('/v1/ledger/genesis', '/v1/ledger/genesis', genesis.status())
  })

  test('residents: sign-in, profile, credential and ballot answers match (errors included)', async ({
    client,
    assert,
  }) => {
    await resetRateLimits()
    const post = (url: string) => client.post(`/api${url}`)
    const phone = freshPhone()
    await call(assert, 'post', '/v1/auth/sms', post('/v1/auth/sms').json({ phone }), 202)
    await call(assert, 'post', '/v1/auth/sms', post('/v1/auth/sms').json({ phone: 'nope' }), 422)
    await call(assert, 'post', '/v1/auth/sms', post('/v1/auth/sms').form({ phone }), 415)
    await call(
      assert,
      'post',
      '/v1/auth/sms',
      post('/v1/auth/sms').header('origin', 'https://evil.example').json({ phone }),
      403
    )
    const other = freshPhone()
    const requested = await client.post('/api/v1/auth/sms').json({ phone: other })
    const { requestId } = requested.body()
    const verify = '/v1/auth/sms/verify'
    await call(assert, 'post', verify, post(verify).json({ requestId: 'x', code: '1' }), 422)
    await call(
      assert,
      'post',
      verify,
      post(verify).json({ requestId: '00000000-0000-4000-8000-000000000000', code: '123456' }),
      410
    )
    const code = await latestCode(client, other)
    const signedIn = await call(assert, 'post', verify, post(verify).json({ requestId, code }), 200)
    const token = signedIn.body().token as string

    await call(assert, 'get', '/v1/me', bearer(client.get('/api/v1/me'), token), 200)
    await call(assert, 'get', '/v1/me', client.get('/api/v1/me'), 401)

    const { campaign, token: residentToken } = await votingFixture()
    const credential = '/v1/campaigns/{id}/credential'
    const credentialUrl = `/api/v1/campaigns/${campaign.id}/credential`
    await call(
      assert,
      'post',
      credential,
      bearer(client.post(credentialUrl), residentToken).json({
        blinded: blindFor(campaign.id).blinded,
      }),
      200
    )
    await call(
      assert,
      'post',
      credential,
      bearer(client.post(credentialUrl), residentToken).json({
        blinded: blindFor(campaign.id).blinded,
      }),
      409
    )
    await call(
      assert,
      'post',
      credential,
      bearer(client.post('/api/v1/campaigns/2000000000/credential'), residentToken).json({
        blinded: 'ab',
      }),
      404
    )
    await call(assert, 'post', credential, client.post(credentialUrl).json({ blinded: 'ab' }), 401)

    const ballots = '/v1/campaigns/{id}/ballots'
    await call(
      assert,
      'post',
      ballots,
      client.post(`/api/v1/campaigns/${campaign.id}/ballots`).json({ ballot: '!', signature: '!' }),
      422
    )
    await call(
      assert,
      'post',
      ballots,
      client
        .post(`/api/v1/campaigns/${campaign.id}/ballots`)
        .header('authorization', 'Terminal cbt_unknown')
        .json({ ballot: 'AA==', signature: 'AA==' }),
      401
    )
  })

  test('terminals: credential answers match (success, bad token, bad body)', async ({
    client,
    assert,
  }) => {
    await resetRateLimits()
    const { campaign, city } = await votingFixture()
    const { token } = await makeTerminal(city.id)
    const path = '/v1/terminal/campaigns/{id}/credential'
    const url = `/api/v1/terminal/campaigns/${campaign.id}/credential`
    const send = (header: string) => client.post(url).header('authorization', header)
    const { blinded } = blindFor(campaign.id)
    await call(
      assert,
      'post',
      path,
      send(`Terminal ${token}`).json({ idHash: '5e'.repeat(32), blinded }),
      200
    )
    await call(assert, 'post', path, send(`Terminal ${token}`).json({ blinded }), 422)
    await call(
      assert,
      'post',
      path,
      send('Terminal cbt_nope').json({ idHash: '5e'.repeat(32), blinded }),
      401
    )
  })

  test('staff API: answers match for every scope, refusal and bad input', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    const reader = await staffToken(['read'])
    const writer = await staffToken(['campaigns:write', 'ideas:moderate'])

    const campaigns = '/v1/staff/campaigns'
    await call(assert, 'get', campaigns, bearer(client.get('/api/v1/staff/campaigns'), reader), 200)
    await call(assert, 'get', campaigns, client.get('/api/v1/staff/campaigns'), 401)
    await call(assert, 'get', campaigns, bearer(client.get('/api/v1/staff/campaigns'), writer), 403)

    const dates = '/v1/staff/campaigns/{id}/stage-dates'
    const datesUrl = `/api/v1/staff/campaigns/${campaign.id}/stage-dates`
    const put = (url: string, token: string) => bearer(client.put(url), token)
    await call(
      assert,
      'put',
      dates,
      put(datesUrl, writer).json({ finishesAt: '2031-01-01T00:00:00Z' }),
      200
    )
    await call(
      assert,
      'put',
      dates,
      put(datesUrl, writer).json({ ideasOpensAt: '2032-01-01T00:00:00Z' }),
      422
    )
    await call(assert, 'put', dates, put(datesUrl, writer).json({ finishesAt: 'soon' }), 422)
    await call(
      assert,
      'put',
      dates,
      put('/api/v1/staff/campaigns/2000000000/stage-dates', writer).json({}),
      404
    )
    await call(assert, 'put', dates, put(datesUrl, reader).json({}), 403)
    await call(assert, 'put', dates, client.put(datesUrl).json({}), 401)

    const ideas = '/v1/staff/campaigns/{id}/ideas'
    await call(
      assert,
      'get',
      ideas,
      bearer(client.get(`/api/v1/staff/campaigns/${campaign.id}/ideas`), reader),
      200
    )
    await call(
      assert,
      'get',
      ideas,
      bearer(client.get('/api/v1/staff/campaigns/2000000000/ideas'), reader),
      404
    )

    const hide = '/v1/staff/ideas/{id}/hide'
    const unhide = '/v1/staff/ideas/{id}/unhide'
    const post = (url: string, token: string) => bearer(client.post(url), token)
    const hideUrl = `/api/v1/staff/ideas/${idea.id}/hide`
    await call(assert, 'post', hide, post(hideUrl, writer).json({ reason: 'Spam' }), 200)
    await call(assert, 'post', hide, post(hideUrl, writer).json({ reason: 'Spam' }), 409)
    await call(assert, 'post', hide, post(hideUrl, writer).json({}), 422)
    await call(assert, 'post', hide, post(hideUrl, reader).json({ reason: 'Spam' }), 403)
    await call(
      assert,
      'post',
      hide,
      post('/api/v1/staff/ideas/2000000000/hide', writer).json({ reason: 'Duplicate' }),
      404
    )
    await call(
      assert,
      'post',
      unhide,
      post(`/api/v1/staff/ideas/${idea.id}/unhide`, writer).json({ reason: 'Not spam' }),
      200
    )
    await call(
      assert,
      'post',
      unhide,
      client.post(`/api/v1/staff/ideas/${idea.id}/unhide`).json({ reason: 'Duplicate' }),
      401
    )
  })

  test('trustee API: ceremony, key, dealing and review answers match (errors included)', async ({
    client,
    assert,
  }) => {
    configureLedger({ adminSecretKeyHex: randomBytes(32).toString('hex') })
    try {
      const { campaign } = await reviewCampaignWithProjects(1)
      const named = await nameTrustees({ type: 'system', id: null }, campaign.id, {
        names: ['Ada', 'Boris'],
        threshold: 2,
      })
      if (named.outcome !== 'ok') throw new Error(JSON.stringify(named))
      const [one, two] = named.invites.map((invite) => invite.token)
      const as = (token: string, request: ApiRequest) => bearer(request, token)
      const ceremony = '/v1/trustee/ceremony'
      const view = await call(
        assert,
        'get',
        ceremony,
        as(one, client.get('/api/v1/trustee/ceremony')),
        200
      )
      await call(assert, 'get', ceremony, client.get('/api/v1/trustee/ceremony'), 401)

      const post = (what: string, token: string, json: object) =>
        as(token, client.post(`/api/v1/trustee/${what}`)).json(json)
      const keyPath = '/v1/trustee/key'
      const keys = await Promise.all(
        [1, 2].map((index) => trusteeKey(campaign.id, index).then((k) => hex(k.record)))
      )
      await call(assert, 'post', keyPath, post('key', one, { record: keys[0] }), 201)
      await call(assert, 'post', keyPath, post('key', one, { record: keys[0] }), 422)
      await call(assert, 'post', keyPath, post('key', one, { record: 'x' }), 422)
      await call(assert, 'post', keyPath, client.post('/api/v1/trustee/key').json({}), 401)
      const dealingPath = '/v1/trustee/dealing'
      await call(assert, 'post', dealingPath, post('dealing', one, { record: '00' }), 409)
      const reviewPath = '/v1/trustee/review'
      await call(assert, 'post', reviewPath, post('review', one, { complaints: [] }), 409)
      await call(assert, 'post', keyPath, post('key', two, { record: keys[1] }), 201)

      const params = stateOf({ ...view.body(), keys }).params!
      await call(assert, 'post', dealingPath, post('dealing', one, { record: '00' }), 422)
      for (const [i, token] of [one, two].entries()) {
        const record = hex(makeDealing(params, i + 1))
        await call(assert, 'post', dealingPath, post('dealing', token, { record }), 201)
      }
      await call(assert, 'post', reviewPath, post('review', one, { complaints: [] }), 201)
      await call(assert, 'post', reviewPath, post('review', one, { complaints: [] }), 422)
      await call(assert, 'post', reviewPath, post('review', two, { complaints: 'no' }), 422)
      // A key once the stage has passed: not now.
      await call(assert, 'post', keyPath, post('key', two, { record: keys[1] }), 409)
    } finally {
      configureLedger({})
    }
  })

  test('trustees: decryption answers match (ballots, shares valid and not, refusals, the public account)', async ({
    client,
    assert,
  }) => {
    configureLedger({ adminSecretKeyHex: '44'.repeat(32) })
    try {
      const choices = ([a, b]: number[]) => [
        [{ projectId: a, weight: 1 }],
        [{ projectId: b, weight: 1 }],
      ]
      const fx = await encryptedCampaign({ threshold: 2, trustees: 3, projects: 2, choices })
      const as = (request: ApiRequest, index: number) => bearer(request, fx.tokens[index - 1])
      const ballots = '/v1/trustee/ballots'
      await call(assert, 'get', ballots, as(client.get('/api/v1/trustee/ballots'), 1), 200)
      await call(assert, 'get', ballots, client.get('/api/v1/trustee/ballots'), 401)
      await call(assert, 'get', ballots, as(client.get('/api/v1/trustee/ballots?first=-1'), 1), 422)
      const shares = '/v1/trustee/shares'
      const post = (index: number, batch: DecryptionShareBatch) =>
        as(client.post('/api/v1/trustee/shares'), index).json({
          record: bytesToHex(encodeDecryptionShareBatch(batch)),
        })
      const [one] = trusteeBatches(fx.election, 1)
      await call(assert, 'post', shares, post(1, one), 200)
      await call(assert, 'post', shares, post(1, one), 422)
      await call(
        assert,
        'post',
        shares,
        post(2, withWrongShare(trusteeBatches(fx.election, 2)[0], 0)),
        200
      )
      await call(assert, 'post', shares, client.post('/api/v1/trustee/shares').json({}), 401)
      const open = await encryptedCampaign({
        threshold: 1,
        trustees: 1,
        projects: 2,
        choices,
        stage: 'voting',
      })
      const early = bearer(client.post('/api/v1/trustee/shares'), open.tokens[0]).json({
        record: bytesToHex(encodeDecryptionShareBatch(trusteeBatches(open.election, 1)[0])),
      })
      await call(assert, 'post', shares, early, 409)
      const account = '/v1/campaigns/{id}/decryption'
      await call(
        assert,
        'get',
        account,
        client.get(`/api/v1/campaigns/${fx.campaign.id}/decryption`),
        200
      )
      await call(assert, 'get', account, client.get('/api/v1/campaigns/2000000000/decryption'), 404)
    } finally {
      configureLedger({})
    }
  })

  test('every documented operation was called by the tests above', ({ assert }) => {
    for (const operation of documentedOperations()) {
      assert.isTrue(seen.has(operation), `${operation} was never called`)
    }
  })

  test('the schemas bite: a body that drifts from the document is refused', ({ assert }) => {
    const project = {
      id: 1,
      campaignId: 2,
      ideaId: 3,
      title: 'Benches',
      cost: 5000,
      potId: 4,
      position: 0,
    }
    assert.isNull(mismatch('/v1/projects/{id}', 'get', 200, project))
    assert.isNotNull(mismatch('/v1/projects/{id}', 'get', 200, { ...project, cost: '5000' }))
    assert.isNotNull(mismatch('/v1/projects/{id}', 'get', 200, { ...project, secret: 'x' }))
    const withoutPosition: Partial<typeof project> = { ...project }
    delete withoutPosition.position
    assert.isNotNull(mismatch('/v1/projects/{id}', 'get', 200, withoutPosition))
    assert.isNotNull(mismatch('/v1/projects/{id}', 'get', 500, project))
    const refusal = { error: 'insufficient_scope', message: 'No', details: { required: 'read' } }
    assert.isNull(mismatch('/v1/staff/campaigns', 'get', 403, refusal))
    assert.isNotNull(
      mismatch('/v1/staff/campaigns', 'get', 403, { ...refusal, error: 'forbidden' })
    )
    assert.isNotNull(mismatch('/v1/staff/campaigns', 'get', 403, { error: 'insufficient_scope' }))
  })
})
