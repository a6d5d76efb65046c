import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import { isBallotRoute } from '#middleware/identityless_middleware'
import { anonymousResultsView } from '#reporting/results_replay'

/*
| The session, except on the ballot routes and on reads of the JSON API. Ballot requests arrive
| without cookies and their answers leave without any (identityless_middleware): a session made
| there was created, encrypted into a cookie and thrown away on every ballot and every status
| request — 8 % of the app's CPU in `bench:voting`'s profile. The API authenticates by bearer token
| and never reads the session either; a session there gave every anonymous reader (a script, a
| widget, a results poller on voting night) a session cookie, an XSRF cookie and, with
| `SESSION_DRIVER=database`, a session row per read. A signed-in browser's session is neither read
| nor touched by an API read (it is not refreshed by one either). Likewise a results page or embed
| viewed without a session (`#reporting/results_replay` `anonymousResultsView`): no cookie, so the
| visitor's next view is still anonymous and replayed from memory.
*/
export function isSessionless(ctx: HttpContext): boolean {
  const raw = ctx.request.request
  const apiRead =
    (raw.method === 'GET' || raw.method === 'HEAD') && (raw.url ?? '').startsWith('/api/')
  return apiRead || isBallotRoute(ctx) || anonymousResultsView(raw) !== null
}

export default class SessionExceptBallotsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (isSessionless(ctx)) return next()
    const session = await ctx.containerResolver.make(SessionMiddleware)
    return session.handle(ctx, next)
  }
}
