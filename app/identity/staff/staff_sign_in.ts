import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import type StaffUser from '#identity/models/staff_user'
import { audit } from '#shared/audit'
import { tagStaffSession } from '#identity/sessions/staff_sessions'

/*
| Staff sign-in has up to two steps. After the password, a member with a second factor (or an
| admin who must enrol one) is only "pending": the session remembers who passed the password
| step, for 10 minutes, and grants nothing. The session guard signs the member in only after
| the code (or the enrolment).
*/
const PENDING_KEY = 'staff_sign_in_pending'
const PENDING_TTL_MS = 10 * 60_000

export type PendingStep = 'code' | 'enrol'

export function startPendingSignIn(ctx: HttpContext, staffUserId: number, step: PendingStep) {
  ctx.session.put(PENDING_KEY, { staffUserId, step, since: Date.now() })
}

/** The member waiting at `step`, if the password step was passed less than 10 minutes ago. */
export function pendingSignIn(ctx: HttpContext, step: PendingStep): number | null {
  const pending = ctx.session.get(PENDING_KEY) as
    { staffUserId: number; step: PendingStep; since: number } | undefined
  if (!pending || pending.step !== step) return null
  if (Date.now() - pending.since > PENDING_TTL_MS) {
    ctx.session.forget(PENDING_KEY)
    return null
  }
  return pending.staffUserId
}

/** The last step: a staff session (new session id, tagged for revocation), audited. */
export async function completeStaffSignIn(ctx: HttpContext, member: StaffUser, method: string) {
  ctx.session.forget(PENDING_KEY)
  // The session guard regenerates the session id on login (no session fixation).
  await ctx.auth.use('staff').login(member)
  await tagStaffSession(ctx, member.id)
  member.lastSignInAt = DateTime.now()
  await member.save()
  await audit.record(ctx, 'staff.login', { type: 'staff_user', id: member.id }, { method })
}
