import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Pages that need a signed-in resident: redirect to the phone sign-in, then back. */
export default class ResidentAuthMiddleware {
  redirectTo = '/sign-in'

  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.authenticateUsing(['resident'], {
      loginRoute: `${this.redirectTo}?next=${encodeURIComponent(ctx.request.url(true))}`,
    })
    return next()
  }
}
