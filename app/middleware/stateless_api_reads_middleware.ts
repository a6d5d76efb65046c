import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/*
| Router middleware, right after the session's: a GET/HEAD of the JSON API from a client without a
| session (a script, a widget, a results poller on voting night) leaves no session behind. Shield
| puts a fresh CSRF secret into every session it meets, so without this each such read would
| store a new session row (`SESSION_DRIVER=database`, the production default) only to never see it
| again. The API authenticates by bearer token and never reads the session; an existing session
| (a signed-in browser) is left alone.
*/
export default class StatelessApiReadsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const raw = ctx.request.request
    const read = raw.method === 'GET' || raw.method === 'HEAD'
    const response = await next()
    if (read && (raw.url ?? '').startsWith('/api/') && ctx.session?.fresh) ctx.session.clear()
    return response
  }
}
