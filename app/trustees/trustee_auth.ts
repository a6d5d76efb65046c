import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { ApiError } from '#shared/api_error'
import { rateLimitKey } from '#shared/rate_limit_keys'
import { trusteeByToken, type TrusteeRow } from '#trustees/trustee_token'

/*
| The trustee API's bearer authentication: `Authorization: Bearer <invite token>` (the token of
| `/trustee#token=…`), no session. As the staff API token throttle does: 20 failed tokens from an
| address in 15 minutes and that address is refused (429 + Retry-After) for 15 minutes before any
| lookup. A token has 256 random bits; this keeps a broken or hostile client from hammering the
| table and makes it visible. The limiter rows name no IP (`#shared/rate_limit_keys`).
*/
const WINDOW = '15 mins'
const FAILURES_PER_WINDOW = 20

function failures() {
  return limiter.use({ requests: FAILURES_PER_WINDOW, duration: WINDOW, blockDuration: WINDOW })
}

function bearer(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{1,128})$/.exec(header ?? '')
  return match ? match[1] : null
}

/** The trustee the request's token belongs to; 401 (counted) or 429 otherwise. */
export async function authenticatedTrustee(ctx: HttpContext): Promise<TrusteeRow> {
  const key = rateLimitKey('trustee_token:ip', ctx.request.ip())
  const state = await failures().get(key)
  if (state && state.remaining <= 0) throw new limiterErrors.E_TOO_MANY_REQUESTS(state)
  const trustee = await trusteeByToken(bearer(ctx.request.header('authorization')))
  if (trustee) return trustee
  const { consumed, limit } = await failures().increment(key)
  if (consumed >= limit) await failures().block(key, WINDOW)
  throw new ApiError(401, 'unauthorized', ctx.i18n.t('trustees.api.unauthorized'), undefined, {
    'WWW-Authenticate': 'Bearer',
  })
}
