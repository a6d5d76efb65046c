import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { withLockedRow, type NotFound } from '#shared/actions'
import Idea from '#proposals/models/idea'

/**
 * Runs `work` with the idea row locked: concurrent commands on one idea (double-submitted
 * supports, two moderators) run one after the other against fresh data.
 */
export function withLockedIdea<T>(
  ideaId: number,
  work: (idea: Idea, trx: TransactionClientContract) => Promise<T>
): Promise<T | NotFound> {
  return withLockedRow(Idea, { id: ideaId }, work)
}
