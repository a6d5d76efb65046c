import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** JSON API calls of residents: `Authorization: Bearer <token>` from /api/v1/auth/sms/verify. */
export default class ApiAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.use('api').authenticate()
    return next()
  }
}
