import { test } from '@japa/runner'
import { smsOutbox } from '#identity/sms/sms_outbox'
import { identityCounts, resetIdentity } from '#tests/helpers/identity'
import { appUrl } from '#tests/helpers/browser'

const PHONE = '+79991234567'
/** The test server's origin, read when a test runs: the server takes a free port at suite start. */
const appOrigin = () => new URL(appUrl()).origin

/*
| /api is exempt from CSRF tokens, so it takes JSON only and refuses what a browser marks as
| cross-site (app/middleware/api_json_only_middleware.ts). A cross-site page could otherwise post
| /api/v1/auth/sms with a plain form and spend SMS at will.
*/
test.group('API: JSON only, same site only', (group) => {
  group.each.setup(() => resetIdentity())

  test('a form body (what a cross-site <form> sends) is refused with 415, nothing sent', async ({
    client,
    assert,
  }) => {
    const before = await identityCounts()
    const form = await client.post('/api/v1/auth/sms').form({ phone: PHONE })
    form.assertStatus(415)
    assert.equal(form.body().error, 'unsupported_media_type')
    assert.isString(form.body().message)

    const multipart = await client.post('/api/v1/auth/sms').field('phone', PHONE)
    multipart.assertStatus(415)

    // A "simple" cross-site fetch: JSON text under text/plain (no CORS preflight).
    const text = await fetch(`${appOrigin()}/api/v1/auth/sms`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ phone: PHONE }),
    })
    assert.equal(text.status, 415)
    assert.equal(((await text.json()) as { error: string }).error, 'unsupported_media_type')

    const localized = await client
      .post('/api/v1/auth/sms/verify')
      .header('accept-language', 'ru')
      .form({ requestId: 'x', code: '123456' })
    localized.assertStatus(415)
    assert.equal(localized.body().message, 'Отправьте тело запроса в формате JSON')

    assert.deepEqual(await identityCounts(), before)
    assert.lengthOf(smsOutbox.for(PHONE), 0)
  })

  test('another site’s Origin or Sec-Fetch-Site: cross-site → 403, even with JSON', async ({
    client,
    assert,
  }) => {
    const evil = await client
      .post('/api/v1/auth/sms')
      .header('origin', 'https://evil.example')
      .json({ phone: PHONE })
    evil.assertStatus(403)
    assert.equal(evil.body().error, 'cross_site_request')

    // An origin that merely starts with ours is another site.
    const lookalike = await client
      .post('/api/v1/auth/sms')
      .header('origin', `${appOrigin()}.evil.example`)
      .json({ phone: PHONE })
    lookalike.assertStatus(403)

    const fetchMeta = await client
      .post('/api/v1/auth/sms')
      .header('sec-fetch-site', 'cross-site')
      .json({ phone: PHONE })
    fetchMeta.assertStatus(403)

    const credential = await client
      .post('/api/v1/campaigns/1/credential')
      .header('origin', 'null')
      .json({})
    credential.assertStatus(403)

    assert.lengthOf(smsOutbox.for(PHONE), 0)
  })

  test('same-origin JSON (the voting page) and header-less JSON (terminals) pass', async ({
    client,
  }) => {
    const page = await client
      .post('/api/v1/auth/sms')
      .header('origin', appOrigin())
      .header('sec-fetch-site', 'same-origin')
      .json({ phone: PHONE })
    page.assertStatus(202)

    const script = await client
      .post('/api/v1/auth/sms')
      .header('content-type', 'application/json; charset=utf-8')
      .json({ phone: '+79991234568' })
    script.assertStatus(202)
  })

  test('public GET endpoints still answer other sites', async ({ client }) => {
    const response = await client.get('/api/v1/campaigns').header('origin', 'https://evil.example')
    response.assertStatus(200)
  })
})
