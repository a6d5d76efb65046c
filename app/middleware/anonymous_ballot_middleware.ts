import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { intakeSettings } from '#voting/intake/settings'
import { hasRoom, recordShed } from '#voting/intake/admission'
import { readCappedBody } from '#shared/capped_body'
import { BALLOT_ROUTE } from '#middleware/identityless_middleware'

/*
| Server middleware for the ballot routes: caps the body of POST /ballots far below the global
| JSON limit, on the bytes actually read (Content-Length alone misses chunked bodies): it reads and
| parses the JSON body itself, so the body parser skips it. (Their cookies are dropped earlier, by
| the identityless middleware, before the language middleware parses the Cookie header.) When the
| intake has no room (app/voting/intake/admission.ts) a ballot POST is answered 503 `overloaded`
| with Retry-After before its body is read: shedding costs next to nothing.
*/

export default class AnonymousBallotMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const raw = ctx.request.request
    if (!BALLOT_ROUTE.test(raw.url ?? '')) return next()
    if (raw.method === 'POST') {
      // A full intake sheds at once: no body read, no session, nothing parsed or looked up.
      if (!hasRoom()) {
        ctx.response.header('Retry-After', String(recordShed()))
        return this.refuse(ctx, 503, 'overloaded', 'voting.errors.overloaded')
      }
      if (!(await this.readBody(ctx))) return
    }
    return next()
  }

  /** Reads the ballot's JSON body under the cap; false when it answered a refusal instead. */
  protected async readBody(ctx: HttpContext): Promise<boolean> {
    const raw = ctx.request.request
    const encoding = raw.headers['content-encoding']
    if (encoding !== undefined && encoding !== 'identity') {
      this.refuse(ctx, 415, 'unsupported_media_type', 'errors.unsupported_media_type')
      return false
    }
    const limit = intakeSettings().bodyLimitBytes
    const length = Number(raw.headers['content-length'] ?? 0)
    const body = Number.isFinite(length) && length > limit ? null : await readCappedBody(raw, limit)
    if (body === null) {
      // The rest is never read: close the connection rather than drain it.
      ctx.response.header('Connection', 'close')
      this.refuse(ctx, 413, 'payload_too_large', 'voting.errors.payload_too_large', {
        limitBytes: limit,
      })
      return false
    }
    const parsed = this.parse(body)
    if (parsed === null) {
      this.refuse(ctx, 400, 'invalid_json', 'voting.errors.invalid_json')
      return false
    }
    ctx.request.setInitialBody(parsed)
    ctx.request.updateRawBody(body.toString('utf8'))
    // Already read: without these headers the body parser sees no body to parse.
    delete raw.headers['content-length']
    delete raw.headers['transfer-encoding']
    return true
  }

  protected parse(body: Buffer): Record<string, unknown> | null {
    if (body.length === 0) return {}
    try {
      const value: unknown = JSON.parse(body.toString('utf8'))
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : null
    } catch {
      return null
    }
  }

  protected refuse(
    ctx: HttpContext,
    status: number,
    error: string,
    messageKey: string,
    details?: Record<string, unknown>
  ) {
    const message = ctx.i18n
      ? translated(ctx.i18n.locale, messageKey, () => ctx.i18n.t(messageKey))
      : error
    ctx.response.status(status).send(details ? { error, message, details } : { error, message })
  }
}

/*
| The refusals' texts take no arguments, so each (locale, key) is formatted once: under overload
| every shed POST is answered with the same text, and formatting it each time (IntlMessageFormat)
| was the biggest cost of shedding.
*/
const refusalTexts = new Map<string, string>()
function translated(locale: string, key: string, format: () => string): string {
  const cacheKey = `${locale}\u0000${key}`
  let text = refusalTexts.get(cacheKey)
  if (text === undefined) {
    text = format()
    refusalTexts.set(cacheKey, text)
  }
  return text
}
