import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { intakeSettings } from '#voting/intake/settings'
import { BALLOT_ROUTE } from '#middleware/identityless_middleware'

/*
| Server middleware for the ballot routes: caps the body of POST /ballots far below the global
| JSON limit, by Content-Length, before anything reads it. (Their cookies are dropped earlier, by
| the identityless middleware, before the language middleware parses the Cookie header.)
*/

export default class AnonymousBallotMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const raw = ctx.request.request
    if (!BALLOT_ROUTE.test(raw.url ?? '')) return next()
    const length = Number(raw.headers['content-length'] ?? 0)
    const limit = intakeSettings().bodyLimitBytes
    if (raw.method === 'POST' && Number.isFinite(length) && length > limit) {
      ctx.response.header('Connection', 'close')
      return ctx.response.status(413).send({
        error: 'payload_too_large',
        message:
          ctx.i18n?.t('voting.errors.payload_too_large', {}, 'The request body is too large') ??
          'The request body is too large',
        details: { limitBytes: limit },
      })
    }
    return next()
  }
}
