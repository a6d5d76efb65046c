/*
| Voting module settings (credential issuance, the voting page). Rate limits use the database
| limiter store (table rate_limits), shared by every app node.
*/
import env from '#start/env'

const votingConfig = {
  /**
   * The voting page waits a random time between taking its credential and sending its ballot, so
   * the operator cannot pair issuance and ballot by timing (architecture.md "Ballot protocol").
   * Tiny in tests (BALLOT_DELAY_MIN_MS / BALLOT_DELAY_MAX_MS).
   */
  ballotDelay: {
    minMs: env.get('BALLOT_DELAY_MIN_MS') ?? 5_000,
    maxMs: env.get('BALLOT_DELAY_MAX_MS') ?? 30_000,
  },
  credential: {
    limits: {
      /** Per resident bearer token / session (a resident needs one, a retry or two). */
      perResident: { requests: 30, duration: '10 minutes' },
      /** Per client IP, all residents behind it together (a shared NAT, a library). */
      perIp: { requests: 600, duration: '10 minutes' },
      /** Per terminal token: a kiosk or a bank serves many people (no per-IP limit for them). */
      perTerminal: { requests: 1200, duration: '1 minute' },
      /** Unknown / revoked terminal tokens per client IP, before that IP is refused outright. */
      terminalAuthFailuresPerIp: { requests: 20, duration: '10 minutes' },
    },
  },
  /** `credentials-issued` records: a pass every 5 minutes while a campaign is in voting (web only). */
  issuedCounts: { intervalMs: 5 * 60 * 1000 },
} as const

export default votingConfig
