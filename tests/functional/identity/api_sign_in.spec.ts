import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Resident from '#identity/models/resident'
import { SmsGateway } from '#identity/sms/sms_gateway'
import { smsOutbox } from '#identity/sms/sms_outbox'
import {
  allowResendNow,
  DownSmsGateway,
  identityCounts,
  latestCode,
  requestApiCode,
  resetIdentity,
  setRateLimit,
  usableChallenges,
  wrongCode,
} from '#tests/helpers/identity'
import { rateLimitKey } from '#shared/rate_limit_keys'

const PHONE = '+79991234567'
const CONSENT_VERSION = '2026-11'

test.group('API sign-in by SMS', (group) => {
  group.each.setup(() => resetIdentity())

  test('request → code from the outbox → consent → bearer token → /me', async ({
    client,
    assert,
  }) => {
    const requested = await client.post('/api/v1/auth/sms').json({ phone: '8 (999) 123-45-67' })
    requested.assertStatus(202)
    const { requestId, expiresInSeconds, resendAfterSeconds } = requested.body()
    assert.match(requestId, /^[0-9a-f-]{36}$/)
    assert.equal(expiresInSeconds, 600)
    assert.equal(resendAfterSeconds, 60)

    const challenge = await db.from('sms_challenges').where('id', requestId).firstOrFail()
    assert.equal(challenge.phone_e164, PHONE)
    const code = await latestCode(client, PHONE)
    assert.match(code, /^\d{6}$/)
    assert.notInclude(challenge.code_hash, code, 'the code is stored only as a hash')
    assert.lengthOf(challenge.code_hash, 64)

    // First sign-in: a resident who declines the notice is not created.
    const refused = await client
      .post('/api/v1/auth/sms/verify')
      .json({ requestId, code, acceptConsent: false })
    refused.assertStatus(422)
    assert.equal(refused.body().error, 'consent_required')
    assert.equal(refused.body().details.consentVersion, CONSENT_VERSION)
    assert.deepInclude(await identityCounts(), {
      residents: 0,
      consent_records: 0,
      resident_access_tokens: 0,
    })
    assert.equal(await usableChallenges(PHONE), 1, 'the code stays usable')

    const verified = await client
      .post('/api/v1/auth/sms/verify')
      .json({ requestId, code, acceptConsent: true, consentVersion: CONSENT_VERSION })
    verified.assertStatus(200)
    const { token, expiresAt } = verified.body()
    assert.match(token, /^cbr_/)
    assert.isTrue(DateTime.fromISO(expiresAt) > DateTime.now().plus({ hours: 11 }))

    const resident = await Resident.findByOrFail('phoneE164', PHONE)
    assert.equal(resident.consentVersion, CONSENT_VERSION)
    assert.isNotNull(resident.consentAt)
    assert.isNotNull(resident.lastSignInAt)
    const records = await db.from('consent_records').where('resident_id', resident.id)
    assert.lengthOf(records, 1)
    assert.equal(records[0].version, CONSENT_VERSION)
    assert.equal(await usableChallenges(PHONE), 0, 'a code signs in once')

    const me = await client.get('/api/v1/me').bearerToken(token)
    me.assertStatus(200)
    me.assertBody({ id: resident.id, phone: '+7 ••• ••• 45 67', consentVersion: CONSENT_VERSION })

    const again = await client
      .post('/api/v1/auth/sms/verify')
      .json({ requestId, code, acceptConsent: true })
    again.assertStatus(410)
    assert.equal(again.body().error, 'code_expired')
    const counts = await identityCounts()
    assert.equal(counts.resident_access_tokens, 1)
  })

  test('a resident with current consent signs in with protocol.md fields only', async ({
    client,
    assert,
  }) => {
    const resident = await Resident.create({
      phoneE164: PHONE,
      consentVersion: CONSENT_VERSION,
      consentAt: DateTime.now(),
    })
    const requestId = await requestApiCode(client, PHONE)
    const code = await latestCode(client, PHONE)
    const verified = await client.post('/api/v1/auth/sms/verify').json({ requestId, code })
    verified.assertStatus(200)
    const counts = await identityCounts()
    assert.equal(counts.residents, 1)
    assert.equal(counts.consent_records, 0, 'no new consent record when consent is current')
    await resident.refresh()
    assert.isNotNull(resident.lastSignInAt)
  })

  test('a client written from protocol.md alone signs in with {requestId, code}', async ({
    client,
    assert,
  }) => {
    const requestId = await requestApiCode(client, PHONE)
    const code = await latestCode(client, PHONE)
    const verified = await client.post('/api/v1/auth/sms/verify').json({ requestId, code })
    verified.assertStatus(200)
    assert.match(verified.body().token, /^cbr_/)
    const resident = await Resident.findByOrFail('phoneE164', PHONE)
    assert.equal(resident.consentVersion, CONSENT_VERSION, 'consent recorded with its version')
    assert.isNotNull(resident.consentAt)
  })

  test('an outdated consent or a stale consentVersion is asked again', async ({
    client,
    assert,
  }) => {
    const resident = await Resident.create({
      phoneE164: PHONE,
      consentVersion: '2025-01',
      consentAt: DateTime.now().minus({ years: 1 }),
    })
    const requestId = await requestApiCode(client, PHONE)
    const code = await latestCode(client, PHONE)

    const noConsent = await client
      .post('/api/v1/auth/sms/verify')
      .json({ requestId, code, acceptConsent: false })
    noConsent.assertStatus(422)
    assert.equal(noConsent.body().error, 'consent_required')
    const stale = await client
      .post('/api/v1/auth/sms/verify')
      .json({ requestId, code, acceptConsent: true, consentVersion: '2025-01' })
    stale.assertStatus(422)
    assert.equal(stale.body().error, 'consent_required')
    await resident.refresh()
    assert.equal(resident.consentVersion, '2025-01')

    const accepted = await client
      .post('/api/v1/auth/sms/verify')
      .json({ requestId, code, acceptConsent: true })
    accepted.assertStatus(200)
    await resident.refresh()
    assert.equal(resident.consentVersion, CONSENT_VERSION)
    const records = await db.from('consent_records').where('resident_id', resident.id)
    assert.lengthOf(records, 1)
  })

  test('a wrong code counts down attemptsLeft; five wrong codes use the challenge up', async ({
    client,
    assert,
  }) => {
    const requestId = await requestApiCode(client, PHONE)
    const code = await latestCode(client, PHONE)
    for (const attemptsLeft of [4, 3, 2, 1, 0]) {
      const response = await client
        .post('/api/v1/auth/sms/verify')
        .json({ requestId, code: wrongCode(code), acceptConsent: true })
      response.assertStatus(422)
      assert.equal(response.body().error, 'invalid_code')
      assert.deepEqual(response.body().details, { attemptsLeft })
      assert.isString(response.body().message)
    }
    const right = await client
      .post('/api/v1/auth/sms/verify')
      .json({ requestId, code, acceptConsent: true })
    right.assertStatus(410)
    assert.equal(right.body().error, 'too_many_attempts')
    assert.deepInclude(await identityCounts(), { residents: 0, resident_access_tokens: 0 })
    const row = await db.from('sms_challenges').where('id', requestId).firstOrFail()
    assert.equal(row.attempts, 5)
  })

  test('an expired code answers 410 and signs nobody in', async ({ client, assert }) => {
    const requestId = await requestApiCode(client, PHONE)
    const code = await latestCode(client, PHONE)
    await db
      .from('sms_challenges')
      .where('id', requestId)
      .update({ expires_at: DateTime.now().minus({ seconds: 1 }).toJSDate() })

    const response = await client
      .post('/api/v1/auth/sms/verify')
      .json({ requestId, code, acceptConsent: true })
    response.assertStatus(410)
    assert.equal(response.body().error, 'code_expired')
    assert.deepInclude(await identityCounts(), { residents: 0, resident_access_tokens: 0 })
    const row = await db.from('sms_challenges').where('id', requestId).firstOrFail()
    assert.equal(row.attempts, 0)
  })

  test('an unknown requestId is 410, a malformed one 422', async ({ client, assert }) => {
    const unknown = await client
      .post('/api/v1/auth/sms/verify')
      .json({ requestId: '6f1c4b0e-3a43-4b8e-9a52-0b1d6f1f2a11', code: '123456' })
    unknown.assertStatus(410)
    const malformed = await client
      .post('/api/v1/auth/sms/verify')
      .json({ requestId: 'nope', code: '12' })
    malformed.assertStatus(422)
    assert.equal(malformed.body().error, 'validation_failed')
    const fields = malformed.body().details.map((detail: { field: string }) => detail.field)
    assert.includeMembers(fields, ['requestId', 'code'])
  })

  test('a newer code leaves the older one usable; the first to sign in voids the rest', async ({
    client,
    assert,
  }) => {
    const firstRequestId = await requestApiCode(client, PHONE)
    const firstCode = await latestCode(client, PHONE)
    await allowResendNow()
    const secondRequestId = await requestApiCode(client, PHONE)
    const secondCode = await latestCode(client, PHONE)
    assert.equal(await usableChallenges(PHONE), 2)

    const old = await client
      .post('/api/v1/auth/sms/verify')
      .json({ requestId: firstRequestId, code: firstCode, acceptConsent: true })
    old.assertStatus(200)
    assert.equal(await usableChallenges(PHONE), 0)
    const newer = await client
      .post('/api/v1/auth/sms/verify')
      .json({ requestId: secondRequestId, code: secondCode, acceptConsent: true })
    newer.assertStatus(410)
    assert.equal(newer.body().error, 'code_expired')
  })

  test('asking again within 60 s is refused with Retry-After and sends nothing', async ({
    client,
    assert,
  }) => {
    await requestApiCode(client, PHONE)
    const before = await identityCounts()
    const again = await client.post('/api/v1/auth/sms').json({ phone: '+7 999 123 45 67' })
    again.assertStatus(429)
    assert.equal(again.body().error, 'resend_too_early')
    const retryAfter = Number(again.header('retry-after'))
    assert.isAbove(retryAfter, 0)
    assert.isAtMost(retryAfter, 60)
    assert.equal(again.body().details.retryAfterSeconds, retryAfter)
    assert.deepEqual(await identityCounts(), before)
    assert.lengthOf(smsOutbox.for(PHONE), 1)
  })

  test('per-number limit: 5 codes an hour, then 429 + Retry-After', async ({ client, assert }) => {
    for (let index = 0; index < 5; index++) {
      const response = await client.post('/api/v1/auth/sms').json({ phone: PHONE })
      response.assertStatus(202)
      // Let the next code be asked for at once (the 60 s resend pause is tested separately).
      await allowResendNow()
    }
    const before = await identityCounts()
    const limited = await client.post('/api/v1/auth/sms').json({ phone: PHONE })
    limited.assertStatus(429)
    assert.equal(limited.body().error, 'rate_limited')
    const retryAfter = Number(limited.header('retry-after'))
    assert.isAbove(retryAfter, 60)
    assert.isAtMost(retryAfter, 3600)
    assert.equal(limited.body().details.retryAfterSeconds, retryAfter)
    assert.deepEqual(await identityCounts(), before, 'no challenge created')
    assert.lengthOf(smsOutbox.for(PHONE), 5, 'no SMS sent')

    // Another number from the same address is not affected.
    await requestApiCode(client, '+79991234568')
  })

  test('per-number limit: 10 codes a day', async ({ client, assert }) => {
    await setRateLimit(rateLimitKey('sms:phone-day', '127.0.0.1', PHONE), 10, 20 * 3600)
    const limited = await client.post('/api/v1/auth/sms').json({ phone: PHONE })
    limited.assertStatus(429)
    assert.isAbove(Number(limited.header('retry-after')), 3600)
    const counts = await identityCounts()
    assert.equal(counts.sms_challenges, 0)
  })

  test('per-IP limit: 30 codes an hour from one address, then 429', async ({ client, assert }) => {
    const ip = '203.0.113.9'
    for (let index = 0; index < 30; index++) {
      const phone = `+7999100${String(index).padStart(4, '0')}`
      const response = await client
        .post('/api/v1/auth/sms')
        .header('X-Forwarded-For', ip)
        .json({ phone })
      response.assertStatus(202)
    }
    const before = await identityCounts()
    const limited = await client
      .post('/api/v1/auth/sms')
      .header('X-Forwarded-For', ip)
      .json({ phone: '+79992000000' })
    limited.assertStatus(429)
    assert.equal(limited.body().error, 'rate_limited')
    assert.isAbove(Number(limited.header('retry-after')), 0)
    assert.deepEqual(await identityCounts(), before)
    assert.lengthOf(smsOutbox.for('+79992000000'), 0)

    const elsewhere = await client
      .post('/api/v1/auth/sms')
      .header('X-Forwarded-For', '203.0.113.10')
      .json({ phone: '+79992000000' })
    elsewhere.assertStatus(202)
  })

  test('malformed numbers: 422 with a field message in en, ru and uk', async ({
    client,
    assert,
  }) => {
    const cases = [
      ['en', 'Enter a valid phone number'],
      ['ru', 'Введите корректный номер телефона'],
      ['uk', 'Введіть коректний номер телефону'],
    ] as const
    for (const [locale, message] of cases) {
      for (const phone of ['12345', '+7 999 123', 'not a phone', '', '+999999999999999']) {
        const response = await client
          .post('/api/v1/auth/sms')
          .header('Accept-Language', locale)
          .json({ phone })
        response.assertStatus(422)
        assert.equal(response.body().error, 'validation_failed')
        const detail = response
          .body()
          .details.find((item: { field: string }) => item.field === 'phone')
        assert.exists(detail, `${locale} ${phone}`)
        if (phone !== '') assert.equal(detail.message, message)
      }
    }
    const missing = await client.post('/api/v1/auth/sms').json({})
    missing.assertStatus(422)
    const counts = await identityCounts()
    assert.equal(counts.sms_challenges, 0)
    const limits = await db.from('rate_limits').count('* as total')
    assert.equal(Number(limits[0].total), 0, 'invalid numbers are not counted')
  })

  test('numbers outside the allowed regions and types: 422, localized, nothing sent', async ({
    client,
    assert,
  }) => {
    // Defaults outside development: the default region's (RU) mobile numbers only.
    const refused = [
      '+447400123456', // a UK mobile
      '+2348031234567', // a Nigerian mobile
      '+380671234567', // a Ukrainian mobile
      '8 495 123-45-67', // a Moscow landline
    ]
    const cases = [
      ['en', 'Sign-in codes cannot be sent to this number. Use a mobile number of RU'],
      ['ru', 'На этот номер нельзя отправить код входа. Укажите мобильный номер (RU)'],
      ['uk', 'На цей номер не можна надіслати код входу. Вкажіть мобільний номер (RU)'],
    ] as const
    for (const [locale, message] of cases) {
      for (const phone of refused) {
        const response = await client
          .post('/api/v1/auth/sms')
          .header('Accept-Language', locale)
          .json({ phone })
        response.assertStatus(422)
        assert.equal(response.body().error, 'validation_failed')
        assert.deepEqual(response.body().details, [
          { field: 'phone', rule: 'phoneNotAllowed', message, meta: { regions: 'RU' } },
        ])
      }
    }
    const counts = await identityCounts()
    assert.equal(counts.sms_challenges, 0)
    for (const phone of ['+447400123456', '+2348031234567', '+380671234567', '+74951234567']) {
      assert.lengthOf(smsOutbox.for(phone), 0, `nothing sent to ${phone}`)
    }
    const limits = await db.from('rate_limits').count('* as total')
    assert.equal(Number(limits[0].total), 0, 'refused numbers are not counted')

    await requestApiCode(client, '+79161234567')
  })

  test('no enumeration: known and new numbers get identical answers', async ({
    client,
    assert,
  }) => {
    const known = '+79991112233'
    const unknown = '+79994445566'
    await Resident.create({
      phoneE164: known,
      consentVersion: CONSENT_VERSION,
      consentAt: DateTime.now(),
    })
    const shape = (body: Record<string, unknown>) => ({ ...body, requestId: typeof body.requestId })

    const a = await client.post('/api/v1/auth/sms').json({ phone: known })
    const b = await client.post('/api/v1/auth/sms').json({ phone: unknown })
    assert.equal(a.status(), b.status())
    assert.deepEqual(shape(a.body()), shape(b.body()))
    assert.deepEqual(Object.keys(a.headers()).sort(), Object.keys(b.headers()).sort())
    const textOf = (phone: string) => smsOutbox.for(phone)[0].text.replace(/\d{6}/g, 'CODE')
    assert.equal(textOf(known), textOf(unknown))
    const counts = await identityCounts()
    assert.equal(counts.residents, 1, 'requesting a code creates no resident')

    // A wrong code too answers the same for both.
    const wrongA = await client
      .post('/api/v1/auth/sms/verify')
      .json({ requestId: a.body().requestId, code: wrongCode(await latestCode(client, known)) })
    const wrongB = await client
      .post('/api/v1/auth/sms/verify')
      .json({ requestId: b.body().requestId, code: wrongCode(await latestCode(client, unknown)) })
    assert.equal(wrongA.status(), wrongB.status())
    assert.deepEqual(wrongA.body(), wrongB.body())

    // And the rate limit does too.
    await allowResendNow()
    for (const phone of [known, unknown]) {
      await setRateLimit(rateLimitKey('sms:phone-hour', '127.0.0.1', phone), 5, 1800)
    }
    const limitedA = await client.post('/api/v1/auth/sms').json({ phone: known })
    const limitedB = await client.post('/api/v1/auth/sms').json({ phone: unknown })
    assert.equal(limitedA.status(), 429)
    assert.equal(limitedB.status(), 429)
    assert.equal(limitedA.body().error, limitedB.body().error)
    assert.equal(limitedA.body().message, limitedB.body().message)
  })

  test('SMS gateway down: 503 sms_unavailable, localized, no usable challenge', async ({
    client,
    assert,
    cleanup,
  }) => {
    const down = new DownSmsGateway()
    app.container.swap(SmsGateway, () => down)
    cleanup(() => app.container.restore(SmsGateway))

    const response = await client
      .post('/api/v1/auth/sms')
      .header('Accept-Language', 'ru')
      .json({ phone: PHONE })
    response.assertStatus(503)
    assert.equal(response.body().error, 'sms_unavailable')
    assert.include(response.body().message, 'не удалось отправить SMS')
    assert.equal(down.calls, 1)
    const counts = await identityCounts()
    assert.equal(counts.sms_challenges, 0)
    assert.equal(await usableChallenges(PHONE), 0)

    // The failed try did not eat the number's hourly allowance nor block a retry.
    app.container.restore(SmsGateway)
    await requestApiCode(client, PHONE)
    const hourly = await db
      .from('rate_limits')
      .where('key', `rlflx:${rateLimitKey('sms:phone-hour', '127.0.0.1', PHONE)}`)
      .first()
    assert.equal(hourly?.points, 1)
  })

  test('/api/v1/me needs a valid bearer token', async ({ client, assert }) => {
    const anonymous = await client.get('/api/v1/me')
    anonymous.assertStatus(401)
    assert.equal(anonymous.body().error, 'unauthorized')
    const bogus = await client.get('/api/v1/me').bearerToken('cbr_not-a-token')
    bogus.assertStatus(401)
  })
})

test.group('Sign-in data retention (privacy notice: "within a day")', (group) => {
  group.each.setup(() => resetIdentity())

  test('the job deletes challenges older than a day and expired counters, nothing newer', async ({
    client,
    assert,
  }) => {
    const { pruneSignInData } = await import('#identity/services/prune_sign_in_data')
    const old = DateTime.now().minus({ hours: 24, minutes: 1 }).toJSDate()
    await db.table('sms_challenges').insert({
      id: '6f1c4b0e-3a43-4b8e-9a52-0b1d6f1f2a11',
      phone_e164: '+79990000009',
      code_hash: 'x'.repeat(64),
      attempts: 0,
      expires_at: old,
      resend_after: old,
      created_at: old,
    })
    await setRateLimit(rateLimitKey('sms:phone-day', '127.0.0.1', '+79990000009'), 3, -1)
    await requestApiCode(client, PHONE)

    assert.deepEqual(await pruneSignInData(), { challenges: 1, rateLimits: 1 })
    const challenges = await db.from('sms_challenges').select('phone_e164')
    assert.deepEqual(
      challenges.map((row) => row.phone_e164),
      [PHONE]
    )
    // The fresh request's counters stay (their windows are not over), and name no number or IP.
    const counters = await db.from('rate_limits').select('key')
    const keys = counters.map((row) => String(row.key))
    assert.isAbove(keys.length, 0)
    for (const key of keys) {
      assert.notInclude(key, PHONE.slice(1))
      assert.notInclude(key, '127.0.0.1')
    }
    // A day later everything of that request is gone.
    assert.deepEqual(await pruneSignInData(DateTime.now().plus({ hours: 24, minutes: 1 })), {
      challenges: 1,
      rateLimits: keys.length,
    })
  })
})

test.group(
  'Sign-in times: hour-precise, no order (docs/threat-model.md "Linkage", item 8)',
  (group) => {
    group.each.setup(() => resetIdentity())

    const onTheHour = (value: Date | null) => {
      if (value === null) return true
      return value.getTime() % 3_600_000 === 0
    }

    test('a sign-in stores hours only, rounds the token expiry up and deletes its code', async ({
      client,
      assert,
    }) => {
      const before = Date.now()
      const requestId = await requestApiCode(client, PHONE)
      const code = await latestCode(client, PHONE)
      const verified = await client.post('/api/v1/auth/sms/verify').json({ requestId, code })
      verified.assertStatus(200)

      const challenges = await db.from('sms_challenges').where('phone_e164', PHONE)
      assert.lengthOf(challenges, 0, 'a verified code is deleted at once')
      const resident = await db.from('residents').where('phone_e164', PHONE).firstOrFail()
      for (const column of ['created_at', 'updated_at', 'consent_at', 'last_sign_in_at']) {
        assert.isNotNull(resident[column], column)
        assert.isTrue(onTheHour(resident[column]), `residents.${column}`)
      }
      const [record] = await db.from('consent_records').where('resident_id', resident.id)
      assert.isTrue(onTheHour(record.accepted_at))
      const [token] = await db.from('resident_access_tokens').where('tokenable_id', resident.id)
      assert.isTrue(onTheHour(token.created_at) && onTheHour(token.updated_at))
      assert.isTrue(onTheHour(token.expires_at), 'the expiry is rounded up to the full hour')
      assert.isAtLeast(token.expires_at.getTime(), before + 12 * 3_600_000)
      assert.isBelow(token.expires_at.getTime(), Date.now() + 13 * 3_600_000)
      assert.equal(verified.body().expiresAt, token.expires_at.toISOString())
      const me = await client.get('/api/v1/me').bearerToken(verified.body().token)
      me.assertStatus(200)

      // The used code is gone: trying it again is `expired`, as for a used code before.
      const again = await client.post('/api/v1/auth/sms/verify').json({ requestId, code })
      again.assertStatus(410)
      assert.equal(again.body().error, 'code_expired')
    })

    test('new residents, consent records and tokens get random ids, not a serial', async ({
      assert,
    }) => {
      const ids: number[] = []
      for (let i = 0; i < 5; i++) {
        const [row] = await db
          .table('residents')
          .insert({ phone_e164: `+7999000000${i}`, created_at: new Date(), updated_at: new Date() })
          .returning('id')
        ids.push(Number(row.id))
      }
      const steps = ids.slice(1).map((id, i) => id - ids[i])
      assert.notDeepEqual(steps, [1, 1, 1, 1])
      for (const table of ['residents', 'consent_records', 'resident_access_tokens']) {
        const { rows } = await db.rawQuery(
          `SELECT column_default FROM information_schema.columns WHERE table_name = ? AND column_name = 'id'`,
          [table]
        )
        assert.include(String(rows[0].column_default), 'random_row_id', table)
      }
    })

    test('session expiry: rounded up to the hour, rewritten at most once an hour', async ({
      assert,
    }) => {
      await db.from('sessions').where('id', 'linkage-session').delete()
      await db.table('sessions').insert({
        id: 'linkage-session',
        data: '{}',
        expires_at: new Date('2030-01-01T10:20:05.123Z'),
      })
      const read = async () => {
        const { rows } = await db.rawQuery(
          `SELECT xmin::text AS version, expires_at FROM sessions WHERE id = 'linkage-session'`
        )
        return rows[0] as { version: string; expires_at: Date }
      }
      const first = await read()
      assert.equal(first.expires_at.toISOString(), '2030-01-01T11:00:00.000Z')
      // A touch later in the same hour (what the store does on every request) writes nothing.
      await db
        .from('sessions')
        .where('id', 'linkage-session')
        .update({ expires_at: new Date('2030-01-01T10:59:59.999Z') })
      assert.deepEqual(await read(), first)
      await db
        .from('sessions')
        .where('id', 'linkage-session')
        .update({ expires_at: new Date('2030-01-01T11:00:00.001Z') })
      const moved = await read()
      assert.equal(moved.expires_at.toISOString(), '2030-01-01T12:00:00.000Z')
      assert.notEqual(moved.version, first.version)
      await db.from('sessions').where('id', 'linkage-session').delete()
    })

    test('the pass forgets the sign-in order: tables rewritten in the order of their random ids', async ({
      assert,
    }) => {
      const { forgetSignInOrder } = await import('#identity/sign_in_order')
      for (let i = 0; i < 20; i++) {
        await db.table('residents').insert({
          phone_e164: `+799900001${String(i).padStart(2, '0')}`,
          created_at: new Date(),
          updated_at: new Date(),
        })
      }
      assert.include(await forgetSignInOrder(), 'residents')
      const { rows } = await db.rawQuery('SELECT id FROM residents')
      const ids = rows.map((r: { id: number }) => r.id)
      assert.deepEqual(
        ids,
        [...ids].sort((a: number, b: number) => a - b)
      )
      assert.notInclude(await forgetSignInOrder(), 'residents', 'nothing changed: no rewrite')
    })
  }
)
