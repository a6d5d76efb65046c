import { createHash, randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import StaffApiToken from '#identity/models/staff_api_token'
import StaffUser from '#identity/models/staff_user'
import { hasRole } from '#identity/staff_access'

/*
| Staff API tokens: `cbs_` + 32 random bytes (base64url), sent as `Authorization: Bearer <token>`.
| Only SHA-256(token) is stored (a 256-bit random token needs no slow hash). A token acts for the
| admin who made it and only while they still may: an active member with an unscoped admin grant
| (a deactivated or demoted admin's tokens stop at once, with no sweep). Verifying writes nothing.
*/
export const STAFF_API_TOKEN_PREFIX = 'cbs_'
const TOKEN_LENGTH_MAX = 200

export function newStaffApiToken(): string {
  return `${STAFF_API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
}

export function staffApiTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** `Authorization: Bearer cbs_…` → the token, or null. */
export function staffApiTokenFrom(header: string | undefined): string | null {
  if (!header) return null
  const match = /^Bearer +(\S+)\s*$/i.exec(header)
  if (!match || match[1].length > TOKEN_LENGTH_MAX) return null
  if (!match[1].startsWith(STAFF_API_TOKEN_PREFIX)) return null
  return match[1]
}

export interface ActiveStaffApiToken {
  token: StaffApiToken
  staff: StaffUser
}

/** The token, if it is unrevoked, unexpired and its creator is still an active unscoped admin. */
export async function findActiveStaffApiToken(raw: string): Promise<ActiveStaffApiToken | null> {
  const token = await StaffApiToken.query()
    .where('tokenHash', staffApiTokenHash(raw))
    .whereNull('revokedAt')
    .where('expiresAt', '>', DateTime.now().toSQL()!)
    .first()
  if (!token) return null
  const staff = await StaffUser.find(token.createdByStaffId)
  if (!staff || !(await hasRole(staff, ['admin']))) return null
  return { token, staff }
}
