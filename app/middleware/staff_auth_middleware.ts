import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type StaffUser from '#identity/models/staff_user'
import { staffNavFor } from '#identity/staff/staff_nav'
import { hasTwoFactor, requiresTwoFactor } from '#identity/staff/two_factor'

/**
 * Staff screens: a signed-in, active staff member or the staff login page.
 * A member deactivated while signed in is signed out on their next request; an admin without a
 * second factor is sent to enrol it.
 * Shares `staffNav` (the screens this member may use) with the staff layout.
 */
export default class StaffAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.authenticateUsing(['staff'], { loginRoute: '/staff/login' })
    const user = ctx.auth.use('staff').user as StaffUser
    if (!user.active) {
      await ctx.auth.use('staff').logout()
      ctx.session.flash('error', ctx.i18n.t('staff.login.inactive'))
      return ctx.response.redirect('/staff/login')
    }
    // Admins get nothing until they have a second factor (e.g. an admin role granted later).
    if (!hasTwoFactor(user) && (await requiresTwoFactor(user))) {
      return ctx.response.redirect('/staff/two-factor')
    }
    if ('inertia' in ctx && ctx.inertia) {
      ctx.inertia.share({ staffNav: await staffNavFor(ctx) })
    }
    return next()
  }
}
