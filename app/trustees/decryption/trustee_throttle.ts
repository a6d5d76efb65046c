import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { rateLimitKey } from '#shared/rate_limit_keys'

/*
| Failed trustee invite tokens per IP: 20 in 15 minutes, then the address is refused (429 +
| Retry-After) for 15 minutes before any token lookup — as for staff API tokens
| (#identity/api_tokens/staff_token_throttle). A token has 256 random bits: this keeps a broken or
| hostile client from hammering the trustee table and makes it visible. Keyed hashes: no IP stored.
*/
const WINDOW = '15 mins'
const FAILURES_PER_WINDOW = 20
const KIND = 'trustee_token:ip'

function failures() {
  return limiter.use({ requests: FAILURES_PER_WINDOW, duration: WINDOW, blockDuration: WINDOW })
}

/** Throws the limiter's 429 when `ip` has used up its failed tries. */
export async function refuseThrottledTrusteeTokenIp(ip: string): Promise<void> {
  const state = await failures().get(rateLimitKey(KIND, ip))
  if (state && state.remaining <= 0) throw new limiterErrors.E_TOO_MANY_REQUESTS(state)
}

/** Counts one missing or unknown trustee token from `ip`. */
export async function countFailedTrusteeToken(ip: string): Promise<void> {
  const key = rateLimitKey(KIND, ip)
  const { consumed, limit } = await failures().increment(key)
  if (consumed >= limit) await failures().block(key, WINDOW)
}
