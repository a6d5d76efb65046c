import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Sign-in pages: a visitor already signed in with the given guard goes home instead. */
export default class GuestMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { guard: 'resident' | 'staff' }) {
    if (await ctx.auth.use(options.guard).check()) {
      return ctx.response.redirect(options.guard === 'staff' ? '/staff' : '/')
    }
    return next()
  }
}
