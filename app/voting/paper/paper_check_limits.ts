import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import votingConfig from '#config/voting'
import { rateLimitKey } from '#shared/rate_limit_keys'

export type PaperCheckAnswer = { allowed: true } | { allowed: false; retryAfterSeconds: number }

/**
 * Counts one paper check (preview or import) of a staff member: each tells its admin which voters
 * of the list already voted, so an admin may run only `paper.checksPerStaff` of them a window.
 */
export async function paperChecksAllowed(staffId: number): Promise<PaperCheckAnswer> {
  try {
    await limiter
      .use('database', { ...votingConfig.paper.checksPerStaff })
      .consume(rateLimitKey('paper:staff', String(staffId)))
    return { allowed: true }
  } catch (error) {
    if (!(error instanceof limiterErrors.E_TOO_MANY_REQUESTS)) throw error
    return { allowed: false, retryAfterSeconds: Math.max(1, error.response.availableIn) }
  }
}
