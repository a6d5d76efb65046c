import { createHmac } from 'node:crypto'
import { appKey } from '#config/app'
import identityConfig from '#config/identity'
import { normalizePhone } from '#identity/phone'
import type { OidcClaimNames } from '#identity/oidc/oidc_settings'

/** What the platform takes from a provider's claims; everything else is dropped on arrival. */
export interface OidcPerson {
  /** `HMAC-SHA256(APP_KEY, tag ‖ issuer ‖ sub)`: the account, never its raw subject. */
  subjectHash: string
  /** E.164; only a phone the provider says it verified. */
  phoneE164: string | null
  /** `YYYY-MM-DD`. */
  birthDate: string | null
  /** A community code, to be matched against `communities.code`. */
  districtCode: string | null
  /** The register's ID hash, lower-case hex (the form of voting's person references). */
  idHash: string | null
}

export function oidcSubjectHash(issuer: string, subject: string): string {
  return createHmac('sha256', appKey.release())
    .update(`civic-budget/oidc-subject/v1\u0000${issuer}\u0000${subject}`)
    .digest('hex')
}

/** A claim by name, or by a dotted path into object claims (`address.district`). */
function claimAt(claims: Record<string, unknown>, path: string | null): unknown {
  if (path === null) return undefined
  if (path in claims) return claims[path]
  let value: unknown = claims
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string, unknown>)[part]
  }
  return value
}

function text(value: unknown, max: number): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value)
  if (typeof value !== 'string') return null
  const trimmed = value.trim()
  return trimmed.length > 0 && trimmed.length <= max ? trimmed : null
}

const ID_HASH = /^[0-9a-f]{32,128}$/

function birthDate(value: unknown): string | null {
  const raw = text(value, 10)
  if (!raw || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return null
  const date = new Date(`${raw}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(raw) ? raw : null
}

/**
 * Maps the provider's claims (ID token and userinfo together) by the deployment's claim names.
 * Null without a usable subject. A claim of the wrong shape counts as absent: the provider's
 * word is taken only when it is what it should be (a verified phone, a date, a hex hash).
 */
export function mapOidcClaims(
  issuer: string,
  claims: Record<string, unknown>,
  names: OidcClaimNames
): OidcPerson | null {
  const subject = text(claimAt(claims, names.subject), 255)
  if (!subject) return null
  const verified = names.phoneVerified === null || claimAt(claims, names.phoneVerified) === true
  const rawPhone = verified ? text(claimAt(claims, names.phone), 32) : null
  const rawIdHash = text(claimAt(claims, names.idHash), 128)?.toLowerCase() ?? null
  return {
    subjectHash: oidcSubjectHash(issuer, subject),
    phoneE164: rawPhone ? normalizePhone(rawPhone, identityConfig.defaultPhoneRegion) : null,
    birthDate: birthDate(claimAt(claims, names.birthDate)),
    districtCode: text(claimAt(claims, names.district), 64),
    idHash: rawIdHash && ID_HASH.test(rawIdHash) ? rawIdHash : null,
  }
}
