import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type StaffUser from '#identity/models/staff_user'
import { deliverDueWebhooks } from '#notifications/webhooks/deliver'
import { verifySignature } from '#notifications/webhooks/signature'
import notificationsConfig from '#config/notifications'
import { expectStatus, makeCampaign, makeCity, makeStaff } from '#tests/helpers/campaigns'
import { staffRequest } from '#tests/helpers/staff'
import { startWebhookListener } from '#tests/helpers/webhook_listener'

const HOUR_MS = 60 * 60 * 1000
const later = (ms: number) => new Date(Date.now() + ms)

async function addWebhook(client: ApiClient, admin: StaffUser, url: string, eventTypes: string[]) {
  const response = await staffRequest(client, 'post', '/staff/webhooks', admin)
    .json({ url, eventTypes })
    .withInertia()
  response.assertStatus(200)
  return response.inertiaProps as { endpoint: { id: number }; secret: string }
}

function moveStage(
  client: ApiClient,
  admin: StaffUser,
  campaignId: number,
  from: string,
  to: string
) {
  return staffRequest(client, 'post', `/staff/campaigns/${campaignId}/stage`, admin).json({
    from,
    to,
  })
}

const deliveriesOf = (endpointId: number) =>
  db.from('webhook_deliveries').where('endpoint_id', endpointId).orderBy('id')

test.group('Webhooks · signed deliveries with retries', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(async () => {
    // Deliveries of other tests' endpoints must not be claimed by this test's worker passes.
    await db.from('webhook_endpoints').delete()
  })

  test('a stage change reaches a real listener signed; a 500 is retried after the backoff and logged', async ({
    client,
    assert,
  }) => {
    const listener = await startWebhookListener([500, 200])
    try {
      const admin = await makeStaff('admin')
      const { endpoint, secret } = await addWebhook(client, admin, listener.url, [
        'campaign.stage_changed',
        'campaign.voting_opened',
      ])
      assert.match(secret, /^[0-9a-f]{64}$/)
      const stored = await db.from('webhook_endpoints').where('id', endpoint.id).first()
      assert.notInclude(stored.secret, secret, 'the secret is stored encrypted')

      const { city } = await makeCity()
      const campaign = await makeCampaign(city.id, { stage: 'review' })
      await expectStatus(moveStage(client, admin, campaign.id, 'review', 'voting'), 302)
      const queued = await deliveriesOf(endpoint.id)
      assert.deepEqual(
        queued.map((row) => row.event_type),
        ['campaign.stage_changed', 'campaign.voting_opened']
      )

      // First pass: the listener answers 500 to the first POST, 200 to the second.
      assert.equal(await deliverDueWebhooks(), 2)
      assert.lengthOf(listener.received, 2)
      for (const hook of listener.received) {
        assert.isTrue(
          verifySignature(secret, hook.headers['x-civicbudget-signature'] as string, hook.body),
          'signature verifies'
        )
        assert.isFalse(
          verifySignature(
            '0'.repeat(64),
            hook.headers['x-civicbudget-signature'] as string,
            hook.body
          ),
          'another secret does not verify'
        )
        assert.equal(hook.headers['content-type'], 'application/json')
      }
      const first = JSON.parse(listener.received[0].body)
      assert.deepEqual(first.data, { campaignId: campaign.id, from: 'review', to: 'voting' })
      assert.equal(first.type, 'campaign.stage_changed')
      assert.equal(listener.received[0].headers['x-civicbudget-delivery'], String(queued[0].id))

      let rows = await deliveriesOf(endpoint.id)
      assert.equal(rows[0].status, 'pending')
      assert.equal(rows[0].attempts, 1)
      assert.equal(rows[0].last_status_code, 500)
      assert.equal(rows[0].last_error, 'HTTP 500')
      assert.isAbove(new Date(rows[0].next_attempt_at).getTime(), Date.now() + 5_000, 'backoff')
      assert.equal(rows[1].status, 'delivered')

      // Not due yet: nothing is posted.
      assert.equal(await deliverDueWebhooks(), 0)
      // After the backoff: the failed one is posted again and accepted.
      assert.equal(await deliverDueWebhooks(later(HOUR_MS)), 1)
      assert.lengthOf(listener.received, 3)
      assert.equal(listener.received[2].body, listener.received[0].body, 'same event, same body')
      assert.isTrue(
        verifySignature(
          secret,
          listener.received[2].headers['x-civicbudget-signature'] as string,
          listener.received[2].body
        )
      )
      rows = await deliveriesOf(endpoint.id)
      assert.deepEqual(
        rows.map((row) => [row.status, row.attempts, row.last_status_code]),
        [
          ['delivered', 2, 200],
          ['delivered', 1, 200],
        ]
      )

      // The delivery log page shows it.
      const log = await staffRequest(
        client,
        'get',
        `/staff/webhooks/${endpoint.id}`,
        admin
      ).withInertia()
      log.assertStatus(200)
      const logged = log.inertiaProps.deliveries as {
        eventType: string
        status: string
        attempts: number
        lastStatusCode: number
      }[]
      assert.deepEqual(
        logged.map((row) => [row.eventType, row.status, row.attempts, row.lastStatusCode]),
        [
          ['campaign.voting_opened', 'delivered', 1, 200],
          ['campaign.stage_changed', 'delivered', 2, 200],
        ]
      )
      // Nothing left to send, however late.
      assert.equal(await deliverDueWebhooks(later(48 * HOUR_MS)), 0)
      assert.lengthOf(listener.received, 3)
    } finally {
      await listener.close()
    }
  })

  test('a delivery is given up after the last attempt; an unreachable URL is an error, not a crash', async ({
    client,
    assert,
  }) => {
    const listener = await startWebhookListener([503])
    const attemptsMax = notificationsConfig.webhooks.attemptsMax
    notificationsConfig.webhooks.attemptsMax = 2
    try {
      const admin = await makeStaff('admin')
      const { endpoint } = await addWebhook(client, admin, listener.url, ['campaign.stage_changed'])
      const { city } = await makeCity()
      const campaign = await makeCampaign(city.id, { stage: 'ideas' })
      await expectStatus(moveStage(client, admin, campaign.id, 'ideas', 'review'), 302)
      await deliverDueWebhooks()
      await deliverDueWebhooks(later(HOUR_MS))
      await deliverDueWebhooks(later(48 * HOUR_MS))
      assert.lengthOf(listener.received, 2)
      const [row] = await deliveriesOf(endpoint.id)
      assert.deepInclude(row, { status: 'failed', attempts: 2, last_status_code: 503 })

      // A closed port: the attempt fails with an error message and no status code.
      await listener.close()
      await staffRequest(client, 'post', `/staff/webhooks/${endpoint.id}/test`, admin).json({})
      await deliverDueWebhooks()
      const [, testDelivery] = await deliveriesOf(endpoint.id)
      assert.equal(testDelivery.event_type, 'test')
      assert.equal(testDelivery.status, 'pending')
      assert.isNull(testDelivery.last_status_code)
      assert.isNotNull(testDelivery.last_error)
    } finally {
      notificationsConfig.webhooks.attemptsMax = attemptsMax
      await listener.close().catch(() => {})
    }
  })

  test('the worker resumes after a restart: an expired claim is posted once, a live claim and a delivered row are not', async ({
    client,
    assert,
  }) => {
    const listener = await startWebhookListener([200])
    try {
      const admin = await makeStaff('admin')
      const { endpoint, secret } = await addWebhook(client, admin, listener.url, [
        'campaign.stage_changed',
      ])
      for (let index = 0; index < 3; index++) {
        await staffRequest(client, 'post', `/staff/webhooks/${endpoint.id}/test`, admin).json({})
      }
      const [crashed, live, done] = await deliveriesOf(endpoint.id)
      // A worker claimed `crashed` and died before posting; another worker holds `live` right now.
      await db
        .from('webhook_deliveries')
        .where('id', crashed.id)
        .update({
          lease_until: new Date(Date.now() - 1_000),
          attempts: 1,
        })
      await db
        .from('webhook_deliveries')
        .where('id', live.id)
        .update({
          lease_until: later(HOUR_MS),
          attempts: 1,
        })
      await db.from('webhook_deliveries').where('id', done.id).update({
        status: 'delivered',
        attempts: 1,
        delivered_at: new Date(),
      })

      // The "restarted" worker: takes the expired claim only.
      assert.equal(await deliverDueWebhooks(), 1)
      assert.deepEqual(
        listener.received.map((hook) => hook.headers['x-civicbudget-delivery']),
        [String(crashed.id)]
      )
      assert.isTrue(
        verifySignature(
          secret,
          listener.received[0].headers['x-civicbudget-signature'] as string,
          listener.received[0].body
        )
      )
      // Passes right after: nothing more is sent (the live claim is someone else's).
      assert.equal(await deliverDueWebhooks(), 0)
      assert.equal(await deliverDueWebhooks(), 0)
      assert.lengthOf(listener.received, 1)
      const rows = await deliveriesOf(endpoint.id)
      assert.deepEqual(
        rows.map((row) => [row.status, row.attempts]),
        [
          ['delivered', 2],
          ['pending', 1],
          ['delivered', 1],
        ]
      )
      // Once the other worker's claim runs out (it died too), the row is posted, once.
      assert.equal(await deliverDueWebhooks(later(2 * HOUR_MS)), 1)
      assert.equal(await deliverDueWebhooks(later(3 * HOUR_MS)), 0)
      assert.deepEqual(
        listener.received.map((hook) => hook.headers['x-civicbudget-delivery']),
        [String(crashed.id), String(live.id)]
      )
    } finally {
      await listener.close()
    }
  })
})

test.group('Webhooks · staff screens', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(async () => {
    await db.from('webhook_endpoints').delete()
  })

  test('"send test event" queues a test delivery that the worker posts signed', async ({
    client,
    assert,
  }) => {
    const listener = await startWebhookListener([200])
    try {
      const admin = await makeStaff('admin')
      const { endpoint, secret } = await addWebhook(client, admin, listener.url, ['idea.published'])
      const response = await staffRequest(
        client,
        'post',
        `/staff/webhooks/${endpoint.id}/test`,
        admin
      ).json({})
      response.assertStatus(302)
      response.assertHeader('location', `/staff/webhooks/${endpoint.id}`)
      response.assertFlashMessage('success')
      assert.equal(await deliverDueWebhooks(), 1)
      const [hook] = listener.received
      assert.equal(hook.headers['x-civicbudget-event'], 'test')
      assert.deepInclude(JSON.parse(hook.body), { type: 'test', data: {} })
      assert.isTrue(
        verifySignature(secret, hook.headers['x-civicbudget-signature'] as string, hook.body)
      )
      const [row] = await deliveriesOf(endpoint.id)
      assert.equal(row.status, 'delivered')
    } finally {
      await listener.close()
    }
  })

  test('an inactive endpoint gets no new events; a removed one loses its log', async ({
    client,
    assert,
  }) => {
    const admin = await makeStaff('admin')
    const { endpoint } = await addWebhook(client, admin, 'https://hooks.example/x', [
      'campaign.stage_changed',
    ])
    await expectStatus(
      staffRequest(client, 'put', `/staff/webhooks/${endpoint.id}/active`, admin).json({
        active: false,
      }),
      302
    )
    const { city } = await makeCity()
    const campaign = await makeCampaign(city.id, { stage: 'ideas' })
    await expectStatus(moveStage(client, admin, campaign.id, 'ideas', 'review'), 302)
    assert.lengthOf(await deliveriesOf(endpoint.id), 0)
    await expectStatus(staffRequest(client, 'delete', `/staff/webhooks/${endpoint.id}`, admin), 302)
    assert.isNull(await db.from('webhook_endpoints').where('id', endpoint.id).first())
    const audit = await db
      .from('audit_logs')
      .where('subject_type', 'webhook_endpoint')
      .where('subject_id', String(endpoint.id))
      .orderBy('id')
    assert.deepEqual(
      audit.map((row) => row.action),
      ['webhook.created', 'webhook.deactivated', 'webhook.removed']
    )
    assert.notInclude(JSON.stringify(audit), 'secret":"')
  })

  test('only unscoped admins: other roles, scoped admins and signed-out requests are refused and change nothing', async ({
    client,
    assert,
  }) => {
    const admin = await makeStaff('admin')
    const { endpoint } = await addWebhook(client, admin, 'https://hooks.example/y', [
      'idea.published',
    ])
    const { city } = await makeCity()
    const refused = [
      await makeStaff('moderator'),
      await makeStaff('observer'),
      await makeStaff('expert'),
      await makeStaff('terminal'),
      await makeStaff('admin', city.id),
    ]
    const snapshot = async () => ({
      endpoints: await db.from('webhook_endpoints').orderBy('id').select('id', 'url', 'active'),
      deliveries: await db.from('webhook_deliveries').count('* as n'),
    })
    const before = await snapshot()
    const routes: ['get' | 'post' | 'put' | 'delete', string, Record<string, unknown>][] = [
      ['get', '/staff/webhooks', {}],
      ['post', '/staff/webhooks', { url: 'https://evil.example/', eventTypes: ['idea.published'] }],
      ['get', `/staff/webhooks/${endpoint.id}`, {}],
      ['post', `/staff/webhooks/${endpoint.id}/test`, {}],
      ['put', `/staff/webhooks/${endpoint.id}/active`, { active: false }],
      ['delete', `/staff/webhooks/${endpoint.id}`, {}],
    ]
    for (const [method, path, body] of routes) {
      for (const member of refused) {
        const response = await staffRequest(client, method, path, member).json(body).accept('json')
        assert.equal(response.status(), 403, `${method} ${path}`)
      }
      const anonymous = await staffRequest(client, method, path, null).json(body)
      assert.include([302, 401], anonymous.status(), `${method} ${path} signed out`)
    }
    assert.deepEqual(await snapshot(), before)
  })

  test('a form without its CSRF token is refused and adds nothing', async ({ client, assert }) => {
    const admin = await makeStaff('admin')
    const response = await client
      .post('/staff/webhooks')
      .json({ url: 'https://hooks.example/z', eventTypes: ['idea.published'] })
      .withGuard('staff')
      .loginAs(admin)
      .redirects(0)
    assert.notEqual(response.status(), 200)
    response.assertFlashMessage('errorsBag', {
      E_BAD_CSRF_TOKEN: 'This page has expired. Reload it and try again',
    })
    assert.lengthOf(await db.from('webhook_endpoints'), 0)
  })

  test('bad input: non-http(s) URLs, unknown or no event types are 422 with field messages', async ({
    client,
    assert,
  }) => {
    const admin = await makeStaff('admin')
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'file:///etc/passwd', eventTypes: ['idea.published'] }, 'url'],
      [{ url: 'gopher://127.0.0.1:70/', eventTypes: ['idea.published'] }, 'url'],
      [{ url: 'javascript:alert(1)', eventTypes: ['idea.published'] }, 'url'],
      [{ url: 'not a url', eventTypes: ['idea.published'] }, 'url'],
      [{ url: `https://x.example/${'a'.repeat(2100)}`, eventTypes: ['idea.published'] }, 'url'],
      [{ url: 'https://x.example/', eventTypes: [] }, 'eventTypes'],
      [{ url: 'https://x.example/', eventTypes: ['ballot.cast'] }, 'eventTypes.0'],
      [{ url: 'https://x.example/', eventTypes: 'idea.published' }, 'eventTypes'],
      [
        { url: 'https://x.example/', eventTypes: ['idea.published', 'idea.published'] },
        'eventTypes',
      ],
    ]
    for (const [body, field] of cases) {
      const response = await staffRequest(client, 'post', '/staff/webhooks', admin)
        .json(body)
        .accept('json')
      assert.equal(response.status(), 422, JSON.stringify(body).slice(0, 80))
      const errors = response.body().errors as { field: string; message: string }[]
      assert.include(
        errors.map((error) => error.field),
        field,
        JSON.stringify(body).slice(0, 80)
      )
      assert.isTrue(errors.every((error) => error.message.length > 0))
    }
    // A page form gets its errors back on the form, localized.
    const russian = await staffRequest(client, 'post', '/staff/webhooks', admin)
      .json({ url: 'ftp://x.example/', eventTypes: ['idea.published'] })
      .header('referer', '/staff/webhooks')
      .header('accept-language', 'ru')
    russian.assertStatus(302)
    assert.deepEqual(russian.flashMessages().inputErrorsBag, { url: ['Введите корректный адрес'] })
    await expectStatus(staffRequest(client, 'get', '/staff/webhooks/2147483647', admin), 404)
    await expectStatus(
      staffRequest(client, 'post', '/staff/webhooks/2147483647/test', admin).json({}),
      404
    )
    assert.lengthOf(await db.from('webhook_endpoints'), 0)
  })
})
