import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import type { HttpContext } from '@adonisjs/core/http'
import StaffUser from '#identity/models/staff_user'
import StaffRole from '#identity/models/staff_role'
import type { StaffRole as Role } from '#identity/roles'
import { audit } from '#shared/audit'
import { newInvitationToken } from '#identity/staff/invitation_token'
import { mailGateway } from '#identity/mail/mail_gateway'

export interface InviteStaffInput {
  email: string
  fullName: string
  role: Role
  communityId?: number | null
}

export type InviteStaffOutcome =
  | { outcome: 'ok'; member: StaffUser; inviteUrl: string }
  | { outcome: 'email_taken' }
  | { outcome: 'unknown_community' }

/**
 * Creates a pending (inactive, password-less) staff account with one role
 * grant and a 7-day invitation token (stored hashed), mails the link and
 * records the audit row, all in one transaction.
 */
export async function inviteStaff(
  ctx: HttpContext,
  input: InviteStaffInput
): Promise<InviteStaffOutcome> {
  const email = input.email.trim().toLowerCase()
  const communityId = input.communityId ?? null
  const { token, hash, expiresAt } = newInvitationToken()

  const result = await db.transaction(async (trx) => {
    const taken = await StaffUser.query({ client: trx }).where('email', email).first()
    if (taken) return { outcome: 'email_taken' as const }
    if (communityId !== null) {
      const community = await trx.from('communities').where('id', communityId).first()
      if (!community) return { outcome: 'unknown_community' as const }
    }
    const member = await StaffUser.create(
      {
        email,
        fullName: input.fullName.trim(),
        password: null,
        active: false,
        inviteTokenHash: hash,
        inviteExpiresAt: expiresAt,
      },
      { client: trx }
    )
    await StaffRole.create(
      { staffUserId: member.id, role: input.role, communityId },
      { client: trx }
    )
    await audit.record(
      ctx,
      'staff.invited',
      { type: 'staff_user', id: member.id },
      { after: { email, fullName: member.fullName, role: input.role, communityId } },
      { client: trx }
    )
    return { outcome: 'ok' as const, member }
  })
  if (result.outcome !== 'ok') return result

  const inviteUrl = invitationUrl(ctx, token)
  await sendInvitation(ctx, result.member, inviteUrl)
  return { outcome: 'ok', member: result.member, inviteUrl }
}

/**
 * The invitation link. APP_URL when configured (never trust the Host header for
 * links sent by mail); the request's own origin otherwise (development).
 */
export function invitationUrl(ctx: HttpContext | null, token: string): string {
  const configured = env.get('APP_URL')
  const base = configured
    ? configured.replace(/\/+$/, '')
    : `${ctx?.request.protocol() ?? 'http'}://${ctx?.request.host() ?? 'localhost'}`
  return `${base}/staff/invitations/${token}`
}

export async function sendInvitation(ctx: HttpContext, member: StaffUser, inviteUrl: string) {
  await mailGateway().send({
    to: member.email,
    subject: ctx.i18n.t('staff.mail.invitation_subject'),
    text: ctx.i18n.t('staff.mail.invitation_text', { name: member.fullName, url: inviteUrl }),
  })
}
