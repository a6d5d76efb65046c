import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/*
| CORS for the public JSON API: a city's own site may read campaigns, projects, progress and
| results with `fetch` from any origin. `Access-Control-Allow-Origin: *` and nothing else: no
| credentials (a browser then sends no cookies and exposes no answer that needed them), no
| preflight answers (a plain GET with `Accept: application/json` needs none), so writes, the
| resident's own data and every staff screen stay same-site. An allow-list of route names, not a
| path prefix: a new /api route is private until it is added here on purpose
| (tests/functional/shared/public_api_cors.spec.ts checks the list against the router).
*/
export const PUBLIC_API_ROUTES: ReadonlySet<string> = new Set([
  'api.v1.campaigns.index',
  'api.v1.campaigns.show',
  'api.v1.campaigns.projects',
  'api.v1.projects.show',
  'api.v1.campaigns.progress',
  'api.v1.campaigns.results',
  // the public account of an encrypted campaign's decryption (share verdicts, spoiled ballots)
  'api.v1.campaigns.decryption',
  'api.v1.ballots.show',
  'ledger.genesis',
  'api.openapi',
])

export default class PublicApiCorsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const name = ctx.route?.name
    if (name && PUBLIC_API_ROUTES.has(name) && ['GET', 'HEAD'].includes(ctx.request.method())) {
      ctx.response.header('Access-Control-Allow-Origin', '*')
    }
    return next()
  }
}
