import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { rateLimitKey } from '#shared/rate_limit_keys'

/*
| Failed staff API tokens per IP: 20 in 15 minutes, then the address is refused (429 +
| Retry-After) for 15 minutes before any token lookup. A token has 256 random bits, so this is not
| what keeps guessers out; it keeps a broken or hostile client from hammering the token table and
| makes such a client visible. Keyed hashes: the limiter rows name no IP (`#shared/rate_limit_keys`).
*/
const WINDOW = '15 mins'
const FAILURES_PER_WINDOW = 20

function failures() {
  return limiter.use({ requests: FAILURES_PER_WINDOW, duration: WINDOW, blockDuration: WINDOW })
}

/** Throws the limiter's 429 when `ip` has used up its failed tries. */
export async function refuseThrottledStaffTokenIp(ip: string): Promise<void> {
  const state = await failures().get(rateLimitKey('staff_api_token:ip', ip))
  if (state && state.remaining <= 0) throw new limiterErrors.E_TOO_MANY_REQUESTS(state)
}

/** Counts one missing, unknown, revoked or expired token from `ip`. */
export async function countFailedStaffToken(ip: string): Promise<void> {
  const key = rateLimitKey('staff_api_token:ip', ip)
  const { consumed, limit } = await failures().increment(key)
  if (consumed >= limit) await failures().block(key, WINDOW)
}
