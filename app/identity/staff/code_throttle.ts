import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { rateLimitKey } from '#shared/rate_limit_keys'

/*
| Failed second-factor codes, counted like the password step (login_throttle.ts): per account +
| IP 5 in 15 minutes, per account 10 in 15 minutes from anywhere. A million 6-digit codes
| against 10 tries per window keeps guessing hopeless. Checked before the code is verified.
*/
const WINDOW = '15 mins'
const COUNTERS = [
  { name: 'account_ip', requests: 5 },
  { name: 'account', requests: 10 },
] as const

function counters(staffUserId: number, ip: string) {
  // Keyed hashes: the rows name no account and no IP (`#shared/rate_limit_keys`).
  const keys = {
    account_ip: rateLimitKey('staff_2fa:account_ip', String(staffUserId), ip),
    account: rateLimitKey('staff_2fa:account', String(staffUserId)),
  }
  return COUNTERS.map((counter) => ({
    key: keys[counter.name],
    limiter: limiter.use({ requests: counter.requests, duration: WINDOW, blockDuration: WINDOW }),
  }))
}

/**
 * Runs `check` (true when the code is right) unless a counter is exhausted: the limiter's error
 * (429 + Retry-After) when refused, else whether the code was right. Failures count; a success
 * clears the counters.
 */
export async function throttledCodeCheck(
  staffUserId: number,
  ip: string,
  check: () => Promise<boolean>
): Promise<InstanceType<typeof limiterErrors.E_TOO_MANY_REQUESTS> | boolean> {
  const all = counters(staffUserId, ip)
  for (const counter of all) {
    const state = await counter.limiter.get(counter.key)
    if (state && state.remaining <= 0) return new limiterErrors.E_TOO_MANY_REQUESTS(state)
  }
  const ok = await check()
  for (const counter of all) {
    if (ok) {
      await counter.limiter.delete(counter.key)
      continue
    }
    const { consumed, limit } = await counter.limiter.increment(counter.key)
    if (consumed >= limit) await counter.limiter.block(counter.key, WINDOW)
  }
  return ok
}
