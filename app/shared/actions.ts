/*
| What every module's actions (commands) share: their failure results as values, and running a
| command with its row locked. Controllers turn the results into answers
| (`#shared/controllers/responses`).
*/
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { LucidModel } from '@adonisjs/lucid/types/model'

/** A field error of an action, as a code: the controller localizes `<module>.errors.<rule>`. */
export interface FieldError {
  field: string
  rule: string
  meta?: Record<string, string | number>
}

export type Invalid = { outcome: 'invalid'; errors: FieldError[] }
export type NotFound = { outcome: 'not_found' }

export const notFound: NotFound = { outcome: 'not_found' }
export function invalid(...errors: FieldError[]): Invalid {
  return { outcome: 'invalid', errors }
}

/**
 * Runs `work` in a transaction with the row of `model` matching `where` locked
 * (`SELECT … FOR UPDATE`): concurrent commands on one row (two admins, a double-submitted
 * form, the scheduler) apply one after the other against fresh data — Decidim's fix for
 * double-spent budgets (#873/#12553). Returns `not_found` when no row matches.
 */
export async function withLockedRow<Model extends LucidModel, T>(
  model: Model,
  where: Record<string, number>,
  work: (row: InstanceType<Model>, trx: TransactionClientContract) => Promise<T>
): Promise<T | NotFound> {
  return db.transaction(async (trx) => {
    const query = model.query({ client: trx })
    for (const [column, value] of Object.entries(where)) query.where(column, value)
    const row = await query.forUpdate().first()
    if (!row) return notFound
    return work(row, trx)
  })
}
