import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { intakeSettings } from '#voting/intake/settings'

/*
| Server middleware for the ballot routes (POST /api/v1/campaigns/:id/ballots, GET
| /api/v1/ballots/:hash). A ballot must not be linkable to the signed-in person, so these routes
| neither read nor set cookies: the Cookie header is dropped before the session middleware sees it
| and any Set-Cookie (the session's, XSRF) is removed from the answer. It also caps the body of
| POST /ballots far below the global JSON limit, by Content-Length, before anything reads it.
*/
const BALLOT_ROUTE = /^\/api\/v1\/(campaigns\/[^/]+\/ballots|ballots\/[^/]+)\/?(\?.*)?$/

export default class AnonymousBallotMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const raw = ctx.request.request
    if (!BALLOT_ROUTE.test(raw.url ?? '')) return next()
    delete raw.headers.cookie
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
    await next()
    ctx.response.removeHeader('set-cookie')
  }
}
