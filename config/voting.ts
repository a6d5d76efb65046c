/*
| Voting module settings: the voting page, credential issuance (rate limits use the database limiter store, table
| rate_limits, shared by every app node) and ballot intake (bounds: app/voting/README.md).
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
      /**
       * Per resident, per clock hour (a resident needs one, a retry or two). Clock hours, not a
       * sliding window: no exact request time is stored (app/voting/credential_limits.ts).
       */
      perResidentHour: { requests: 30 },
      /** Per client IP and clock hour, all residents behind it together (a shared NAT, a library). */
      perIpHour: { requests: 3600 },
      /** Per terminal token: a kiosk or a bank serves many people (no per-IP limit for them). */
      perTerminal: { requests: 1200, duration: '1 minute' },
      /** Unknown / revoked terminal tokens per client IP, before that IP is refused outright. */
      terminalAuthFailuresPerIp: { requests: 20, duration: '10 minutes' },
    },
  },
  /**
   * Paper-ballot checks (preview and import) per staff member: each tells the admin which voters
   * of a list already voted (app/voting/README.md "Paper ballots").
   */
  paper: { checksPerStaff: { requests: 20, duration: '1 hour' } },
  /** `credentials-issued` records: a pass every 5 minutes while a campaign is in voting (web only). */
  issuedCounts: { intervalMs: 5 * 60 * 1000 },
  /** `credential_issuances` rewritten in random order, when it grew, every minute (web only). */
  issuanceOrder: { intervalMs: 60 * 1000 },
  intake: {
    /** A batch goes to the verifiers and the ledger at this many ballots… */
    batchSize: 256,
    /** …or this long after its first ballot, whichever comes first. */
    batchDelayMs: 15,
    /**
     * How long POST /ballots waits for its batch's commit before answering 202 pending (the
     * receipt is pushed in the answer; admission keeps the normal wait far below this).
     */
    responseWaitMs: 15_000,
    /** The longest GET /ballots/:hash?wait=<s> may hold a pending ballot (long poll). */
    statusWaitMs: 25_000,
    /** GET /ballots/:hash without `?wait`: how long it holds a pending ballot. */
    statusDefaultWaitMs: 2_000,
    /** How long the pipeline follows a submitted batch; later, GET /ballots/:hash catches up. */
    followMs: 60_000,
    /** Status polling interval while following a batch. */
    pollMs: 150,
    /** A submitted ballot no replica knows after this long is submitted again (same bytes). */
    resubmitAfterMs: 3_000,
    /**
     * Bounded admission (app/voting/intake/admission.ts): ballots in flight on this node are
     * capped at (commit rate of the last 3 s) × (base latency + admissionTargetMs), and never
     * below admissionFloor; the rest get 503 at once. The target is the queueing a ballot may
     * meet; the floor is what a cold node admits (measured: 64 in flight on a starved machine
     * committing 5/s meant 13 s in the queue).
     */
    admissionTargetMs: 1_000,
    admissionFloor: 32,
    /** Hard caps: ballots admitted and not yet settled (mailbox, batch, on their way). */
    maxPendingPerCampaign: 4_096,
    maxPendingGlobal: 16_384,
    /** Retry-After of 503 answers. */
    retryAfterSeconds: 2,
    /** Request body cap of POST /ballots (the global JSON limit is far larger). */
    bodyLimitBytes: 16 * 1024,
    /** Signature verification threads (piscina) and the queue of batches waiting for one. */
    verifyThreads: 1,
    verifyQueue: 64,
    /** How long one request may spend trying to get the campaign tx committed first. */
    campaignFlushWaitMs: 3_000,
  },
} as const

export default votingConfig
