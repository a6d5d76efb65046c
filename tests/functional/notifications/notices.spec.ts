import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import type { ApiClient } from '@japa/api-client'
import type Resident from '#identity/models/resident'
import type StaffUser from '#identity/models/staff_user'
import { SmsGateway } from '#identity/sms/sms_gateway'
import { smsOutbox } from '#identity/sms/sms_outbox'
import notificationsConfig from '#config/notifications'
import { noticeThrottle, sendDueNotices, THROTTLE_KEY } from '#notifications/notices/send_notices'
import { queueNotices } from '#notifications/notices/queue_notices'
import { unsubscribeToken } from '#notifications/notices/unsubscribe_token'
import {
  expectStatus,
  makeCampaign,
  makeCity,
  makeResident,
  makeStaff,
} from '#tests/helpers/campaigns'
import { staffRequest } from '#tests/helpers/staff'
import { DownSmsGateway } from '#tests/helpers/identity'

const PER_MINUTE_DEFAULT = notificationsConfig.notices.perMinute
const PER_MINUTE_SMALL = 2
let phoneCounter = 0
const nextPhone = () => `+7999555${String(1000 + ++phoneCounter).slice(-4)}`

async function optedIn(
  districtId: number | null,
  options: { locale?: string; email?: string | null; optIn?: boolean } = {}
) {
  const resident = await makeResident(nextPhone(), districtId)
  await db
    .from('residents')
    .where('id', resident.id)
    .update({
      locale: options.locale ?? 'en',
      notices_opt_in: options.optIn ?? true,
      notices_email: options.email ?? null,
    })
  return resident
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

const noticesOf = (campaignId: number) =>
  db
    .from('resident_notices')
    .where('campaign_id', campaignId)
    .orderBy(['resident_id', 'kind'])
    .select('resident_id', 'kind', 'status', 'attempts', 'lease_until')

/** How many notices one sender pass sent / failed. */
async function sentBy(now?: Date) {
  const report = await sendDueNotices(now)
  return report.sent
}

async function failedBy(now?: Date) {
  const report = await sendDueNotices(now)
  return report.failed
}

async function optInOf(residentId: number): Promise<boolean> {
  const row = await db.from('residents').where('id', residentId).first()
  return row.notices_opt_in
}

const textsTo = (resident: Resident) => smsOutbox.for(resident.phoneE164!).map((m) => m.text)

test.group('Notices to residents', (group) => {
  group.setup(async () => {
    // The limiter binds to the connection it is first made on: make both sizes outside the
    // tests' global transactions (tests/helpers/staff.ts explains).
    for (const perMinute of [PER_MINUTE_DEFAULT, PER_MINUTE_SMALL]) {
      notificationsConfig.notices.perMinute = perMinute
      await noticeThrottle().remaining('warm-up')
    }
    notificationsConfig.notices.perMinute = PER_MINUTE_DEFAULT
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(async () => {
    await noticeThrottle().delete(THROTTLE_KEY)
    await db.from('resident_notices').delete()
    smsOutbox.clear()
    notificationsConfig.notices.perMinute = PER_MINUTE_DEFAULT
    return () => {
      notificationsConfig.notices.perMinute = PER_MINUTE_DEFAULT
      app.container.restore(SmsGateway)
      mail.restore()
    }
  })

  test('voting opens: one notice per opted-in resident of the community, in their language, e-mail too; queued once, sent once', async ({
    client,
    assert,
  }) => {
    const { city, north, south, other } = await makeCity()
    const english = await optedIn(north.id, { email: 'reader@example.org' })
    const russian = await optedIn(south.id, { locale: 'ru' })
    const ukrainian = await optedIn(north.id, { locale: 'uk' })
    const notOptedIn = await optedIn(north.id, { optIn: false })
    const elsewhere = await optedIn(other.id)
    const noDistrict = await optedIn(null)
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id, {
      stage: 'review',
      title: { en: 'Parks 2027', ru: 'Парки 2027', uk: 'Парки 2027' },
    })

    await expectStatus(moveStage(client, admin, campaign.id, 'review', 'voting'), 302)
    let rows = await noticesOf(campaign.id)
    assert.deepEqual(
      rows.map((row) => [row.resident_id, row.kind, row.status]),
      [english, russian, ukrainian]
        .map((resident) => resident.id)
        .sort((a, b) => a - b)
        .map((id) => [id, 'voting_opened', 'queued'])
    )
    // The same event again (a replayed hook) queues nothing.
    assert.equal(await db.transaction((trx) => queueNotices(campaign.id, 'voting_opened', trx)), 0)

    const fakeMail = mail.fake()
    const report = await sendDueNotices()
    assert.deepEqual(report, { sent: 3, skipped: 0, failed: 0, deferred: 0 })

    const [englishText] = textsTo(english)
    assert.match(englishText, /^Voting is open: Parks 2027\. Vote at \S*\/campaigns\//)
    assert.include(englishText, `/notices/unsubscribe/${unsubscribeToken(english.id)}`)
    assert.match(textsTo(russian)[0], /^Голосование открыто: Парки 2027/)
    assert.include(textsTo(russian)[0], `/notices/unsubscribe/${unsubscribeToken(russian.id)}`)
    assert.match(textsTo(ukrainian)[0], /^Голосування відкрито: Парки 2027/)
    for (const resident of [notOptedIn, elsewhere, noDistrict]) {
      assert.lengthOf(textsTo(resident), 0)
    }

    const mails = fakeMail.messages.sent()
    assert.lengthOf(mails, 1)
    mails[0].assertTo('reader@example.org')
    mails[0].assertSubject('Voting is open: Parks 2027')
    assert.include(
      String(mails[0].nodeMailerMessage.text),
      `/notices/unsubscribe/${unsubscribeToken(english.id)}`
    )

    // Sent rows keep no time; passes after it send nothing more, however late.
    rows = await noticesOf(campaign.id)
    assert.isTrue(rows.every((row) => row.status === 'sent' && row.lease_until === null))
    assert.deepEqual(await sendDueNotices(new Date(Date.now() + 86_400_000)), {
      sent: 0,
      skipped: 0,
      failed: 0,
      deferred: 0,
    })
    assert.lengthOf(textsTo(english), 1)
    assert.lengthOf(fakeMail.messages.sent(), 1)

    // Results published: the second kind of notice, to the same residents.
    await expectStatus(moveStage(client, admin, campaign.id, 'voting', 'results'), 302)
    await sendDueNotices()
    assert.match(
      textsTo(english)[0],
      /^Results are published: Parks 2027\. See them at \S*\/campaigns\/.*\/results/
    )
    assert.match(textsTo(russian)[0], /^Итоги опубликованы: Парки 2027/)
    assert.lengthOf(textsTo(ukrainian), 2)
    assert.lengthOf(textsTo(elsewhere), 0)
  })

  test('sending is throttled to the configured number a minute; the rest wait for the next minute', async ({
    client,
    assert,
  }) => {
    notificationsConfig.notices.perMinute = PER_MINUTE_SMALL
    const { city, north } = await makeCity()
    const residents = [await optedIn(north.id), await optedIn(north.id), await optedIn(north.id)]
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id, { stage: 'review' })
    await expectStatus(moveStage(client, admin, campaign.id, 'review', 'voting'), 302)

    assert.equal(await sentBy(), 2)
    assert.equal(await sentBy(), 0, 'the minute is spent')
    let rows = await noticesOf(campaign.id)
    assert.deepEqual(
      rows.map((row) => row.status),
      ['sent', 'sent', 'queued']
    )
    assert.isNull(rows[2].lease_until, 'an unsent row is not held')

    // The next minute (the limiter's window over).
    await noticeThrottle().delete(THROTTLE_KEY)
    assert.equal(await sentBy(), 1)
    rows = await noticesOf(campaign.id)
    assert.isTrue(rows.every((row) => row.status === 'sent'))
    for (const resident of residents) assert.lengthOf(textsTo(resident), 1)
  })

  test('after a crash the claimed notices are sent once their lease is over — once', async ({
    client,
    assert,
  }) => {
    const { city, north } = await makeCity()
    const first = await optedIn(north.id)
    const second = await optedIn(north.id)
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id, { stage: 'review' })
    await expectStatus(moveStage(client, admin, campaign.id, 'review', 'voting'), 302)

    // A sender claimed both rows and died before sending anything.
    const leaseUntil = new Date(Date.now() + notificationsConfig.notices.leaseMs)
    await db
      .from('resident_notices')
      .where('campaign_id', campaign.id)
      .update({ lease_until: leaseUntil, attempts: 1 })

    // While its lease lasts, no other sender touches them.
    assert.equal(await sentBy(), 0)
    assert.lengthOf(textsTo(first), 0)

    // Once it is over, the next sender takes them: each resident gets exactly one text.
    const afterLease = new Date(leaseUntil.getTime() + 1_000)
    assert.equal(await sentBy(afterLease), 2)
    assert.equal(await sentBy(new Date(afterLease.getTime() + 3_600_000)), 0)
    assert.lengthOf(textsTo(first), 1)
    assert.lengthOf(textsTo(second), 1)
    const rows = await noticesOf(campaign.id)
    assert.deepEqual(
      rows.map((row) => [row.status, row.attempts]),
      [
        ['sent', 2],
        ['sent', 2],
      ]
    )
  })

  test('a sender that died while the gateway had the text leaves the notice `sending`: never sent again', async ({
    client,
    assert,
  }) => {
    const { city, north } = await makeCity()
    const resident = await optedIn(north.id)
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id, { stage: 'review' })
    await expectStatus(moveStage(client, admin, campaign.id, 'review', 'voting'), 302)

    // The sender marked the row, handed the text to the gateway and died before the answer.
    const leaseUntil = new Date(Date.now() + notificationsConfig.notices.leaseMs)
    await db
      .from('resident_notices')
      .where('campaign_id', campaign.id)
      .update({ status: 'sending', lease_until: leaseUntil, attempts: 1 })

    // Long after its lease, no sender takes it: at most once.
    assert.equal(await sentBy(new Date(leaseUntil.getTime() + 3_600_000)), 0)
    assert.lengthOf(textsTo(resident), 0)
    const [row] = await noticesOf(campaign.id)
    assert.equal(row.status, 'sending')
  })

  test('a gateway outage: the notice waits and is retried, then given up after the last attempt', async ({
    client,
    assert,
  }) => {
    const { city, north } = await makeCity()
    const resident = await optedIn(north.id)
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id, { stage: 'review' })
    await expectStatus(moveStage(client, admin, campaign.id, 'review', 'voting'), 302)
    app.container.swap(SmsGateway, () => new DownSmsGateway())

    const { attemptsMax, retryAfterMs } = notificationsConfig.notices
    let now = Date.now()
    assert.equal(await failedBy(new Date(now)), 1)
    assert.equal(await failedBy(new Date(now)), 0, 'not before the retry time')
    for (let attempt = 2; attempt <= attemptsMax; attempt++) {
      now += retryAfterMs * 2
      assert.equal(await failedBy(new Date(now)), 1)
    }
    const [row] = await noticesOf(campaign.id)
    assert.deepInclude(row, { status: 'failed', attempts: attemptsMax })
    app.container.restore(SmsGateway)
    assert.equal(await sentBy(new Date(now + 86_400_000)), 0)
    assert.lengthOf(textsTo(resident), 0)
  })

  test('the unsubscribe link works without signing in; a forged one is 404 and changes nothing', async ({
    client,
    assert,
  }) => {
    const { city, north } = await makeCity()
    const leaving = await optedIn(north.id, { email: 'leaving@example.org' })
    const staying = await optedIn(north.id)
    const token = unsubscribeToken(leaving.id)

    const page = await client.get(`/notices/unsubscribe/${token}`).withInertia()
    page.assertStatus(200)
    page.assertInertiaComponent('notices/unsubscribe')
    assert.equal(page.inertiaProps.done, false)
    // Opening the link (a mail scanner, a link preview) changes nothing.
    assert.isTrue(await optInOf(leaving.id))

    const forged = [
      `${staying.id}.${token.split('.')[1]}`,
      `${leaving.id}.${'A'.repeat(22)}`,
      `${leaving.id}`,
      'x'.repeat(300),
      `99999999999.${token.split('.')[1]}`,
    ]
    for (const bad of forged) {
      await expectStatus(client.get(`/notices/unsubscribe/${encodeURIComponent(bad)}`), 404)
      const post = await client
        .post(`/notices/unsubscribe/${encodeURIComponent(bad)}`)
        .withCsrfToken()
        .redirects(0)
      post.assertStatus(404)
    }
    const noCsrf = await client.post(`/notices/unsubscribe/${token}`).redirects(0)
    assert.notEqual(noCsrf.status(), 200)
    assert.isTrue(await optInOf(leaving.id))

    const done = await client
      .post(`/notices/unsubscribe/${token}`)
      .withCsrfToken()
      .withInertia()
      .header('accept-language', 'uk')
    done.assertStatus(200)
    assert.equal(done.inertiaProps.done, true)
    const after = await db.from('residents').where('id', leaving.id).first()
    assert.deepInclude(after, { notices_opt_in: false, notices_email: null })
    assert.isTrue(await optInOf(staying.id))

    // A notice queued before the click is not sent.
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id, { stage: 'review' })
    await db.from('residents').where('id', leaving.id).update({ notices_opt_in: true })
    await expectStatus(moveStage(client, admin, campaign.id, 'review', 'voting'), 302)
    await client.post(`/notices/unsubscribe/${token}`).withCsrfToken()
    assert.deepInclude(await sendDueNotices(), { sent: 1, skipped: 1 })
    assert.lengthOf(textsTo(leaving), 0)
    assert.lengthOf(textsTo(staying), 1)
  })

  test('opt-in: at the consent step of the first sign-in and on the profile; a bad e-mail is a field error', async ({
    client,
    assert,
  }) => {
    const phone = nextPhone()
    const consent = await client
      .post('/sign-in/consent')
      .form({ accept: 'on', notices: 'true', noticesEmail: 'new@example.org' })
      .withSession({ identity: { consent: { phone, next: '/', verifiedAt: Date.now() } } })
      .withCsrfToken()
      .redirects(0)
    consent.assertStatus(302)
    const created = await db.from('residents').where('phone_e164', phone).first()
    assert.deepInclude(created, { notices_opt_in: true, notices_email: 'new@example.org' })

    const { north } = await makeCity()
    const resident = await makeResident(nextPhone(), north.id)
    const put = (body: Record<string, unknown>) =>
      client.put('/profile/notices').json(body).withCsrfToken().loginAs(resident).redirects(0)

    const bad = await put({ notices: true, noticesEmail: 'not-an-address' }).header(
      'accept-language',
      'ru'
    )
    bad.assertStatus(302)
    assert.deepEqual(bad.flashMessages().inputErrorsBag, {
      noticesEmail: ['Введите корректный адрес электронной почты'],
    })
    const badJson = await put({ notices: 'maybe' }).accept('json')
    badJson.assertStatus(422)
    let row = await db.from('residents').where('id', resident.id).first()
    assert.isFalse(row.notices_opt_in)

    await expectStatus(put({ notices: true, noticesEmail: 'me@example.org' }), 302)
    row = await db.from('residents').where('id', resident.id).first()
    assert.deepInclude(row, { notices_opt_in: true, notices_email: 'me@example.org' })
    const profile = await client.get('/profile').loginAs(resident).withInertia()
    assert.deepInclude(profile.inertiaProps, { notices: true, noticesEmail: 'me@example.org' })

    // A body without the choice changes nothing.
    await expectStatus(put({ noticesEmail: 'other@example.org' }).accept('json'), 422)
    row = await db.from('residents').where('id', resident.id).first()
    assert.deepInclude(row, { notices_opt_in: true, notices_email: 'me@example.org' })

    // Opting out drops the address too.
    await expectStatus(put({ notices: false, noticesEmail: 'me@example.org' }), 302)
    row = await db.from('residents').where('id', resident.id).first()
    assert.deepInclude(row, { notices_opt_in: false, notices_email: null })
  })

  test('download my data shows the notices; deleting the account erases them and the address', async ({
    client,
    assert,
  }) => {
    const { city, north } = await makeCity()
    const resident = await optedIn(north.id, { email: 'gone@example.org' })
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id, { stage: 'review' })
    await expectStatus(moveStage(client, admin, campaign.id, 'review', 'voting'), 302)
    await sendDueNotices()

    const data = await client.get('/profile/data.json').loginAs(resident)
    data.assertStatus(200)
    assert.deepEqual(data.body().account.notices, { optIn: true, email: 'gone@example.org' })
    assert.deepEqual(data.body().notifications.notices, [
      { campaignId: campaign.id, kind: 'voting_opened', status: 'sent' },
    ])

    const deleted = await client
      .delete('/profile')
      .json({ confirm: true })
      .withCsrfToken()
      .loginAs(resident)
      .redirects(0)
    deleted.assertStatus(302)
    const row = await db.from('residents').where('id', resident.id).first()
    assert.deepInclude(row, { notices_opt_in: false, notices_email: null })
    assert.lengthOf(await db.from('resident_notices').where('resident_id', resident.id), 0)
  })
})
