import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Idea from '#proposals/models/idea'
import { recordNotice, type PendingNotice } from '#proposals/services/notify'
import { recordFollowerNotices } from '#proposals/services/follower_notices'
import { enqueueSupportRecord } from '#proposals/ledger_records'

export interface MovedSupports {
  /** supports of the duplicate now counted on the target */
  moved: number
  /** people who supported both: the later of their two supports was closed */
  duplicates: number
  targetCountBefore: number
  targetCountAfter: number
  targetMovedToReview: boolean
}

/**
 * Moves the active supports of `from` (a duplicate being merged) to `into`, both rows
 * locked by the caller. One support per person: when someone supported both, the earlier
 * support stays active (moved, if it was the duplicate's) and the later one is closed
 * (`withdrawn_at` = now), so the person counts once with their first time. Moved rows keep
 * their time and remember `moved_from_idea_id`. Both counts are recomputed from the rows;
 * the target's threshold is re-evaluated like a new support's (a published idea that
 * reaches it goes to review, its author is told). The ledger sees the same story in support
 * records: a closed support is withdrawn now; a moved one is withdrawn from the duplicate now
 * and signed on the target at its original time.
 */
export async function moveSupports(
  trx: TransactionClientContract,
  from: Idea,
  into: Idea,
  threshold: number,
  notices: PendingNotice[]
): Promise<MovedSupports> {
  const targetCountBefore = into.supportCount
  const closed = await trx.rawQuery(
    `WITH pairs AS (
       SELECT a.id AS a_id, b.id AS b_id, a.created_at AS a_at, b.created_at AS b_at
       FROM idea_supports a
       JOIN idea_supports b ON b.resident_id = a.resident_id
       WHERE a.idea_id = :from AND b.idea_id = :into
         AND a.withdrawn_at IS NULL AND b.withdrawn_at IS NULL
     )
     UPDATE idea_supports s SET withdrawn_at = clock_timestamp()
     FROM pairs
     WHERE s.id = CASE WHEN pairs.a_at < pairs.b_at THEN pairs.b_id ELSE pairs.a_id END
     RETURNING s.idea_id, s.resident_id, s.withdrawn_at`,
    { from: from.id, into: into.id }
  )
  const moved = await trx.rawQuery(
    `UPDATE idea_supports SET idea_id = :into, moved_from_idea_id = :from
     WHERE idea_id = :from AND withdrawn_at IS NULL RETURNING resident_id, created_at`,
    { from: from.id, into: into.id }
  )
  const now = new Date()
  for (const row of closed.rows) {
    const idea = row.idea_id === from.id ? from : into
    await enqueueSupportRecord(trx, idea, row.resident_id, 'withdraw', row.withdrawn_at)
  }
  for (const row of moved.rows) {
    await enqueueSupportRecord(trx, from, row.resident_id, 'withdraw', now)
    await enqueueSupportRecord(trx, into, row.resident_id, 'sign', row.created_at)
  }
  from.supportCount = await activeSupports(trx, from.id)
  into.supportCount = await activeSupports(trx, into.id)
  const targetMovedToReview =
    into.status === 'published' && threshold > 0 && into.supportCount >= threshold
  if (targetMovedToReview) {
    into.status = 'in_review'
    into.reviewStartedAt = DateTime.now()
    notices.push(await recordNotice(trx, into, 'idea_in_review', { supports: into.supportCount }))
    notices.push(...(await recordFollowerNotices(trx, into, 'followed_in_review')))
  }
  into.useTransaction(trx)
  await into.save()
  return {
    moved: moved.rowCount,
    duplicates: closed.rowCount,
    targetCountBefore,
    targetCountAfter: into.supportCount,
    targetMovedToReview,
  }
}

async function activeSupports(trx: TransactionClientContract, ideaId: number): Promise<number> {
  const [row] = await trx
    .from('idea_supports')
    .where('idea_id', ideaId)
    .whereNull('withdrawn_at')
    .count('* as total')
  return Number(row.total)
}
