/*
| Where `node ace test` runs when the environment does not say: a database of its own per checkout
| (bin/test.ts, before the app reads its environment: two checkouts' runs on one machine would
| otherwise migrate, truncate and roll back each other's tables) and an HTTP port found free when
| a suite starts its server (tests/bootstrap.ts; .env.test's 3334 when nothing else holds it).
*/
import { createHash } from 'node:crypto'
import { checkoutRoot } from './children.js'
import { findFreePorts } from './ports.js'

export const PREFERRED_TEST_PORT = 3334

/** 8 hex digits of the checkout's path: names this checkout's test databases. */
export function checkoutTag(root = checkoutRoot) {
  return createHash('sha256').update(root).digest('hex').slice(0, 8)
}

/** `civic_budget_test_<checkoutTag>`. */
export function testDatabaseName(root = checkoutRoot) {
  return `civic_budget_test_${checkoutTag(root)}`
}

/** Sets DATABASE_URL in process.env unless it is set already (process env wins). */
export function prepareTestEnv() {
  process.env.DATABASE_URL ??= `postgres://postgres@127.0.0.1:5432/${testDatabaseName()}`
}

/**
 * Starts the suite's HTTP server (`start`, which listens on process.env.PORT) on a free port: the
 * preferred one (PORT, else 3334) when free, else another (reported). The port is chosen right
 * before listening — a port found free when the run began may be taken by the time a suite starts
 * — and a port taken between the probe and the listen (another run's probe at the same moment) is
 * retried elsewhere. Returns what `start` returns (the server's close function).
 */
export async function startOnFreePort(start) {
  process.env.PORT ??= String(PREFERRED_TEST_PORT)
  for (let attempt = 1; ; attempt++) {
    process.env.PORT = String(
      await findFreePorts(Number(process.env.PORT), [0], 'test HTTP server')
    )
    try {
      return await start()
    } catch (error) {
      if (attempt >= 3 || error.code !== 'EADDRINUSE') throw error
      console.warn(`[test HTTP server] port ${process.env.PORT} was taken meanwhile: retrying`)
    }
  }
}
