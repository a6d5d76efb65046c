import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'
import {
  OIDC_CALLBACK_PATH,
  useOidcSettings,
  type OidcSettings,
} from '#identity/oidc/oidc_settings'
import { useDatabaseSessions, type SessionBrowser } from '#tests/helpers/browser_session'
import { appUrl } from '#tests/helpers/browser'

/*
| A real OpenID provider (`oidc-provider`) in the test process, on a free port of 127.0.0.1. Its
| login and consent steps are decided by the test instead of a form: `provider.nextLogin` is the
| account that signs in next (with its claims), or `'deny'` for a person who says no. Everything
| else — discovery, the authorization endpoint, PKCE, codes, tokens, the ID token's signature,
| userinfo — is the library's own.
*/
export interface TestAccount {
  sub: string
  phone_number?: string
  phone_number_verified?: boolean
  birthdate?: string
  district_code?: string
  id_hash?: string
}

export const TEST_CLIENT = { id: 'civic-budget-test', secret: 'test-client-secret-0123456789' }
const SCOPES = 'openid phone profile residence eid'

export interface TestProvider {
  issuer: string
  /** Who signs in at the next authorization (then reset to `'deny'` unless set again). */
  nextLogin: TestAccount | 'deny'
  /** App settings pointing at this provider (claim names: the standard ones plus two custom). */
  settings(displayName?: string): OidcSettings
  stop(): Promise<void>
}

/** `appBase`: the app's origin as the browser reaches it (its callback is registered there). */
export async function startTestProvider(appBase: string): Promise<TestProvider> {
  const redirectUri = new URL(OIDC_CALLBACK_PATH, appBase)
  const accounts = new Map<string, TestAccount>()
  let handler: ((req: any, res: any) => void) | null = null
  const server: Server = createServer((req, res) => handler!(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT.id,
        client_secret: TEST_CLIENT.secret,
        redirect_uris: [redirectUri.href],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    scopes: SCOPES.split(' '),
    claims: {
      openid: ['sub'],
      phone: ['phone_number', 'phone_number_verified'],
      profile: ['birthdate'],
      residence: ['district_code'],
      eid: ['id_hash'],
    },
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({ ...accounts.get(id), sub: id }),
    }),
    interactions: {
      url: (_ctx: unknown, pending: { uid: string }) => `/interaction/${pending.uid}`,
    },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['oidc-test-provider-cookie-key'] },
    ttl: {
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 600,
      Grant: 600,
      AccessToken: 600,
      IdToken: 600,
    },
  } as any)

  const state: TestProvider = {
    issuer,
    nextLogin: 'deny',
    settings(displayName = 'Test ID') {
      return {
        issuer: new URL(issuer),
        clientId: TEST_CLIENT.id,
        clientSecret: TEST_CLIENT.secret,
        scopes: SCOPES,
        displayName,
        redirectUri,
        claims: {
          subject: 'sub',
          phone: 'phone_number',
          phoneVerified: 'phone_number_verified',
          birthDate: 'birthdate',
          district: 'district_code',
          idHash: 'id_hash',
        },
        allowInsecure: true,
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }

  /** The login and consent steps, decided by `nextLogin`. */
  async function interaction(req: any, res: any) {
    const details = await provider.interactionDetails(req, res)
    const login = state.nextLogin
    state.nextLogin = 'deny'
    if (login === 'deny') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The person declined' },
        { mergeWithLastSubmission: false }
      )
      return
    }
    accounts.set(login.sub, login)
    const grant = new provider.Grant({
      accountId: login.sub,
      clientId: String(details.params.client_id),
    })
    grant.addOIDCScope(String(details.params.scope))
    const grantId = await grant.save()
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: login.sub }, consent: { grantId } },
      { mergeWithLastSubmission: false }
    )
  }

  const callback = provider.callback()
  handler = (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interaction(req, res).catch((error) => {
        res.statusCode = 500
        res.end(String(error))
      })
      return
    }
    callback(req, res)
  }
  return state
}

/**
 * For a test group: a provider started and configured as the app's, database sessions (the
 * sign-in round trip spans requests). Returns the provider and the teardown that undoes both.
 */
export async function useTestProvider(): Promise<{
  provider: TestProvider
  stop: () => Promise<void>
}> {
  const restoreSessions = await useDatabaseSessions()
  const provider = await startTestProvider(appUrl())
  useOidcSettings(provider.settings())
  const stop = async () => {
    useOidcSettings(null)
    await provider.stop()
    restoreSessions()
  }
  return { provider, stop }
}

/**
 * Follows the provider's redirects from its authorization URL, keeping its cookies, until it
 * sends the person back to the app; returns that callback URL.
 */
export async function throughProvider(authorizationUrl: string): Promise<URL> {
  const cookies = new Map<string, string>()
  let url = new URL(authorizationUrl)
  for (let hop = 0; hop < 10; hop++) {
    if (url.pathname === OIDC_CALLBACK_PATH) return url
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair.indexOf('=')
      cookies.set(pair.slice(0, at), pair.slice(at + 1))
    }
    const location = response.headers.get('location')
    if (!location) throw new Error(`The provider answered ${response.status} at ${url.pathname}`)
    url = new URL(location, url)
  }
  throw new Error('Too many redirects at the provider')
}

/** Starts a sign-in in `browser`, lets `account` (or a refusal) answer, returns the callback answer. */
export async function oidcSignIn(
  browser: SessionBrowser,
  provider: TestProvider,
  account: TestAccount | 'deny',
  next = '/campaigns'
) {
  const start = await browser.send('get', `/sign-in/oidc?next=${encodeURIComponent(next)}`)
  start.assertStatus(302)
  provider.nextLogin = account
  const callback = await throughProvider(start.header('location')!)
  const answer = await browser.send('get', callback.pathname + callback.search)
  return { answer, callback }
}

/** The consent step after a first sign-in. */
export async function acceptConsent(browser: SessionBrowser) {
  const notice = await browser.send('get', '/sign-in/consent')
  notice.assertStatus(200)
  return browser.send('post', '/sign-in/consent', { accept: 'on' })
}

/** A random lower-case hex string (an ID hash, a unique subject). */
export function randomHex(bytes = 32) {
  return Array.from({ length: bytes * 2 }, () =>
    '0123456789abcdef'.charAt(Math.floor(Math.random() * 16))
  ).join('')
}
