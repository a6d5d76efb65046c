import type { HttpContext } from '@adonisjs/core/http'
import StaffUser from '#identity/models/staff_user'
import { staffLoginValidator } from '#identity/validators/staff_validators'
import { audit } from '#shared/audit'
import { throttledStaffLogin } from '#identity/staff/login_throttle'
import { completeStaffSignIn, startPendingSignIn } from '#identity/staff/staff_sign_in'
import { hasTwoFactor, requiresTwoFactor } from '#identity/staff/two_factor'

class InactiveAccountError extends Error {}

/**
 * Staff sign-in, step one: email + password, rate limited per email+IP, account and IP. Members
 * with a second factor continue at /staff/login/code, admins without one at /staff/two-factor
 * (StaffTwoFactorController); sign-out.
 */
export default class StaffSessionController {
  async create({ inertia, session }: HttpContext) {
    const email = session.flashMessages.get('email')
    return inertia.render('staff/auth/login', { email: typeof email === 'string' ? email : '' })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, i18n } = ctx
    const { email, password } = await request.validateUsing(staffLoginValidator)
    const normalized = email.toLowerCase()
    let user: StaffUser | null = null
    let failure: 'credentials' | 'inactive' | null = null
    const [limited] = await throttledStaffLogin(normalized, request.ip(), async () => {
      const found = await StaffUser.verifyCredentials(normalized, password)
      if (!found.active) throw new InactiveAccountError()
      return found
    }).then(
      ([error, result]) => {
        user = result
        return [error] as const
      },
      (error: unknown) => {
        failure = error instanceof InactiveAccountError ? 'inactive' : 'credentials'
        return [null] as const
      }
    )

    if (limited) {
      await audit.record(ctx, 'staff.login_blocked', null, { email: normalized })
      throw limited
    }
    if (failure || !user) {
      const known = await StaffUser.findBy('email', normalized)
      await audit.record(
        { type: 'anonymous', id: null, ip: request.ip() },
        'staff.login_failed',
        known ? { type: 'staff_user', id: known.id } : null,
        { email: normalized, reason: failure ?? 'credentials' }
      )
      session.flashExcept(['password'])
      session.flash(
        'error',
        i18n.t(failure === 'inactive' ? 'staff.login.inactive' : 'staff.login.invalid_credentials')
      )
      return response.redirect().back()
    }

    const member = user as StaffUser
    if (hasTwoFactor(member)) {
      startPendingSignIn(ctx, member.id, 'code')
      return response.redirect('/staff/login/code')
    }
    if (await requiresTwoFactor(member)) {
      startPendingSignIn(ctx, member.id, 'enrol')
      return response.redirect('/staff/two-factor')
    }
    await completeStaffSignIn(ctx, member, 'password')
    return response.redirect('/staff')
  }

  async destroy(ctx: HttpContext) {
    const { auth, response, session, i18n } = ctx
    const guard = auth.use('staff')
    const user = (await guard.check()) ? guard.user : undefined
    if (user) {
      await audit.record(ctx, 'staff.logout', { type: 'staff_user', id: user.id })
      await guard.logout()
      // A new session id: the signed-in session's row is deleted, not just emptied.
      session.regenerate()
    }
    session.flash('success', i18n.t('staff.login.signed_out'))
    return response.redirect('/staff/login')
  }
}
