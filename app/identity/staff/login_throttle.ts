import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { rateLimitKey } from '#shared/rate_limit_keys'

/*
| Failed staff sign-ins are counted three ways, each with its own block (database limiter store):
| - per email + IP: 5 in 15 minutes — one person mistyping, one guesser at one account;
| - per account: 20 in 15 minutes from anywhere — many addresses guessing one account;
| - per IP: 30 in 15 minutes over any accounts — one address trying a password on many accounts.
| Every counter is checked BEFORE the password is hashed, so a refused try costs no scrypt.
| The per-account block also holds the owner out for at most 15 minutes: the price of stopping
| guesses spread over many addresses (docs/threat-model.md "Sign-in limits").
*/
const WINDOW = '15 mins'
const COUNTERS = [
  { name: 'email_ip', requests: 5, resetOnSuccess: true },
  { name: 'account', requests: 20, resetOnSuccess: true },
  // Not reset by a success: a guesser's own account must not wash its address clean.
  { name: 'ip', requests: 30, resetOnSuccess: false },
] as const

function counters(email: string, ip: string) {
  // Keyed hashes: the rows name no e-mail and no IP (`#shared/rate_limit_keys`).
  const keys = {
    email_ip: rateLimitKey('staff_login:email_ip', email, ip),
    account: rateLimitKey('staff_login:account', email),
    ip: rateLimitKey('staff_login:ip', ip),
  }
  return COUNTERS.map((counter) => ({
    ...counter,
    key: keys[counter.name],
    limiter: limiter.use({
      requests: counter.requests,
      duration: WINDOW,
      blockDuration: WINDOW,
    }),
  }))
}

/**
 * Runs `attempt` (which hashes the password and throws on a failed sign-in) unless a counter is
 * exhausted. Returns the limiter's error (429 + Retry-After) when refused; rethrows the attempt's
 * own error after counting it.
 */
export async function throttledStaffLogin<T>(
  email: string,
  ip: string,
  attempt: () => Promise<T>
): Promise<[InstanceType<typeof limiterErrors.E_TOO_MANY_REQUESTS>, null] | [null, T]> {
  const all = counters(email, ip)
  for (const counter of all) {
    const state = await counter.limiter.get(counter.key)
    if (state && state.remaining <= 0) return [new limiterErrors.E_TOO_MANY_REQUESTS(state), null]
  }
  try {
    const result = await attempt()
    for (const counter of all) {
      if (counter.resetOnSuccess) await counter.limiter.delete(counter.key)
    }
    return [null, result]
  } catch (error) {
    for (const counter of all) {
      const { consumed, limit } = await counter.limiter.increment(counter.key)
      if (consumed >= limit) await counter.limiter.block(counter.key, WINDOW)
    }
    throw error
  }
}
