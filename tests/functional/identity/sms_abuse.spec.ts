import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import identityConfig from '#config/identity'
import { smsOutbox } from '#identity/sms/sms_outbox'
import { identityCounts, latestCode, requestApiCode, resetIdentity } from '#tests/helpers/identity'

const VICTIM = '+79991234567'

/** POST /api/v1/auth/sms as if from `ip` (the test server trusts X-Forwarded-For from loopback). */
function requestFrom(client: ApiClient, ip: string, phone: string) {
  return client.post('/api/v1/auth/sms').header('X-Forwarded-For', ip).json({ phone })
}

async function expectFrom(client: ApiClient, ip: string, phone: string, status: number) {
  const response = await requestFrom(client, ip, phone)
  response.assertStatus(status)
}

test.group('Sign-in abuse: lockout', (group) => {
  group.each.setup(() => resetIdentity())

  test('20 requests from other addresses, then the owner still signs in on the page', async ({
    client,
  }) => {
    // One address at a time may not pump the number: 5 codes an hour per address + number.
    for (let index = 0; index < 5; index++) {
      await expectFrom(client, '198.51.100.1', VICTIM, 202)
      await db.from('rate_limits').whereLike('key', 'rlflx:sms:resend:%').delete()
    }
    await expectFrom(client, '198.51.100.1', VICTIM, 429)
    // Twenty more from twenty other addresses: each spends its own allowance, not the owner's.
    for (let index = 0; index < 20; index++) {
      await requestFrom(client, `203.0.113.${index + 1}`, VICTIM)
    }

    const started = await client
      .post('/sign-in')
      .header('X-Forwarded-For', '192.0.2.50')
      .form({ phone: VICTIM })
      .withCsrfToken()
      .redirects(0)
    started.assertStatus(302)
    started.assertHeader('location', '/sign-in/code')
    const code = await latestCode(client, VICTIM)

    // An attacker asking again while the owner types does not void the owner's code.
    await expectFrom(client, '203.0.113.200', VICTIM, 202)

    const signedIn = await client
      .post('/sign-in/code')
      .withSession(started.session())
      .form({ code })
      .withCsrfToken()
      .redirects(0)
    signedIn.assertStatus(302)
    signedIn.assertHeader('location', '/sign-in/consent')
  })

  test('the same through the API: the owner’s code verifies after a flood', async ({
    client,
    assert,
  }) => {
    for (let index = 0; index < 20; index++) {
      await requestFrom(client, `203.0.113.${index + 1}`, VICTIM)
    }
    const owner = await requestFrom(client, '192.0.2.50', VICTIM)
    owner.assertStatus(202)
    const code = await latestCode(client, VICTIM)
    await expectFrom(client, '203.0.113.201', VICTIM, 202)
    const verified = await client
      .post('/api/v1/auth/sms/verify')
      .json({ requestId: owner.body().requestId, code, acceptConsent: true })
    verified.assertStatus(200)
    assert.match(verified.body().token, /^cbr_/)
  })
})

test.group('Sign-in abuse: hourly SMS budget', (group) => {
  group.each.setup(() => resetIdentity())

  test('counts codes to every number; when spent: 503 + Retry-After, localized, nothing sent', async ({
    client,
    assert,
    cleanup,
  }) => {
    const limits = identityConfig.limits as { smsHourlyBudget: number }
    const configured = limits.smsHourlyBudget
    limits.smsHourlyBudget = 3
    cleanup(() => {
      limits.smsHourlyBudget = configured
    })

    for (let index = 0; index < 3; index++) {
      await requestApiCode(client, `+7999100000${index}`)
    }
    const before = await identityCounts()
    const spent = await client
      .post('/api/v1/auth/sms')
      .header('X-Forwarded-For', '198.51.100.77')
      .header('Accept-Language', 'uk')
      .json({ phone: '+79991000009' })
    spent.assertStatus(503)
    assert.equal(spent.body().error, 'sms_budget_spent')
    assert.include(spent.body().message, 'Нічого не надіслано')
    const retryAfter = Number(spent.header('retry-after'))
    assert.isAbove(retryAfter, 60)
    assert.isAtMost(retryAfter, 3600)
    assert.equal(spent.body().details.retryAfterSeconds, retryAfter)
    assert.deepEqual(await identityCounts(), before)
    assert.lengthOf(smsOutbox.for('+79991000009'), 0)
    const spentOwn = await db.from('rate_limits').whereLike('key', '%198.51.100.77%')
    assert.lengthOf(spentOwn, 0, 'a refusal costs the requester nothing')

    const page = await client
      .post('/sign-in')
      .header('Accept-Language', 'ru')
      .form({ phone: '+79991000008' })
      .withCsrfToken()
      .withInertia()
    page.assertStatus(503)
    assert.isAbove(Number(page.header('retry-after')), 60)
    page.assertInertiaComponent('auth/sign_in')
    assert.match(
      page.inertiaProps.notice,
      /Ничего не отправлено\. Попробуйте снова через \d+ (минут|час)/
    )
    assert.lengthOf(smsOutbox.for('+79991000008'), 0)
  })
})
