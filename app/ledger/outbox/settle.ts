import db from '@adonisjs/lucid/services/db'
import { flushOutbox } from '#ledger/outbox/outbox'

/*
| For work that needs its records on the ledger before its next step and cannot wait for the web
| worker's pass and back-off (the demo seeder's key ceremony, the demo trustees, tests on a real
| cluster): outbox passes that claim every waiting row whatever its back-off, until none is left or
| the time is up.
*/
export interface SettleOptions {
  timeoutMs?: number
  /** How far ahead a pass claims: past a first retry's back-off (a cluster just started, no leader). */
  aheadMs?: number
}

export interface Settled {
  /** No row waits any more (each committed or rejected). */
  settled: boolean
  /** Rows the replicas refused during these passes. */
  rejected: number
}

export async function settleOutbox(options: SettleOptions = {}): Promise<Settled> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  const aheadMs = options.aheadMs ?? 60_000
  let rejected = 0
  for (;;) {
    const [row] = await db
      .from('ledger_outbox')
      .whereIn('status', ['queued', 'submitted'])
      .count('* as n')
    if (Number(row.n) === 0) return { settled: true, rejected }
    if (Date.now() >= deadline) return { settled: false, rejected }
    const pass = await flushOutbox({ commitWaitMs: 10_000, now: new Date(Date.now() + aheadMs) })
    rejected += pass.rejected
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
