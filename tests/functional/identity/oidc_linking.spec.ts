import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import {
  SessionBrowser,
  inertiaPage,
  sessionData,
  signInResident,
} from '#tests/helpers/browser_session'
import {
  acceptConsent,
  oidcSignIn,
  randomHex,
  useTestProvider,
  throughProvider,
  type TestAccount,
  type TestProvider,
} from '#tests/helpers/oidc'
import { makeCampaign, makeCity, makeResident } from '#tests/helpers/campaigns'
import { blindFor, freshPhone, makeTerminal, resetRateLimits } from '#tests/helpers/voting'
import { personRef } from '#voting/person_ref'
import { smsOutbox } from '#identity/sms/sms_outbox'

/*
| One resident, two ways in: a phone resident links their provider account on the profile (and
| unlinks it), a provider sign-in with a verified phone finds the phone's resident, and voting
| knows the person by both — the ID hash the provider vouches for gives the same `id:` reference a
| terminal gives, a verified phone the same `phone:` reference, so no channel gives a second
| credential.
*/
let provider: TestProvider

async function linkThroughProvider(browser: SessionBrowser, account: TestAccount | 'deny') {
  const start = await browser.send('post', '/profile/oidc', {})
  start.assertStatus(409)
  provider.nextLogin = account
  const callback = await throughProvider(start.header('x-inertia-location')!)
  return browser.send('get', callback.pathname + callback.search)
}

async function profileProps(browser: SessionBrowser) {
  const page = await browser.send('get', '/profile')
  return inertiaPage(page.text()).props
}

/** The message flashed into the browser's session under `kind` (success or error). */
async function flashed(browser: SessionBrowser, kind: 'success' | 'error'): Promise<string> {
  const data = await sessionData(browser.sessionId)
  return data.__flash__?.[kind]
}

/** Everything in the browser's session (flashed field errors included), as text. */
async function sessionText(browser: SessionBrowser): Promise<string> {
  const data = await sessionData(browser.sessionId)
  return JSON.stringify(data)
}

async function linkRow(residentId: number) {
  return db.from('resident_oidc_links').where('resident_id', residentId).first()
}

async function pageCredential(browser: SessionBrowser, campaignId: number) {
  return browser.send('post', `/campaigns/${campaignId}/credential`, {
    blinded: blindFor(campaignId).blinded,
  })
}

test.group('Identity · linking the phone and the provider account', (group) => {
  group.setup(async () => {
    const started = await useTestProvider()
    provider = started.provider
    return started.stop
  })

  test('a phone resident links the provider on the profile; then either way signs in as them; unlinking keeps the district as declared', async ({
    client,
    assert,
  }) => {
    const { north } = await makeCity()
    const resident = await makeResident(freshPhone())
    const browser = new SessionBrowser(client)
    await signInResident(browser, resident.id)
    const before = await profileProps(browser)
    assert.deepEqual(before.oidc, { name: 'Test ID', linked: false })

    const account: TestAccount = { sub: `eve-${randomHex(4)}`, district_code: north.code }
    const linked = await linkThroughProvider(browser, account)
    linked.assertStatus(302)
    assert.equal(linked.header('location'), '/profile')
    assert.equal(await flashed(browser, 'success'), 'Your identity provider account is linked.')
    assert.exists(await linkRow(resident.id))
    const row = await db.from('residents').where('id', resident.id).first()
    assert.equal(row.district_id, north.id)
    assert.equal(row.district_source, 'verified')

    // Signing in through the provider now is the same resident (no consent step: already given).
    await db.from('residents').where('id', resident.id).update({ consent_version: '2026-11' })
    const other = new SessionBrowser(client)
    const { answer } = await oidcSignIn(other, provider, account)
    answer.assertStatus(302)
    assert.equal(answer.header('location'), '/campaigns')
    const otherProfile = await profileProps(other)
    assert.equal(otherProfile.phone, resident.phoneE164)

    const unlinked = await browser.send('delete', '/profile/oidc')
    unlinked.assertStatus(302)
    assert.notExists(await linkRow(resident.id))
    const after = await db.from('residents').where('id', resident.id).first()
    assert.equal(after.district_id, north.id)
    assert.equal(after.district_source, 'declared', 'nobody vouches for it any more')
  })

  test('an account linked to someone else is not linked again; a refusal while linking changes nothing', async ({
    client,
    assert,
  }) => {
    const first = await makeResident(freshPhone())
    const second = await makeResident(freshPhone())
    const account: TestAccount = { sub: `fay-${randomHex(4)}` }
    const a = new SessionBrowser(client)
    await signInResident(a, first.id)
    const linked = await linkThroughProvider(a, account)
    linked.assertStatus(302)

    const b = new SessionBrowser(client)
    await signInResident(b, second.id)
    const taken = await linkThroughProvider(b, account)
    taken.assertStatus(302)
    assert.equal(taken.header('location'), '/profile')
    assert.match(await flashed(b, 'error'), /already linked to another account/)
    assert.notExists(await linkRow(second.id))
    assert.exists(await linkRow(first.id))

    const denied = await linkThroughProvider(b, 'deny')
    assert.equal(denied.header('location'), '/profile')
    assert.match(await flashed(b, 'error'), /cancelled/)
    assert.notExists(await linkRow(second.id))
  })

  test('a provider-only resident cannot unlink their only way in; a verified phone from the provider joins the phone resident', async ({
    client,
    assert,
  }) => {
    const browser = new SessionBrowser(client)
    const { answer } = await oidcSignIn(browser, provider, {
      sub: `gil-${randomHex(4)}`,
      id_hash: randomHex(),
    })
    assert.equal(answer.header('location'), '/sign-in/consent')
    await acceptConsent(browser)
    const profile = await profileProps(browser)
    assert.isNull(profile.phone)
    const refused = await browser.send('delete', '/profile/oidc')
    refused.assertStatus(302)
    assert.match(await flashed(browser, 'error'), /link a phone number first/)
    const [{ total }] = await db.from('resident_oidc_links').count('* as total')
    assert.isAbove(Number(total), 0)

    // A phone resident, then a provider sign-in that verified the same phone: one resident.
    const phoneResident = await makeResident(freshPhone())
    await db.from('residents').where('id', phoneResident.id).update({ consent_version: '2026-11' })
    const residentsBefore = await db.from('residents').count('* as total')
    const viaProvider = new SessionBrowser(client)
    const signedIn = await oidcSignIn(viaProvider, provider, {
      sub: `hal-${randomHex(4)}`,
      phone_number: phoneResident.phoneE164,
      phone_number_verified: true,
    })
    assert.equal(signedIn.answer.header('location'), '/campaigns')
    assert.deepEqual(await db.from('residents').count('* as total'), residentsBefore)
    assert.exists(await linkRow(phoneResident.id))
  })

  test('one person, one credential: the provider’s ID hash is the terminal’s id: reference, its verified phone the phone: reference', async ({
    client,
    assert,
  }) => {
    await resetRateLimits()
    const { city } = await makeCity()
    const campaign = await makeCampaign(city.id, { stage: 'voting' })
    const { token } = await makeTerminal(city.id)
    const terminalVote = (person: Record<string, string>) =>
      client
        .post(`/api/v1/terminal/campaigns/${campaign.id}/credential`)
        .header('authorization', `Terminal ${token}`)
        .json({ ...person, blinded: blindFor(campaign.id).blinded })

    // By the provider first (ID hash only), then at a terminal with the same ID hash: refused.
    const idHash = randomHex()
    const online = new SessionBrowser(client)
    await oidcSignIn(online, provider, { sub: `ivy-${randomHex(4)}`, id_hash: idHash })
    await acceptConsent(online)
    const issued = await pageCredential(online, campaign.id)
    issued.assertStatus(200)
    const claims = await db
      .from('credential_person_refs')
      .where('campaign_id', campaign.id)
      .select('person_ref')
    assert.deepEqual(
      claims.map((c) => c.person_ref),
      [personRef(campaign.id, 'id_hash', idHash)]
    )
    const atTerminal = await terminalVote({ idHash })
    atTerminal.assertStatus(409)
    assert.equal(atTerminal.body().error, 'credential_already_issued')

    // At a terminal by phone first, then by the provider with that phone verified: refused.
    const phone = freshPhone()
    const byPhone = await terminalVote({ phone })
    byPhone.assertStatus(200)
    const second = new SessionBrowser(client)
    await oidcSignIn(second, provider, {
      sub: `jay-${randomHex(4)}`,
      phone_number: phone,
      phone_number_verified: true,
      id_hash: randomHex(),
    })
    await acceptConsent(second)
    const again = await pageCredential(second, campaign.id)
    again.assertStatus(409)
    assert.equal(again.body().error, 'credential_already_issued')
    const [{ total }] = await db
      .from('credential_issuances')
      .where('campaign_id', campaign.id)
      .count('* as total')
    assert.equal(Number(total), 2)
  })

  test('a credential taken by phone before the provider was linked holds the provider’s ID hash too: no second one at a terminal', async ({
    client,
    assert,
  }) => {
    await resetRateLimits()
    const { city } = await makeCity()
    const campaign = await makeCampaign(city.id, { stage: 'voting' })
    const { token } = await makeTerminal(city.id)
    const resident = await makeResident(freshPhone())
    const browser = new SessionBrowser(client)
    await signInResident(browser, resident.id)
    const issued = await pageCredential(browser, campaign.id)
    issued.assertStatus(200)

    const idHash = randomHex()
    const linked = await linkThroughProvider(browser, {
      sub: `kim-${randomHex(4)}`,
      id_hash: idHash,
    })
    linked.assertStatus(302)
    const claims = await db
      .from('credential_person_refs')
      .where('campaign_id', campaign.id)
      .select('person_ref', 'issuance_id')
    assert.sameMembers(
      claims.map((c) => c.person_ref),
      [
        personRef(campaign.id, 'phone', resident.phoneE164!),
        personRef(campaign.id, 'id_hash', idHash),
      ]
    )
    assert.equal(claims[0].issuance_id, claims[1].issuance_id, 'both name the one credential')

    const atTerminal = await client
      .post(`/api/v1/terminal/campaigns/${campaign.id}/credential`)
      .header('authorization', `Terminal ${token}`)
      .json({ idHash, blinded: blindFor(campaign.id).blinded })
    atTerminal.assertStatus(409)
    assert.equal(atTerminal.body().error, 'credential_already_issued')
  })

  test('a birth date the provider vouches for decides a minimum age, not the age the resident declares', async ({
    client,
    assert,
  }) => {
    await resetRateLimits()
    const { city } = await makeCity()
    const campaign = await makeCampaign(city.id, { stage: 'voting' })
    campaign.minAge = 18
    await campaign.save()
    const thisYear = new Date().getUTCFullYear()

    const young = new SessionBrowser(client)
    await oidcSignIn(young, provider, {
      sub: `kid-${randomHex(4)}`,
      id_hash: randomHex(),
      birthdate: `${thisYear - 16}-01-01`,
    })
    await acceptConsent(young)
    const refused = await young.send('post', `/campaigns/${campaign.id}/credential`, {
      blinded: blindFor(campaign.id).blinded,
      age: '30',
    })
    refused.assertStatus(403)
    assert.equal(refused.body().details.reason, 'under_age')

    const adult = new SessionBrowser(client)
    await oidcSignIn(adult, provider, {
      sub: `adult-${randomHex(4)}`,
      id_hash: randomHex(),
      birthdate: `${thisYear - 40}-06-15`,
    })
    await acceptConsent(adult)
    const issued = await pageCredential(adult, campaign.id)
    issued.assertStatus(200)
  })

  test('a provider-only resident links a phone by SMS code: a wrong code or a number of another account links nothing', async ({
    client,
    assert,
  }) => {
    const browser = new SessionBrowser(client)
    await oidcSignIn(browser, provider, { sub: `lee-${randomHex(4)}`, id_hash: randomHex() })
    await acceptConsent(browser)
    // A number another account holds: the code proves it, but it is not moved.
    const other = await makeResident(freshPhone())
    const toOther = await browser.send('post', '/profile/phone', { phone: other.phoneE164 })
    toOther.assertStatus(302)
    const otherCode = smsOutbox.for(other.phoneE164).at(-1)!.code!
    await browser.send('post', '/profile/phone/verify', { code: otherCode })
    assert.include(await sessionText(browser), 'belongs to another account')
    const unchanged = await profileProps(browser)
    assert.isNull(unchanged.phone)

    const phone = freshPhone()
    const sent = await browser.send('post', '/profile/phone', { phone })
    sent.assertStatus(302)
    const waiting = await profileProps(browser)
    assert.equal(waiting.phoneCodeSentTo?.slice(-2), phone.slice(-2))
    const code = smsOutbox.for(phone).at(-1)!.code!
    await browser.send('post', '/profile/phone/verify', {
      code: code === '000000' ? '111111' : '000000',
    })
    assert.include(await sessionText(browser), 'Attempts left: 4')
    const stillNone = await profileProps(browser)
    assert.isNull(stillNone.phone)

    const linked = await browser.send('post', '/profile/phone/verify', { code })
    linked.assertStatus(302)
    assert.equal(await flashed(browser, 'success'), 'Your phone number is linked.')
    const withPhone = await profileProps(browser)
    assert.equal(withPhone.phone, phone)
    // Now the provider can be unlinked: the phone is a way in.
    const unlinked = await browser.send('delete', '/profile/oidc')
    unlinked.assertStatus(302)
    assert.equal(await flashed(browser, 'success'), 'Your identity provider account is unlinked.')

    // A resident with a phone cannot replace it this way.
    await browser.send('post', '/profile/phone', { phone: freshPhone() })
    assert.include(await sessionText(browser), 'already has a phone number')
    const [{ total }] = await db.from('residents').where('phone_e164', phone).count('* as total')
    assert.equal(Number(total), 1)
  })
})
