import env from '#start/env'

/*
| Webhooks and notices to residents (app/notifications/README.md).
*/
const notificationsConfig = {
  webhooks: {
    /** One POST may take this long (connect + answer) before it counts as failed. */
    timeoutMs: env.get('WEBHOOK_TIMEOUT_MS') ?? 10_000,
    /** Attempts before a delivery is given up (`failed`). */
    attemptsMax: env.get('WEBHOOK_ATTEMPTS_MAX') ?? 8,
    /** Backoff before attempt n+1: base · 2^(n-1), capped, plus up to 20 % jitter. */
    backoffBaseMs: 10_000,
    backoffMaxMs: 6 * 60 * 60 * 1000,
    /** A worker's claim on a delivery; longer than timeoutMs, so a live worker never loses it. */
    leaseMs: 60_000,
    /** Deliveries one worker tick claims at most. */
    batchMax: 20,
    /** How often the web server's worker looks for due deliveries. */
    intervalMs: 5_000,
  },
  notices: {
    /** Notices (SMS + e-mail) sent per minute at most, over all app nodes (SMS operators throttle). */
    perMinute: env.get('NOTICES_PER_MINUTE') ?? 60,
    /** Attempts before a notice is given up (`failed`). */
    attemptsMax: 5,
    /** A sender's claim on a notice; a crashed sender's rows are taken again after it. */
    leaseMs: 2 * 60_000,
    /** Wait before retrying a notice whose sending failed. */
    retryAfterMs: 5 * 60_000,
    intervalMs: 10_000,
  },
}

export default notificationsConfig
