import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Idea from '#proposals/models/idea'

/** A field error of an action as a code; the controller localizes `proposals.errors.<rule>`. */
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
 * Runs `work` in a transaction with the idea row locked (`SELECT … FOR UPDATE`):
 * concurrent commands on one idea (double-submitted supports, two moderators)
 * run one after the other against fresh data (Decidim #873/#12553).
 */
export async function withLockedIdea<T>(
  ideaId: number,
  work: (idea: Idea, trx: TransactionClientContract) => Promise<T>
): Promise<T | NotFound> {
  return db.transaction(async (trx) => {
    const idea = await Idea.query({ client: trx }).where('id', ideaId).forUpdate().first()
    if (!idea) return notFound
    return work(idea, trx)
  })
}
