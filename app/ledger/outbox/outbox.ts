import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { txHashOf, type LedgerClient } from '#ledger/ledger_client'
import { ledgerClient, ledgerSettings } from '#ledger/ledger'
import { txKindOf } from '@civic-budget/protocol/tx'

/*
| The durable outbox (table `ledger_outbox`).
|
| Invariants:
| - `enqueue` writes in the caller's transaction: the record is queued iff the caller's change commits;
| - one row per tx_hash (enqueueing the same bytes again returns the existing row);
| - a row leaves `queued`/`submitted` only for `committed` (with its height) or `rejected` (with the
|   replicas' reason, logged as an error: a refused tx is final); ledger trouble only bumps
|   `attempts`, `last_error` and `next_attempt_at` (exponential back-off, capped) — nothing is
|   dropped and nothing throws at the writer;
| - a row is claimed with a lease (`next_attempt_at` moved forward in the claiming statement, rows
|   locked with SKIP LOCKED), so concurrent workers (web preload + `ledger:flush`) never process it twice
|   at once, and a crashed worker's rows come back when the lease ends.
*/
export type OutboxStatus = 'queued' | 'submitted' | 'committed' | 'rejected'

export interface OutboxRow {
  id: number
  kind: string
  txHash: string
  status: OutboxStatus
  attempts: number
  lastError: string | null
  committedHeight: number | null
}

export interface EnqueueResult {
  id: number
  txHash: string
  created: boolean
}

export async function enqueue(
  kind: string,
  txBytes: Uint8Array,
  trx: QueryClientContract
): Promise<EnqueueResult> {
  const actualKind = txKindOf(txBytes)
  if (actualKind !== kind) throw new Error(`assertion: tx kind ${actualKind}, enqueued as ${kind}`)
  const txHash = txHashOf(txBytes)
  const inserted = await trx
    .insertQuery()
    .table('ledger_outbox')
    .insert({ kind, payload: Buffer.from(txBytes), tx_hash: txHash, status: 'queued' })
    .knexQuery.onConflict('tx_hash')
    .ignore()
    .returning('id')
  if (inserted.length > 0) return { id: Number(inserted[0].id), txHash, created: true }
  const existing = await trx.from('ledger_outbox').where('tx_hash', txHash).select('id').first()
  if (!existing) throw new Error(`assertion: outbox row ${txHash} neither inserted nor found`)
  return { id: Number(existing.id), txHash, created: false }
}

function toRow(r: any): OutboxRow {
  return {
    id: Number(r.id),
    kind: r.kind,
    txHash: r.tx_hash,
    status: r.status,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    committedHeight: r.committed_height === null ? null : Number(r.committed_height),
  }
}

export async function outboxRow(txHash: string): Promise<OutboxRow | null> {
  const row = await db.from('ledger_outbox').where('tx_hash', txHash).first()
  return row ? toRow(row) : null
}

/** What the staff dashboard shows: counts per status and the oldest record still waiting. */
export async function outboxBacklog() {
  const counts = await db.from('ledger_outbox').select('status').count('* as n').groupBy('status')
  const byStatus: Record<OutboxStatus, number> = {
    queued: 0,
    submitted: 0,
    committed: 0,
    rejected: 0,
  }
  for (const c of counts) byStatus[c.status as OutboxStatus] = Number(c.n)
  const oldest = await db
    .from('ledger_outbox')
    .whereIn('status', ['queued', 'submitted'])
    .orderBy('id')
    .select('tx_hash', 'kind', 'attempts', 'last_error', 'created_at')
    .first()
  return {
    ...byStatus,
    oldestWaiting: oldest
      ? {
          txHash: oldest.tx_hash,
          kind: oldest.kind,
          attempts: Number(oldest.attempts),
          lastError: oldest.last_error,
          createdAt: oldest.created_at,
        }
      : null,
  }
}

export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30)
  return Math.min(baseMs * 2 ** exponent, maxMs)
}

export interface FlushOptions {
  client?: LedgerClient
  batchSize?: number
  commitWaitMs?: number
  now?: Date
}

export interface FlushSummary {
  claimed: number
  committed: number
  rejected: number
  submitted: number
  retrying: number
}

async function claimDue(batchSize: number, leaseMs: number, now: Date) {
  const leaseUntil = new Date(now.getTime() + leaseMs)
  const result = await db.rawQuery(
    `UPDATE ledger_outbox SET next_attempt_at = ?, updated_at = ?
       WHERE id IN (SELECT id FROM ledger_outbox
                     WHERE status IN ('queued', 'submitted') AND next_attempt_at <= ?
                     ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
       RETURNING id, kind, payload, tx_hash, status, attempts`,
    [leaseUntil, now, now, batchSize]
  )
  return (result.rows as any[]).sort((a, b) => Number(a.id) - Number(b.id))
}

/**
 * One pass: claims up to `batchSize` due rows, submits queued ones to every replica, waits a bounded
 * time for each to commit and records the verdict. Never throws for ledger trouble.
 */
export async function flushOutbox(options: FlushOptions = {}): Promise<FlushSummary> {
  const settings = ledgerSettings().outbox
  const client = options.client ?? ledgerClient()
  const batchSize = Math.min(Math.max(options.batchSize ?? settings.batchSize, 1), 1000)
  const commitWaitMs = options.commitWaitMs ?? settings.commitWaitMs
  const now = options.now ?? new Date()
  const rows = await claimDue(batchSize, settings.leaseMs, now)
  const summary: FlushSummary = {
    claimed: rows.length,
    committed: 0,
    rejected: 0,
    submitted: 0,
    retrying: 0,
  }

  const retryLater = async (row: any, error: string, countAttempt: boolean) => {
    const attempts = Number(row.attempts) + (countAttempt ? 1 : 0)
    const delay = backoffMs(Math.max(attempts, 1), settings.backoffBaseMs, settings.backoffMaxMs)
    await db
      .from('ledger_outbox')
      .where('id', row.id)
      .update({
        attempts,
        last_error: error.slice(0, 2000),
        next_attempt_at: new Date(Date.now() + delay),
        updated_at: new Date(),
      })
    summary.retrying++
  }
  // Final: a refused tx is never resubmitted, so the refusal is logged loudly, not only stored.
  const markRejected = async (row: any, reason: string) => {
    logger.error(
      { kind: row.kind, txHash: row.tx_hash, reason },
      `ledger replicas refused a ${row.kind} tx; it will not be resubmitted`
    )
    await db
      .from('ledger_outbox')
      .where('id', row.id)
      .update({ status: 'rejected', last_error: reason.slice(0, 2000), updated_at: new Date() })
    summary.rejected++
  }

  for (const row of rows) {
    try {
      if (row.status === 'queued') {
        const result = await client.submit(new Uint8Array(row.payload))
        if (result.txHash !== row.tx_hash) throw new Error('assertion: stored tx_hash mismatch')
        if (result.outcome === 'rejected') {
          await markRejected(row, result.reason)
          continue
        }
        if (result.outcome === 'unavailable') {
          await retryLater(row, result.message, true)
          continue
        }
        await db
          .from('ledger_outbox')
          .where('id', row.id)
          .update({ status: 'submitted', submitted_at: new Date(), updated_at: new Date() })
        row.status = 'submitted'
      }
      const status = await client.awaitCommit(row.tx_hash, commitWaitMs)
      if (status.status === 'committed') {
        await db.from('ledger_outbox').where('id', row.id).update({
          status: 'committed',
          committed_height: status.height,
          committed_at: new Date(),
          last_error: null,
          updated_at: new Date(),
        })
        summary.committed++
      } else if (status.status === 'rejected') {
        await markRejected(row, status.reason)
      } else if (status.status === 'unknown') {
        // No replica knows it (lost from mempools, e.g. a restart): submit the same bytes again.
        await db
          .from('ledger_outbox')
          .where('id', row.id)
          .update({ status: 'queued', updated_at: new Date() })
        await retryLater(row, 'not known to any replica; will resubmit', true)
      } else {
        summary.submitted++
        await retryLater(row, 'submitted; waiting for commit', false)
      }
    } catch (error) {
      await retryLater(row, `worker error: ${(error as Error).message}`, true)
    }
  }
  return summary
}
