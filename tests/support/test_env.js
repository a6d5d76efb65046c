/*
| Where `node ace test` runs when the environment does not say (bin/test.ts calls this before the
| app reads its environment): a database of its own per checkout (two checkouts' runs on one
| machine would otherwise migrate, truncate and roll back each other's tables) and an HTTP port
| found free (.env.test's 3334 when nothing else holds it).
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

/** Sets DATABASE_URL and PORT in process.env unless they are set already (process env wins). */
export async function prepareTestEnv() {
  process.env.DATABASE_URL ??= `postgres://postgres@127.0.0.1:5432/${testDatabaseName()}`
  const preferred = Number(process.env.PORT ?? PREFERRED_TEST_PORT)
  process.env.PORT = String(await findFreePorts(preferred, [0], 'test HTTP server'))
}
