import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import { isBallotRoute } from '#middleware/identityless_middleware'

/*
| The session, except on the ballot routes. Those requests arrive without cookies and their
| answers leave without any (identityless_middleware): a session made there was created, encrypted
| into a cookie and thrown away on every ballot and every status request — 8 % of the app's CPU in
| `bench:voting`'s profile. Nothing on those routes reads the session.
*/
export default class SessionExceptBallotsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (isBallotRoute(ctx)) return next()
    const session = await ctx.containerResolver.make(SessionMiddleware)
    return session.handle(ctx, next)
  }
}
