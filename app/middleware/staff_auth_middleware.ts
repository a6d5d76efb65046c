import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Staff screens: a signed-in, active staff member or the staff login page. */
export default class StaffAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.authenticateUsing(['staff'], { loginRoute: '/staff/login' })
    return next()
  }
}
