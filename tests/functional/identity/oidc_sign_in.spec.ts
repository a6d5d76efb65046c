import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { SessionBrowser, inertiaPage } from '#tests/helpers/browser_session'
import { appUrl } from '#tests/helpers/browser'
import {
  acceptConsent,
  oidcSignIn,
  randomHex,
  startTestProvider,
  useTestProvider,
  throughProvider,
  type TestAccount,
  type TestProvider,
} from '#tests/helpers/oidc'
import { makeCity } from '#tests/helpers/campaigns'
import { freshPhone } from '#tests/helpers/voting'
import { identityCounts } from '#tests/helpers/identity'
import { useOidcSettings } from '#identity/oidc/oidc_settings'
import { mapOidcClaims, oidcSubjectHash } from '#identity/oidc/oidc_claims'

/*
| OpenID Connect sign-in against a real provider (oidc-provider, started here): a new resident
| (consent first, then the claims mapped), a returning one, a person who says no, a used or forged
| answer, a provider that is down — each a translated page, never a 500, changing nothing.
*/
let provider: TestProvider

/** Starts a sign-in in `browser`, lets `account` (or a refusal) answer. */
function signInThrough(browser: SessionBrowser, account: TestAccount | 'deny', next?: string) {
  return oidcSignIn(browser, provider, account, next)
}

test.group('Identity · OpenID Connect sign-in', (group) => {
  group.setup(async () => {
    const started = await useTestProvider()
    provider = started.provider
    return started.stop
  })

  test('the sign-in page offers the provider only when one is configured', async ({
    client,
    assert,
  }) => {
    const shown = await client.get('/sign-in').withInertia()
    assert.deepEqual((shown.inertiaProps as any).oidc, { name: 'Test ID' })
    useOidcSettings(null)
    try {
      const hidden = await client.get('/sign-in').withInertia()
      assert.isNull((hidden.inertiaProps as any).oidc)
      const start = await client.get('/sign-in/oidc').redirects(0)
      assert.notEqual(start.status(), 302, 'no provider: nothing to start')
      const callback = await client.get('/sign-in/oidc/callback?code=x&state=y').redirects(0)
      callback.assertStatus(404)
    } finally {
      useOidcSettings(provider.settings())
    }
  })

  test('a new person: the notice first (nothing stored before), then the claims are mapped; next time straight in', async ({
    client,
    assert,
  }) => {
    const { north } = await makeCity()
    const phone = freshPhone()
    const idHash = randomHex()
    const sub = `alice-${randomHex(4)}`
    const account: TestAccount = {
      sub,
      phone_number: phone,
      phone_number_verified: true,
      birthdate: '1990-04-02',
      district_code: north.code,
      id_hash: idHash.toUpperCase(),
    }
    const before = await identityCounts()
    const browser = new SessionBrowser(client)
    const { answer } = await signInThrough(browser, account, '/campaigns?x=1')
    answer.assertStatus(302)
    assert.equal(answer.header('location'), '/sign-in/consent')
    assert.deepEqual(await identityCounts(), before, 'no resident before the notice is accepted')

    const accepted = await acceptConsent(browser)
    accepted.assertStatus(302)
    assert.equal(accepted.header('location'), '/campaigns?x=1')
    const resident = await db.from('residents').where('phone_e164', phone).firstOrFail()
    assert.equal(resident.district_id, north.id)
    assert.equal(resident.district_source, 'verified')
    assert.isNotNull(resident.consent_version)
    const link = await db
      .from('resident_oidc_links')
      .where('resident_id', resident.id)
      .firstOrFail()
    assert.equal(link.subject_hash, oidcSubjectHash(new URL(provider.issuer).href, sub))
    assert.notInclude(JSON.stringify(link), sub, 'the raw subject is not stored')
    assert.equal(link.id_hash, idHash, 'the ID hash in normal form (lower case)')
    assert.equal(new Date(link.created_at).getUTCMinutes(), 0, 'hour only')
    assert.equal(new Date(link.created_at).getUTCSeconds(), 0)
    const me = await browser.send('get', '/profile')
    me.assertStatus(200)
    const profile = inertiaPage(me.text()).props
    assert.deepEqual(profile.oidc, { name: 'Test ID', linked: true })
    assert.equal(profile.districtSource, 'verified')

    // A second visit: no notice, the same resident.
    const again = new SessionBrowser(client)
    const { answer: back } = await signInThrough(again, { ...account, district_code: undefined })
    back.assertStatus(302)
    assert.equal(back.header('location'), '/campaigns')
    const profilePage = await again.send('get', '/profile')
    assert.equal(inertiaPage(profilePage.text()).props.phone, phone)
    const [{ total }] = await db.from('residents').where('phone_e164', phone).count('* as total')
    assert.equal(Number(total), 1)
  })

  test('claim mapping takes only well-formed values: unverified phones, bad dates and hashes are dropped; dotted paths read objects', async ({
    assert,
  }) => {
    const names = provider.settings().claims
    const good = mapOidcClaims(
      'https://id.example/',
      {
        sub: 'u1',
        phone_number: '8 916 123-45-67',
        phone_number_verified: true,
        birthdate: '2001-02-28',
        district_code: ' north-1 ',
        id_hash: 'AB'.repeat(16),
      },
      names
    )
    assert.deepInclude(good!, {
      phoneE164: '+79161234567',
      birthDate: '2001-02-28',
      districtCode: 'north-1',
      idHash: 'ab'.repeat(16),
    })
    const bad = mapOidcClaims(
      'https://id.example/',
      {
        sub: 'u1',
        phone_number: '+79161234567',
        phone_number_verified: 'true',
        birthdate: '2001-02-30',
        district_code: { nested: 1 },
        id_hash: 'not-hex',
      },
      names
    )
    assert.deepInclude(bad!, { phoneE164: null, birthDate: null, districtCode: null, idHash: null })
    assert.equal(good!.subjectHash, bad!.subjectHash, 'the same account')
    assert.notEqual(
      good!.subjectHash,
      mapOidcClaims('https://other.example/', { sub: 'u1' }, names)!.subjectHash
    )
    assert.isNull(mapOidcClaims('https://id.example/', { sub: '' }, names))
    assert.isNull(mapOidcClaims('https://id.example/', { sub: { id: 1 } }, names))
    const dotted = mapOidcClaims(
      'https://id.example/',
      { sub: 'u2', address: { district: 'south-9' } },
      { ...names, district: 'address.district' }
    )
    assert.equal(dotted!.districtCode, 'south-9')
  })

  test('a person who says no at the provider: a translated page, nothing stored', async ({
    client,
    assert,
  }) => {
    const before = await identityCounts()
    const browser = new SessionBrowser(client)
    const { answer } = await signInThrough(browser, 'deny')
    answer.assertStatus(403)
    const page = inertiaPage(answer.text())
    assert.equal(page.component, 'auth/sign_in')
    assert.match(page.props.notice, /cancelled at the identity provider/)
    assert.deepEqual(await identityCounts(), before)

    const russian = new SessionBrowser(client)
    russian.headers['accept-language'] = 'ru'
    const { answer: ru } = await signInThrough(russian, 'deny')
    ru.assertStatus(403)
    assert.match(inertiaPage(ru.text()).props.notice, /Вход отменён/)
  })

  test('a used, forged or stray answer is refused (400) and changes nothing', async ({
    client,
    assert,
  }) => {
    const account: TestAccount = { sub: `bob-${randomHex(4)}`, id_hash: randomHex() }
    const browser = new SessionBrowser(client)
    const { answer, callback } = await signInThrough(browser, account)
    assert.equal(answer.header('location'), '/sign-in/consent')
    const before = await identityCounts()

    // The same answer again: its state was used up.
    const replay = await browser.send('get', callback.pathname + callback.search)
    replay.assertStatus(400)
    assert.match(inertiaPage(replay.text()).props.notice, /expired or was already used/)

    // The used code under a fresh, valid state: the provider refuses it (used; other PKCE verifier).
    const fresh = await browser.send('get', '/sign-in/oidc')
    const state = new URL(fresh.header('location')!).searchParams.get('state')!
    const swapped = new URL(callback)
    swapped.searchParams.set('state', state)
    const reused = await browser.send('get', swapped.pathname + swapped.search)
    reused.assertStatus(400)

    // Another browser's answer (no sign-in started there), and a forged state.
    const stranger = new SessionBrowser(client)
    const foreign = await stranger.send('get', callback.pathname + callback.search)
    foreign.assertStatus(400)
    const started = await stranger.send('get', '/sign-in/oidc')
    provider.nextLogin = account
    const real = await throughProvider(started.header('location')!)
    real.searchParams.set('state', 'forged')
    const forged = await stranger.send('get', real.pathname + real.search)
    forged.assertStatus(400)
    // Junk in the query: no 500.
    const junk = await stranger.send('get', '/sign-in/oidc/callback?error=%00&state[]=x')
    junk.assertStatus(400)
    assert.deepEqual(await identityCounts(), before)
    assert.notExists(
      await db
        .from('resident_oidc_links')
        .where('subject_hash', oidcSubjectHash(new URL(provider.issuer).href, account.sub))
        .first()
    )
  })

  test('a provider that is down: a translated 503 page with Retry-After, nothing stored', async ({
    client,
    assert,
  }) => {
    const down = await startTestProvider(appUrl())
    const settings = down.settings()
    await down.stop()
    useOidcSettings(settings)
    try {
      const start = await client.get('/sign-in/oidc').header('Accept-Language', 'uk').redirects(0)
      start.assertStatus(503)
      assert.equal(start.header('retry-after'), '60')
      assert.match(inertiaPage(start.text()).props.notice, /Служба входу зараз не відповідає/)
    } finally {
      useOidcSettings(provider.settings())
    }

    // Down between the redirect and the answer: the code cannot be exchanged.
    const browser = new SessionBrowser(client)
    const before = await identityCounts()
    const late = await startTestProvider(appUrl())
    useOidcSettings(late.settings())
    try {
      const started = await browser.send('get', '/sign-in/oidc')
      late.nextLogin = { sub: 'carol', id_hash: randomHex() }
      const callback = await throughProvider(started.header('location')!)
      await late.stop()
      const answer = await browser.send('get', callback.pathname + callback.search)
      answer.assertStatus(503)
      assert.match(inertiaPage(answer.text()).props.notice, /not answering/)
    } finally {
      useOidcSettings(provider.settings())
    }
    assert.deepEqual(await identityCounts(), before)
  })

  test('a provider account with neither a verified phone nor an ID hash cannot open an account', async ({
    client,
    assert,
  }) => {
    const before = await identityCounts()
    const browser = new SessionBrowser(client)
    const { answer } = await signInThrough(browser, {
      sub: `dan-${randomHex(4)}`,
      phone_number: freshPhone(),
      phone_number_verified: false,
    })
    answer.assertStatus(422)
    assert.match(
      inertiaPage(answer.text()).props.notice,
      /neither a phone number nor your document/
    )
    assert.deepEqual(await identityCounts(), before)
  })
})
