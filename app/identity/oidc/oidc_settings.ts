import app from '@adonisjs/core/services/app'
import env from '#start/env'

/*
| The deployment's OpenID Connect provider (ESIA, a Bank ID-style broker, a national eID): issuer,
| client, scopes and which claims carry what. Read from the environment (start/env.ts checks each
| value's shape; this checks that they fit together) — a half-configured provider stops the server
| at boot. Without OIDC_ISSUER there is no provider: no "sign in with …" button, no routes answer.
*/
export const OIDC_CALLBACK_PATH = '/sign-in/oidc/callback'

export interface OidcClaimNames {
  /** The provider's stable account id (default `sub`). */
  subject: string
  /** A phone number the provider verified (default `phone_number`, with `phone_number_verified`). */
  phone: string | null
  phoneVerified: string | null
  /** `YYYY-MM-DD` (default `birthdate`). */
  birthDate: string | null
  /** The code of the resident's community (`communities.code`); a dotted path reads inside objects. */
  district: string | null
  /** The register's ID hash (hex), the same value a terminal sends. */
  idHash: string | null
}

export interface OidcSettings {
  issuer: URL
  clientId: string
  clientSecret: string
  scopes: string
  /** Shown on the button: "Sign in with <name>". */
  displayName: string
  redirectUri: URL
  claims: OidcClaimNames
  /** Plain-HTTP issuer: only outside production (a test provider on 127.0.0.1). */
  allowInsecure: boolean
}

export class OidcSettingsError extends Error {}

function optionalClaim(value: string | undefined, fallback: string | null): string | null {
  if (value === undefined) return fallback
  return value === '' || value === '-' ? null : value
}

/** The settings from the environment, or null when no provider is configured. */
export function oidcSettingsFromEnv(): OidcSettings | null {
  const issuer = env.get('OIDC_ISSUER')
  if (!issuer) return null
  const clientId = env.get('OIDC_CLIENT_ID')
  const clientSecret = env.get('OIDC_CLIENT_SECRET')
  if (!clientId || !clientSecret) {
    throw new OidcSettingsError(
      'OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are required'
    )
  }
  const base = env.get('OIDC_REDIRECT_URI') ?? env.get('APP_URL')
  if (!base) {
    throw new OidcSettingsError('OIDC_ISSUER is set: APP_URL or OIDC_REDIRECT_URI is required')
  }
  return checkedSettings({
    issuer: new URL(issuer),
    clientId,
    clientSecret,
    scopes: env.get('OIDC_SCOPES') ?? 'openid',
    displayName: env.get('OIDC_DISPLAY_NAME') ?? new URL(issuer).host,
    redirectUri: env.get('OIDC_REDIRECT_URI') ? new URL(base) : new URL(OIDC_CALLBACK_PATH, base),
    claims: {
      subject: env.get('OIDC_CLAIM_SUBJECT') ?? 'sub',
      phone: optionalClaim(env.get('OIDC_CLAIM_PHONE'), 'phone_number'),
      phoneVerified: optionalClaim(env.get('OIDC_CLAIM_PHONE_VERIFIED'), 'phone_number_verified'),
      birthDate: optionalClaim(env.get('OIDC_CLAIM_BIRTH_DATE'), 'birthdate'),
      district: optionalClaim(env.get('OIDC_CLAIM_DISTRICT'), null),
      idHash: optionalClaim(env.get('OIDC_CLAIM_ID_HASH'), null),
    },
    allowInsecure: false,
  })
}

/**
 * Checks that fit-together rules hold: `openid` among the scopes, the redirect URI is this app's
 * callback route, HTTPS everywhere in production.
 */
export function checkedSettings(settings: OidcSettings): OidcSettings {
  if (!settings.scopes.split(/\s+/).includes('openid')) {
    throw new OidcSettingsError('OIDC_SCOPES must include openid')
  }
  if (settings.redirectUri.pathname !== OIDC_CALLBACK_PATH || settings.redirectUri.search) {
    throw new OidcSettingsError(`OIDC_REDIRECT_URI must be <app origin>${OIDC_CALLBACK_PATH}`)
  }
  const insecure =
    settings.issuer.protocol !== 'https:' || settings.redirectUri.protocol !== 'https:'
  if (insecure && app.inProduction) {
    throw new OidcSettingsError('OIDC_ISSUER and the redirect URI must use https in production')
  }
  return { ...settings, allowInsecure: insecure }
}

let current: OidcSettings | null | undefined

/** The provider in use (null: none). */
export function oidcSettings(): OidcSettings | null {
  if (current === undefined) current = oidcSettingsFromEnv()
  return current
}

/** Tests: point the app at a provider they started (null: none). */
export function useOidcSettings(settings: OidcSettings | null): void {
  current = settings === null ? null : checkedSettings(settings)
}
