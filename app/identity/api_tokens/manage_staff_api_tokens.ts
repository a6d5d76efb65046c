import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { audit, type AuditActor } from '#shared/audit'
import { withLockedRow, type NotFound } from '#shared/actions'
import StaffApiToken from '#identity/models/staff_api_token'
import type { StaffApiScope } from '#identity/api_tokens/scopes'
import { newStaffApiToken, staffApiTokenHash } from '#identity/api_tokens/staff_api_tokens'

export interface CreateStaffApiTokenInput {
  name: string
  scopes: StaffApiScope[]
  expiresInDays: number
}

/** Makes a token for the acting admin; the token is returned once, only its hash is kept. */
export async function createStaffApiToken(
  actor: AuditActor & { type: 'staff'; id: number },
  input: CreateStaffApiTokenInput
): Promise<{ outcome: 'ok'; token: StaffApiToken; secret: string }> {
  const secret = newStaffApiToken()
  const scopes = [...new Set(input.scopes)]
  return db.transaction(async (trx) => {
    const token = await StaffApiToken.create(
      {
        name: input.name.trim(),
        tokenHash: staffApiTokenHash(secret),
        scopes,
        expiresAt: DateTime.now().plus({ days: input.expiresInDays }),
        createdByStaffId: actor.id,
        createdAt: DateTime.now(),
        revokedAt: null,
      },
      { client: trx }
    )
    await audit.record(
      actor,
      'staff_api_token.created',
      { type: 'staff_api_token', id: token.id },
      { after: { name: token.name, scopes, expiresAt: token.expiresAt.toISO() } },
      { client: trx }
    )
    return { outcome: 'ok' as const, token, secret }
  })
}

/** Revokes a token: the next request with it gets 401. */
export async function revokeStaffApiToken(
  actor: AuditActor,
  tokenId: number
): Promise<{ outcome: 'ok' | 'already_revoked' } | NotFound> {
  return withLockedRow(StaffApiToken, { id: tokenId }, async (token, trx) => {
    if (token.revokedAt) return { outcome: 'already_revoked' as const }
    token.revokedAt = DateTime.now()
    token.useTransaction(trx)
    await token.save()
    await audit.record(
      actor,
      'staff_api_token.revoked',
      { type: 'staff_api_token', id: token.id },
      { before: { name: token.name, scopes: token.scopes } },
      { client: trx }
    )
    return { outcome: 'ok' as const }
  })
}
