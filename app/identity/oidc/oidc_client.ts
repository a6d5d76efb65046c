import * as client from 'openid-client'
import type { OidcSettings } from '#identity/oidc/oidc_settings'

/*
| The OpenID Connect client (openid-client 6: authorization code flow with PKCE S256, state and
| nonce). What a sign-in needs between the redirect and the callback (`PendingAuthorization`) is
| kept server-side in the session by the controller; the provider only ever sees the state, the
| nonce and the PKCE challenge.
*/
export interface PendingAuthorization {
  state: string
  nonce: string
  verifier: string
}

export type AuthorizationResult =
  | { status: 'ok'; claims: Record<string, unknown> }
  /** The person said no at the provider (or the provider refused them). */
  | { status: 'denied' }
  /** The code was already used or is too old, or the answer was not for this sign-in. */
  | { status: 'invalid' }
  /** The provider could not be reached or answered nonsense. */
  | { status: 'unavailable' }

export class OidcUnavailableError extends Error {}

const TIMEOUT_SECONDS = 10
const discovered = new WeakMap<OidcSettings, Promise<client.Configuration>>()

/** The provider's metadata (discovery), fetched once per settings; a failure is not remembered. */
function configuration(settings: OidcSettings): Promise<client.Configuration> {
  let pending = discovered.get(settings)
  if (!pending) {
    pending = client
      .discovery(
        settings.issuer,
        settings.clientId,
        settings.clientSecret,
        client.ClientSecretPost(settings.clientSecret),
        {
          timeout: TIMEOUT_SECONDS,
          execute: settings.allowInsecure ? [client.allowInsecureRequests] : [],
        }
      )
      .then((config) => {
        config.timeout = TIMEOUT_SECONDS
        return config
      })
    pending.catch(() => discovered.delete(settings))
    discovered.set(settings, pending)
  }
  return pending
}

/** The provider's authorization URL for a new sign-in, and what the callback will need. */
export async function beginAuthorization(
  settings: OidcSettings
): Promise<{ url: URL; pending: PendingAuthorization }> {
  let config: client.Configuration
  try {
    config = await configuration(settings)
  } catch (error) {
    throw new OidcUnavailableError('OpenID provider discovery failed', { cause: error })
  }
  const pending: PendingAuthorization = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
  }
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri.href,
    scope: settings.scopes,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  })
  return { url, pending }
}

/**
 * The callback: checks the state, exchanges the code (with the PKCE verifier), checks the ID
 * token (issuer, audience, nonce, signature) and reads userinfo. `query` is the callback's query
 * string; the URL it is checked against is the configured redirect URI, never the request's Host.
 */
export async function finishAuthorization(
  settings: OidcSettings,
  pending: PendingAuthorization,
  query: string
): Promise<AuthorizationResult> {
  const callbackUrl = new URL(settings.redirectUri.href)
  callbackUrl.search = query
  let config: client.Configuration
  try {
    config = await configuration(settings)
  } catch {
    return { status: 'unavailable' }
  }
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    })
    const idClaims = tokens.claims()!
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)
    return { status: 'ok', claims: { ...idClaims, ...userinfo } }
  } catch (error) {
    return { status: classify(error) }
  }
}

/** Answers that say the provider is not working properly, rather than that this answer is wrong. */
const PROVIDER_FAULTS = new Set([
  'OAUTH_RESPONSE_IS_NOT_JSON',
  'OAUTH_RESPONSE_IS_NOT_CONFORM',
  'OAUTH_HTTP_REQUEST_FORBIDDEN',
])

function classify(error: unknown): 'denied' | 'invalid' | 'unavailable' {
  if (error instanceof client.AuthorizationResponseError) {
    return error.error === 'access_denied' || error.error === 'login_required'
      ? 'denied'
      : 'invalid'
  }
  // invalid_grant: a used, expired or foreign code (or the wrong PKCE verifier).
  if (error instanceof client.ResponseBodyError) {
    return error.error === 'invalid_grant' ? 'invalid' : 'unavailable'
  }
  // An answer that does not match this sign-in: state, issuer, nonce, ID token checks.
  if (error instanceof client.ClientError) {
    const code = (error.cause as { code?: string } | undefined)?.code
    return code && !PROVIDER_FAULTS.has(code) ? 'invalid' : 'unavailable'
  }
  // Network failures and timeouts.
  return 'unavailable'
}
