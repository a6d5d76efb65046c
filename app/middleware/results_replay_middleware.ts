import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { replayOrKeep } from '#reporting/results_replay'

/*
| Server middleware, early (after compression, before static files, session, shield, Inertia and
| the router): repeated anonymous reads of the public results — the API, the page, the embed —
| are answered with the answer the full stack gave for the same results version
| (`#reporting/results_replay`, app/reporting/README.md "Results cache"). Everything else passes.
*/
export default class ResultsReplayMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    return replayOrKeep(ctx, next)
  }
}
