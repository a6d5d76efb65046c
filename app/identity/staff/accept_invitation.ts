import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import StaffUser from '#identity/models/staff_user'
import { audit } from '#shared/audit'
import { hashInvitationToken } from '#identity/staff/invitation_token'

export type InvitationState =
  { state: 'valid'; member: StaffUser } | { state: 'expired' } | { state: 'invalid' }

/** Looks an invitation token up (by hash). A used token was cleared, so it reads as invalid. */
export async function findInvitation(token: string): Promise<InvitationState> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { state: 'invalid' }
  const member = await StaffUser.findBy('inviteTokenHash', hashInvitationToken(token))
  if (!member || member.password !== null) return { state: 'invalid' }
  if (!member.inviteExpiresAt || member.inviteExpiresAt < DateTime.now())
    return { state: 'expired' }
  return { state: 'valid', member }
}

export type AcceptInvitationOutcome =
  { outcome: 'ok'; member: StaffUser } | { outcome: 'expired' } | { outcome: 'invalid' }

/** Sets the invitee's password, activates the account and burns the token (row locked). */
export async function acceptInvitation(
  ctx: HttpContext,
  token: string,
  password: string
): Promise<AcceptInvitationOutcome> {
  const found = await findInvitation(token)
  if (found.state !== 'valid') return { outcome: found.state }
  return db.transaction(async (trx) => {
    const member = await StaffUser.query({ client: trx })
      .where('id', found.member.id)
      .forUpdate()
      .firstOrFail()
    if (member.password !== null || member.inviteTokenHash !== hashInvitationToken(token)) {
      return { outcome: 'invalid' as const }
    }
    member.password = password
    member.active = true
    member.inviteTokenHash = null
    member.inviteExpiresAt = null
    await member.useTransaction(trx).save()
    await audit.record(
      { type: 'staff', id: member.id, ip: ctx.request.ip() },
      'staff.invitation_accepted',
      { type: 'staff_user', id: member.id },
      null,
      { client: trx }
    )
    return { outcome: 'ok' as const, member }
  })
}
