import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import StaffUser from '#identity/models/staff_user'
import { audit } from '#shared/audit'

export type CancelInvitationOutcome = 'ok' | 'already_accepted' | 'no_invitation'

/**
 * Withdraws a pending invitation: the token is cleared, so the link answers 404 from now on. The
 * account stays pending (with its grants) and can be invited again with a new link.
 */
export async function cancelInvitation(
  ctx: HttpContext,
  memberId: number
): Promise<CancelInvitationOutcome> {
  return db.transaction(async (trx) => {
    const member = await StaffUser.query({ client: trx })
      .where('id', memberId)
      .forUpdate()
      .firstOrFail()
    if (member.password !== null) return 'already_accepted'
    if (member.inviteTokenHash === null) return 'no_invitation'
    const expiresAt = member.inviteExpiresAt?.toISO() ?? null
    member.inviteTokenHash = null
    member.inviteExpiresAt = null
    await member.useTransaction(trx).save()
    await audit.record(
      ctx,
      'staff.invitation_cancelled',
      { type: 'staff_user', id: member.id },
      { before: { inviteExpiresAt: expiresAt } },
      { client: trx }
    )
    return 'ok'
  })
}
