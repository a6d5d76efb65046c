import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/*
| Router middleware, right after the session's: a JSON API request that no session serves leaves
| none behind — a GET/HEAD from a client without a session (a script, a widget, a results poller on
| voting night), and any request of a token client (an `Authorization` header: a resident's app or
| a terminal asking for credentials). Shield puts a fresh CSRF secret into every session it meets,
| so without this each such request would store a new session row (`SESSION_DRIVER=database`, the
| production default) and encrypt it into a cookie only to never see it again. The API
| authenticates by bearer token and never reads the session; an existing session (a signed-in
| browser) is left alone.
*/
export default class StatelessApiReadsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const raw = ctx.request.request
    const stateless =
      raw.method === 'GET' || raw.method === 'HEAD' || raw.headers.authorization !== undefined
    const response = await next()
    if (stateless && (raw.url ?? '').startsWith('/api/') && ctx.session?.fresh) {
      ctx.session.clear()
    }
    return response
  }
}
