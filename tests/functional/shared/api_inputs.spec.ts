import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign } from '#tests/helpers/proposals'

/* Issue #17 item 10: API inputs are validated with field messages and JSON error codes. */
test.group('API inputs: campaigns by slug, 404s, bad bodies and queries', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a campaign is found by its slug as well as its id; its projects, results and progress too', async ({
    client,
    assert,
  }) => {
    const { campaign } = await ideasCampaign({ stage: 'voting' })
    const byId = await expectStatus(client.get(`/api/v1/campaigns/${campaign.id}`), 200)
    const bySlug = await expectStatus(client.get(`/api/v1/campaigns/${campaign.slug}`), 200)
    assert.deepEqual(bySlug.body(), byId.body())
    assert.equal(bySlug.body().id, campaign.id)
    await expectStatus(client.get(`/api/v1/campaigns/${campaign.slug}/projects`), 200)
    const results = await expectStatus(client.get(`/api/v1/campaigns/${campaign.id}/results`), 200)
    const resultsBySlug = await expectStatus(
      client.get(`/api/v1/campaigns/${campaign.slug.toUpperCase()}/results`),
      200
    )
    assert.deepEqual(resultsBySlug.body(), results.body())
    const progress = await expectStatus(
      client.get(`/api/v1/campaigns/${campaign.id}/progress`),
      200
    )
    const progressBySlug = await expectStatus(
      client.get(`/api/v1/campaigns/${campaign.slug}/progress`),
      200
    )
    assert.deepEqual(progressBySlug.body(), progress.body())
    for (const tail of ['', '/results', '/progress']) {
      await expectStatus(client.get(`/api/v1/campaigns/no-such-campaign${tail}`), 404)
    }

    const unknown = await expectStatus(client.get('/api/v1/campaigns/no-such-campaign'), 404)
    assert.equal(unknown.body().error, 'not_found')
    await expectStatus(client.get(`/api/v1/campaigns/${'a'.repeat(5000)}`), 404)
    const drafting = await ideasCampaign({ stage: 'drafting' })
    await expectStatus(client.get(`/api/v1/campaigns/${drafting.campaign.slug}`), 404)
  })

  test('a 10,000-character q and bad sort/filters: 422 with a message per field', async ({
    client,
    assert,
  }) => {
    const { campaign } = await ideasCampaign({ stage: 'voting' })
    const response = await expectStatus(
      client
        .get(`/api/v1/campaigns/${campaign.slug}/projects`)
        .qs({ q: 'x'.repeat(10_000), sort: 'bogus', potId: 'abc' })
        .header('Accept-Language', 'uk'),
      422
    )
    assert.equal(response.body().error, 'validation_failed')
    const details = response.body().details as { field: string; message: string }[]
    assert.sameMembers(
      details.map((row) => row.field),
      ['q', 'sort', 'potId']
    )
    assert.isTrue(details.every((row) => row.message.length > 3))
  })

  test('ballots to a campaign that does not exist: 404, whatever the body', async ({
    client,
    assert,
  }) => {
    for (const body of [{}, { ballot: 'not base64!', signature: 'x' }]) {
      const response = await expectStatus(
        client.post('/api/v1/campaigns/99999999/ballots').json(body),
        404
      )
      assert.equal(response.body().error, 'not_found')
    }
  })

  test('POST /api/v1/auth/sms with a body that is not a JSON object: 400 invalid_body', async ({
    assert,
  }) => {
    for (const raw of ['null', '"+79991234567"', '42', '{', '{"phone": }']) {
      // The suite's server port is chosen free at start (tests/bootstrap.ts): read it now.
      const url = `http://127.0.0.1:${process.env.PORT}/api/v1/auth/sms`
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'ru' },
        body: raw,
      })
      const body = (await response.json()) as { error: string; message: string }
      assert.equal(response.status, 400, raw)
      assert.deepEqual(body, {
        error: 'invalid_body',
        message: 'Тело запроса должно быть объектом JSON',
      })
    }
  })
})
