import db from '@adonisjs/lucid/services/db'
import { flushOutbox } from '#ledger/outbox/outbox'

/*
| For work that needs its records on the ledger before its next step and cannot wait for the web
| worker's pass and back-off (the demo seeder's key ceremony, the demo trustees): outbox passes
| that claim every waiting row whatever its back-off, until none is left or the time is up.
*/
/** How far ahead a pass claims: past a first retry's back-off, not long enough to park a row. */
const AHEAD_MS = 60_000

/** True when no row waits (each committed or rejected); false when rows still wait at the deadline. */
export async function settleOutbox(timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const [row] = await db
      .from('ledger_outbox')
      .whereIn('status', ['queued', 'submitted'])
      .count('* as n')
    if (Number(row.n) === 0) return true
    if (Date.now() >= deadline) return false
    // rows backing off after a pass without a leader (a cluster just started) are claimed too
    await flushOutbox({ commitWaitMs: 10_000, now: new Date(Date.now() + AHEAD_MS) })
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
