import { test } from '@japa/runner'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import { HttpSmsGateway, parseHeaders, renderTemplate } from '#identity/sms/http_sms_gateway'
import { SmsGateway, SmsUnavailableError } from '#identity/sms/sms_gateway'
import { devOutboxEnabled, smsOutbox } from '#identity/sms/sms_outbox'
import { identityCounts, resetIdentity } from '#tests/helpers/identity'

interface Received {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

/** A fake operator API answering with the given statuses in turn (then 200); 0 = never answer. */
async function fakeOperator(statuses: number[]) {
  const received: Received[] = []
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      received.push({ method: request.method!, url: request.url!, headers: request.headers, body })
      const status = statuses[received.length - 1] ?? 200
      if (status === 0) return
      response.statusCode = status
      response.end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const TEXT = 'Code: 123456.\nSay "hi" & go'

test.group('SMS gateway: http driver', () => {
  test('fills the templates, escapes values, sends the headers; retries 5xx with back-off', async ({
    assert,
    cleanup,
  }) => {
    const operator = await fakeOperator([503, 502, 200])
    cleanup(operator.close)
    const sleeps: number[] = []
    const gateway = new HttpSmsGateway(
      {
        url: `${operator.url}/send?to={{to}}`,
        method: 'POST',
        headers: parseHeaders('{"Authorization":"Bearer s3cret"}'),
        body: '{"phone":"{{to}}","message":"{{ text }}"}',
        timeoutMs: 1000,
        retries: 2,
        backoffMsBase: 10,
      },
      fetch,
      async (ms) => {
        sleeps.push(ms)
      }
    )
    await gateway.send('+79991234567', TEXT)
    assert.lengthOf(operator.received, 3)
    assert.deepEqual(sleeps, [10, 20])
    const last = operator.received[2]
    assert.equal(last.method, 'POST')
    assert.equal(last.url, '/send?to=%2B79991234567')
    assert.equal(last.headers.authorization, 'Bearer s3cret')
    assert.equal(last.headers['content-type'], 'application/json')
    assert.deepEqual(JSON.parse(last.body), { phone: '+79991234567', message: TEXT })
  })

  test('form bodies are URL-encoded; GET puts everything in the URL', async ({
    assert,
    cleanup,
  }) => {
    const operator = await fakeOperator([])
    cleanup(operator.close)
    const form = new HttpSmsGateway({
      url: `${operator.url}/sms`,
      method: 'PUT',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'to={{to}}&text={{text}}',
      timeoutMs: 1000,
      retries: 0,
    })
    await form.send('+79991234567', TEXT)
    assert.equal(operator.received[0].method, 'PUT')
    const params = new URLSearchParams(operator.received[0].body)
    assert.equal(params.get('to'), '+79991234567')
    assert.equal(params.get('text'), TEXT)

    const get = new HttpSmsGateway({
      url: `${operator.url}/sms?to={{to}}&msg={{text}}`,
      method: 'GET',
      headers: {},
      body: '',
      timeoutMs: 1000,
      retries: 0,
    })
    await get.send('+79991234567', TEXT)
    const url = new URL(operator.received[1].url, operator.url)
    assert.equal(url.searchParams.get('msg'), TEXT)
    assert.equal(operator.received[1].body, '')
  })

  test('a 4xx refusal is not retried; 5xx/timeouts give up after the retries', async ({
    assert,
    cleanup,
  }) => {
    const refusing = await fakeOperator([400])
    cleanup(refusing.close)
    const options = { method: 'POST', headers: {}, body: '', retries: 3, backoffMsBase: 1 } as const
    const noSleep = async () => {}
    await assert.rejects(
      () =>
        new HttpSmsGateway({ ...options, url: refusing.url, timeoutMs: 500 }, fetch, noSleep).send(
          '+79991234567',
          TEXT
        ),
      SmsUnavailableError
    )
    assert.lengthOf(refusing.received, 1)

    const hanging = await fakeOperator([0, 0, 0, 0])
    cleanup(hanging.close)
    const started = Date.now()
    await assert.rejects(
      () =>
        new HttpSmsGateway({ ...options, url: hanging.url, timeoutMs: 150 }, fetch, noSleep).send(
          '+79991234567',
          TEXT
        ),
      SmsUnavailableError
    )
    assert.lengthOf(hanging.received, 4)
    assert.isBelow(Date.now() - started, 2000)
  })

  test('templates and headers: placeholders and bad configuration', async ({ assert }) => {
    assert.equal(
      renderTemplate('{{to}}|{{ text }}|{{other}}', { to: 'a', text: 'b' }, (v) => v),
      'a|b|{{other}}'
    )
    assert.deepEqual(parseHeaders(undefined), {})
    assert.throws(() => parseHeaders('[1]'))
    assert.throws(() => parseHeaders('{nope'))
    assert.throws(
      () =>
        new HttpSmsGateway({
          url: '',
          method: 'POST',
          headers: {},
          body: '',
          timeoutMs: 1,
          retries: 0,
        })
    )
  })

  test('the real http driver failing end to end: API 503, no usable challenge', async ({
    client,
    assert,
    cleanup,
  }) => {
    await resetIdentity()
    const operator = await fakeOperator([500, 500])
    cleanup(operator.close)
    app.container.swap(
      SmsGateway,
      () =>
        new HttpSmsGateway(
          {
            url: operator.url,
            method: 'POST',
            headers: {},
            body: '',
            timeoutMs: 500,
            retries: 1,
          },
          fetch,
          async () => {}
        )
    )
    cleanup(() => app.container.restore(SmsGateway))
    const response = await client.post('/api/v1/auth/sms').json({ phone: '+79991234567' })
    response.assertStatus(503)
    response.assertBodyContains({ error: 'sms_unavailable' })
    response.assertHeader('retry-after', '30')
    assert.lengthOf(operator.received, 2)
    const counts = await identityCounts()
    assert.equal(counts.sms_challenges, 0)
  })
})

test.group('SMS gateway: dev outbox', (group) => {
  group.each.setup(() => resetIdentity())

  test('exists only in development and test', ({ assert }) => {
    assert.isTrue(devOutboxEnabled('development'))
    assert.isTrue(devOutboxEnabled('test'))
    assert.isFalse(devOutboxEnabled('production'))
    assert.isFalse(devOutboxEnabled('staging'))
    assert.isFalse(devOutboxEnabled(''))
    // The route is registered under that condition (here: the test environment).
    router.commit()
    const registered = Object.values(router.toJSON())
      .flat()
      .some((route) => route.pattern === '/dev/sms/outbox')
    assert.equal(registered, devOutboxEnabled(app.nodeEnvironment))
    assert.isTrue(registered)
  })

  test('lists the log driver messages for a number, newest first', async ({ client, assert }) => {
    await client.post('/api/v1/auth/sms').json({ phone: '+79991234567' })
    smsOutbox.record('+79990000000', 'someone else 654321')
    // "+" unencoded in a query string arrives as a space: still understood.
    const response = await client.get('/dev/sms/outbox?phone=+79991234567')
    response.assertStatus(200)
    const [message, ...rest] = response.body()
    assert.lengthOf(rest, 0)
    assert.equal(message.to, '+79991234567')
    assert.match(message.code, /^\d{6}$/)
    assert.include(message.text, message.code)
    assert.isTrue(Number.isFinite(Date.parse(message.sentAt)))

    const missing = await client.get('/dev/sms/outbox')
    missing.assertStatus(422)
  })
})
