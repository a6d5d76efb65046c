import { createHash, randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'

export const INVITATION_TTL_DAYS = 7
const TOKEN_BYTES = 32

/** A fresh random invitation token (shown once) and the hash we store. */
export function newInvitationToken() {
  const token = randomBytes(TOKEN_BYTES).toString('base64url')
  return {
    token,
    hash: hashInvitationToken(token),
    expiresAt: DateTime.now().plus({ days: INVITATION_TTL_DAYS }),
  }
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}
