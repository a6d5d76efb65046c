import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import StaffUser from '#identity/models/staff_user'
import { audit } from '#shared/audit'
import { newInvitationToken } from '#identity/staff/invitation_token'
import { invitationUrl, sendInvitation } from '#identity/staff/invite_staff'

export type ResendInvitationOutcome =
  { outcome: 'ok'; inviteUrl: string } | { outcome: 'already_accepted' }

/** A new invitation link for a member who has not set a password yet (the old link stops working). */
export async function resendInvitation(
  ctx: HttpContext,
  memberId: number
): Promise<ResendInvitationOutcome> {
  const { token, hash, expiresAt } = newInvitationToken()
  const result = await db.transaction(async (trx) => {
    const member = await StaffUser.query({ client: trx })
      .where('id', memberId)
      .forUpdate()
      .firstOrFail()
    if (member.password !== null) return { outcome: 'already_accepted' as const }
    member.inviteTokenHash = hash
    member.inviteExpiresAt = expiresAt
    await member.useTransaction(trx).save()
    await audit.record(
      ctx,
      'staff.invitation_renewed',
      { type: 'staff_user', id: member.id },
      null,
      {
        client: trx,
      }
    )
    return { outcome: 'ok' as const, member }
  })
  if (result.outcome !== 'ok') return result
  const inviteUrl = invitationUrl(ctx, token)
  await sendInvitation(ctx, result.member, inviteUrl)
  return { outcome: 'ok', inviteUrl }
}
