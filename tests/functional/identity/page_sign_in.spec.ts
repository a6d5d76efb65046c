import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Resident from '#identity/models/resident'
import { SmsGateway } from '#identity/sms/sms_gateway'
import { smsOutbox } from '#identity/sms/sms_outbox'
import { safeNextPath } from '#identity/safe_next'
import {
  allowResendNow,
  DownSmsGateway,
  identityCounts,
  latestCode,
  resetIdentity,
  setRateLimit,
  usableChallenges,
  withoutCsrf,
  wrongCode,
} from '#tests/helpers/identity'
import { rateLimitKey } from '#shared/rate_limit_keys'

const PHONE = '+79991234567'
const CONSENT_VERSION = '2026-11'
type SessionValues = Record<string, any>

test.group('Sign-in pages', (group) => {
  group.each.setup(() => resetIdentity())

  test('new resident: phone → code from the outbox → consent → signed in → back to ?next', async ({
    client,
    assert,
  }) => {
    const page = await client.get('/sign-in').qs({ next: '/campaigns/7?tab=pots' }).withInertia()
    page.assertStatus(200)
    page.assertInertiaComponent('auth/sign_in')
    assert.equal(page.inertiaProps.next, '/campaigns/7?tab=pots')

    const requested = await client
      .post('/sign-in')
      .form({ phone: '8 (999) 123-45-67', next: '/campaigns/7?tab=pots' })
      .withCsrfToken()
      .withInertia()
      .redirects(0)
    requested.assertStatus(302)
    requested.assertHeader('location', '/sign-in/code')
    let session: SessionValues = requested.session()
    assert.equal(session.identity.signIn.phone, PHONE)

    const codePage = await client.get('/sign-in/code').withSession(session).withInertia()
    codePage.assertInertiaComponent('auth/code')
    assert.equal(codePage.inertiaProps.phone, '+7 ••• ••• 45 67')
    assert.isAbove(codePage.inertiaProps.resendAfterSeconds, 50)
    assert.isAbove(codePage.inertiaProps.expiresInSeconds, 590)

    const code = await latestCode(client, PHONE)
    const verified = await client
      .post('/sign-in/code')
      .form({ code: `${code.slice(0, 3)} ${code.slice(3)}` })
      .withSession(session)
      .withCsrfToken()
      .withInertia()
      .redirects(0)
    verified.assertHeader('location', '/sign-in/consent')
    session = verified.session()
    assert.deepInclude(await identityCounts(), { residents: 0, consent_records: 0 })

    const consentPage = await client.get('/sign-in/consent').withSession(session).withInertia()
    consentPage.assertInertiaComponent('auth/consent')
    assert.equal(consentPage.inertiaProps.version, CONSENT_VERSION)
    assert.isAbove(consentPage.inertiaProps.sections.length, 3)

    const notAccepted = await client
      .post('/sign-in/consent')
      .form({})
      .withSession(session)
      .withCsrfToken()
      .redirects(0)
    notAccepted.assertStatus(302)
    assert.property(notAccepted.flashMessages().inputErrorsBag, 'accept')
    assert.deepInclude(await identityCounts(), { residents: 0, consent_records: 0 })

    const before = DateTime.now().minus({ seconds: 1 })
    const accepted = await client
      .post('/sign-in/consent')
      .form({ accept: 'on' })
      .withSession(notAccepted.session())
      .withCsrfToken()
      .withInertia()
      .redirects(0)
    accepted.assertHeader('location', '/campaigns/7?tab=pots')

    const resident = await Resident.findByOrFail('phoneE164', PHONE)
    assert.equal(resident.consentVersion, CONSENT_VERSION)
    // Hour-precise (migration 0170): the hour of the consent.
    assert.isTrue(resident.consentAt! >= before.startOf('hour'))
    assert.equal(resident.consentAt!.toMillis() % 3_600_000, 0)
    assert.equal(resident.locale, 'en')
    const records = await db.from('consent_records').where('resident_id', resident.id)
    assert.lengthOf(records, 1)
    assert.equal(records[0].version, CONSENT_VERSION)

    session = accepted.session()
    const home = await client.get('/').withSession(session).withInertia()
    assert.deepEqual(home.inertiaProps.resident, { id: resident.id, phone: '+7 ••• ••• 45 67' })

    const signOut = await client
      .post('/sign-out')
      .withSession(session)
      .withCsrfToken()
      .withInertia()
      .redirects(0)
    signOut.assertHeader('location', '/')
    // The browser drops this site's storage: no ballot or receipt stays on a shared device.
    signOut.assertHeader('clear-site-data', '"storage"')
    const after = await client.get('/').withSession(signOut.session()).withInertia()
    assert.isNull(after.inertiaProps.resident)
  })

  test('a known resident with current consent skips the consent step', async ({
    client,
    assert,
  }) => {
    const resident = await Resident.create({
      phoneE164: PHONE,
      consentVersion: CONSENT_VERSION,
      consentAt: DateTime.now(),
    })
    const requested = await client
      .post('/sign-in')
      .form({ phone: PHONE })
      .withCsrfToken()
      .redirects(0)
    const code = await latestCode(client, PHONE)
    const verified = await client
      .post('/sign-in/code')
      .form({ code })
      .withSession(requested.session())
      .withCsrfToken()
      .redirects(0)
    verified.assertHeader('location', '/')
    const counts = await identityCounts()
    assert.equal(counts.consent_records, 0)
    await resident.refresh()
    assert.isNotNull(resident.lastSignInAt)
  })

  test('an older consent version is asked again and recorded with the new version', async ({
    client,
    assert,
  }) => {
    const resident = await Resident.create({
      phoneE164: PHONE,
      consentVersion: '2025-01',
      consentAt: DateTime.now().minus({ years: 1 }),
    })
    await db.table('consent_records').insert({
      resident_id: resident.id,
      version: '2025-01',
      accepted_at: DateTime.now().minus({ years: 1 }).toJSDate(),
    })
    const requested = await client.post('/sign-in').form({ phone: PHONE }).withCsrfToken()
    const code = await latestCode(client, PHONE)
    const verified = await client
      .post('/sign-in/code')
      .form({ code })
      .withSession(requested.session())
      .withCsrfToken()
      .redirects(0)
    verified.assertHeader('location', '/sign-in/consent')
    await resident.refresh()
    assert.equal(resident.consentVersion, '2025-01')

    const accepted = await client
      .post('/sign-in/consent')
      .form({ accept: 'true' })
      .withSession(verified.session())
      .withCsrfToken()
      .redirects(0)
    accepted.assertHeader('location', '/')
    await resident.refresh()
    assert.equal(resident.consentVersion, CONSENT_VERSION)
    const versions = await db
      .from('consent_records')
      .where('resident_id', resident.id)
      .orderBy('accepted_at') // ids are random (migration 0170)
      .select('version')
    assert.deepEqual(
      versions.map((row) => row.version),
      ['2025-01', CONSENT_VERSION]
    )
  })

  test('wrong code on the page: field message with the attempts left, nothing signed in', async ({
    client,
    assert,
  }) => {
    const requested = await client.post('/sign-in').form({ phone: PHONE }).withCsrfToken()
    const code = await latestCode(client, PHONE)
    const wrong = await client
      .post('/sign-in/code')
      .header('Accept-Language', 'uk')
      .form({ code: wrongCode(code) })
      .withSession(requested.session())
      .withCsrfToken()
      .redirects(0)
    wrong.assertHeader('location', '/sign-in/code')
    assert.deepEqual(wrong.flashMessages().errorsBag, {
      code: 'Код неправильний. Залишилося 4 спроби.',
    })
    assert.deepInclude(await identityCounts(), { residents: 0 })
    assert.notProperty(wrong.session(), 'auth_resident')
  })

  test('asking for a new code too early shows the wait (429); later it sends one', async ({
    client,
    assert,
  }) => {
    const requested = await client.post('/sign-in').form({ phone: PHONE }).withCsrfToken()
    const session = requested.session()
    const early = await client
      .post('/sign-in/code/resend')
      .header('Accept-Language', 'ru')
      .withSession(session)
      .withCsrfToken()
      .withInertia()
    early.assertStatus(429)
    assert.isAbove(Number(early.header('retry-after')), 0)
    early.assertInertiaComponent('auth/code')
    assert.match(
      early.inertiaProps.notice,
      /Новый можно будет запросить через (\d+ секунд|1 минуту)/
    )
    assert.lengthOf(smsOutbox.for(PHONE), 1)

    await allowResendNow()
    const resent = await client
      .post('/sign-in/code/resend')
      .withSession(session)
      .withCsrfToken()
      .redirects(0)
    resent.assertHeader('location', '/sign-in/code')
    assert.lengthOf(smsOutbox.for(PHONE), 2)
    assert.notEqual(
      resent.session().identity.signIn.challengeId,
      session.identity.signIn.challengeId
    )
    assert.equal(await usableChallenges(PHONE), 1)
  })

  test('malformed numbers: field message in ru and uk, nothing sent', async ({
    client,
    assert,
  }) => {
    for (const [locale, message] of [
      ['ru', 'Введите корректный номер телефона'],
      ['uk', 'Введіть коректний номер телефону'],
      ['en', 'Enter a valid phone number'],
    ]) {
      const response = await client
        .post('/sign-in')
        .header('Accept-Language', locale)
        .header('Referer', '/sign-in')
        .form({ phone: '+7 999' })
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
      assert.deepEqual(response.flashMessages().inputErrorsBag, { phone: [message] })
    }
    const counts = await identityCounts()
    assert.equal(counts.sms_challenges, 0)
    assert.lengthOf(smsOutbox.for('+7999'), 0)
  })

  test('a number outside the allowed regions: field message, nothing sent', async ({
    client,
    assert,
  }) => {
    const response = await client
      .post('/sign-in')
      .header('Accept-Language', 'uk')
      .header('Referer', '/sign-in')
      .form({ phone: '+44 7400 123456' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    assert.deepEqual(response.flashMessages().inputErrorsBag, {
      phone: ['На цей номер не можна надіслати код входу. Вкажіть мобільний номер (RU)'],
    })
    assert.lengthOf(smsOutbox.for('+447400123456'), 0)
  })

  test('rate limit on the page: 429, Retry-After and a localized wait', async ({
    client,
    assert,
  }) => {
    await setRateLimit(rateLimitKey('sms:phone-hour', '127.0.0.1', PHONE), 5, 1500)
    const response = await client
      .post('/sign-in')
      .header('Accept-Language', 'ru')
      .form({ phone: PHONE })
      .withCsrfToken()
      .withInertia()
    response.assertStatus(429)
    const retryAfter = Number(response.header('retry-after'))
    assert.isAbove(retryAfter, 1400)
    response.assertInertiaComponent('auth/sign_in')
    assert.equal(
      response.inertiaProps.notice,
      'Запрошено слишком много кодов. Новый код можно будет запросить через 25 минут.'
    )
    const counts = await identityCounts()
    assert.equal(counts.sms_challenges, 0)
  })

  test('SMS gateway down: a localized page (503), no usable challenge', async ({
    client,
    assert,
    cleanup,
  }) => {
    app.container.swap(SmsGateway, () => new DownSmsGateway())
    cleanup(() => app.container.restore(SmsGateway))
    const response = await client
      .post('/sign-in')
      .header('Accept-Language', 'uk')
      .form({ phone: PHONE })
      .withCsrfToken()
      .withInertia()
    response.assertStatus(503)
    response.assertInertiaComponent('auth/sign_in')
    assert.include(response.inertiaProps.notice, 'Зараз не вдалося надіслати SMS')
    assert.notProperty(response.session(), 'identity')
    assert.equal(await usableChallenges(PHONE), 0)
    const counts = await identityCounts()
    assert.equal(counts.sms_challenges, 0)

    // Rendered on the server too (a first visit, no JavaScript yet).
    const html = await client
      .post('/sign-in')
      .header('Accept-Language', 'uk')
      .form({ phone: PHONE })
      .withCsrfToken()
    html.assertStatus(503)
    assert.include(html.text(), 'Зараз не вдалося надіслати SMS')
  })

  test('no enumeration on the page: known and new numbers get the same answer', async ({
    client,
    assert,
  }) => {
    const known = '+79991112233'
    await Resident.create({
      phoneE164: known,
      consentVersion: CONSENT_VERSION,
      consentAt: DateTime.now(),
    })
    const a = await client.post('/sign-in').form({ phone: known }).withCsrfToken().redirects(0)
    const b = await client
      .post('/sign-in')
      .form({ phone: '+79994445566' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(a.status(), b.status())
    assert.equal(a.header('location'), b.header('location'))
    assert.deepEqual(
      Object.keys(a.session().identity.signIn),
      Object.keys(b.session().identity.signIn)
    )
  })

  test('?next= is only followed to same-site paths', async ({ client, assert }) => {
    for (const evil of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      '/\t/evil.example',
      'evil.example',
      '/.//evil.example/phish',
      '/a/..//evil.example',
      '/%2e//evil.example',
    ]) {
      assert.equal(safeNextPath(evil), '/', evil)
      const page = await client.get('/sign-in').qs({ next: evil }).withInertia()
      assert.equal(page.inertiaProps.next, '/', evil)
    }
    assert.equal(safeNextPath('/proposals/3?sort=new#c1'), '/proposals/3?sort=new#c1')
    assert.equal(safeNextPath('/sign-in/code'), '/')
    // Encoded CR/LF stays encoded: a path on this site, no header injection.
    assert.equal(safeNextPath('/%0d%0aSet-Cookie:x'), '/%0d%0aSet-Cookie:x')

    const requested = await client
      .post('/sign-in')
      .form({ phone: PHONE, next: '//evil.example/steal' })
      .withCsrfToken()
      .redirects(0)
    const code = await latestCode(client, PHONE)
    const verified = await client
      .post('/sign-in/code')
      .form({ code })
      .withSession(requested.session())
      .withCsrfToken()
      .redirects(0)
    verified.assertHeader('location', '/sign-in/consent')
    const accepted = await client
      .post('/sign-in/consent')
      .form({ accept: 'on' })
      .withSession(verified.session())
      .withCsrfToken()
      .redirects(0)
    accepted.assertHeader('location', '/')
  })

  test('CSRF: the page forms refuse a POST without a token', async ({ client, assert }) => {
    const refused = await client.post('/sign-in').form({ phone: PHONE }).redirects(0)
    assert.notEqual(refused.header('location'), '/sign-in/code')
    assert.property(refused.flashMessages().errorsBag, 'E_BAD_CSRF_TOKEN')
    assert.lengthOf(smsOutbox.for(PHONE), 0)
    const counts = await identityCounts()
    assert.equal(counts.sms_challenges, 0)

    // A real sign-in in progress, then code and consent posts without the token.
    const requested = await client.post('/sign-in').form({ phone: PHONE }).withCsrfToken()
    const code = await latestCode(client, PHONE)
    const codeRefused = await client
      .post('/sign-in/code')
      .form({ code })
      .withSession(withoutCsrf(requested.session()))
      .redirects(0)
    assert.property(codeRefused.flashMessages().errorsBag, 'E_BAD_CSRF_TOKEN')
    assert.equal(await usableChallenges(PHONE), 1, 'the code was not used')

    const verified = await client
      .post('/sign-in/code')
      .form({ code })
      .withSession(requested.session())
      .withCsrfToken()
      .redirects(0)
    const consentRefused = await client
      .post('/sign-in/consent')
      .form({ accept: 'on' })
      .withSession(withoutCsrf(verified.session()))
      .redirects(0)
    assert.property(consentRefused.flashMessages().errorsBag, 'E_BAD_CSRF_TOKEN')
    const after = await identityCounts()
    assert.equal(after.residents, 0)

    const resident = await Resident.create({ phoneE164: '+79990000001' })
    const signOut = await client.post('/sign-out').loginAs(resident).redirects(0)
    assert.property(signOut.flashMessages().errorsBag, 'E_BAD_CSRF_TOKEN')
  })

  test('a signed-in resident visiting /sign-in goes home', async ({ client }) => {
    const resident = await Resident.create({
      phoneE164: PHONE,
      consentVersion: CONSENT_VERSION,
      consentAt: DateTime.now(),
    })
    const response = await client.get('/sign-in').loginAs(resident).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/')
  })

  test('the code and consent steps need a sign-in in progress', async ({ client }) => {
    for (const path of ['/sign-in/code', '/sign-in/consent']) {
      const response = await client.get(path).redirects(0)
      response.assertHeader('location', '/sign-in')
    }
    const expired = await client
      .get('/sign-in/consent')
      .withSession({
        identity: { consent: { phone: PHONE, next: '/', verifiedAt: Date.now() - 16 * 60_000 } },
      })
      .redirects(0)
    expired.assertHeader('location', '/sign-in')
  })
})
