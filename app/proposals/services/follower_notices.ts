/*
| Followers of an idea hear of its status changes (in review, merged, on the ballot, rejected,
| funded): one in-app notice each in the decision's transaction and one SMS after the commit, in
| their own locale (`deliver`). The author is not a follower here — they get their own notice.
*/
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Idea from '#proposals/models/idea'
import {
  recordNoticeTo,
  type FollowerNoticeKind,
  type PendingNotice,
} from '#proposals/services/notify'

export async function recordFollowerNotices(
  trx: TransactionClientContract,
  idea: Pick<Idea, 'id' | 'title' | 'authorId'>,
  kind: FollowerNoticeKind,
  params: Record<string, string | number> = {}
): Promise<PendingNotice[]> {
  const followers = await trx
    .from('idea_follows')
    .join('residents', 'residents.id', 'idea_follows.resident_id')
    .where('idea_follows.idea_id', idea.id)
    .whereNot('idea_follows.resident_id', idea.authorId)
    .whereNull('residents.deleted_at')
    .orderBy('idea_follows.resident_id')
    .select('idea_follows.resident_id')
  const notices: PendingNotice[] = []
  for (const { resident_id: residentId } of followers) {
    notices.push(await recordNoticeTo(trx, residentId, idea, kind, params))
  }
  return notices
}

/** A merge: the duplicate's followers now follow the idea it was merged into. */
export async function carryFollowsOver(
  trx: TransactionClientContract,
  fromIdeaId: number,
  intoIdeaId: number
): Promise<void> {
  await trx.rawQuery(
    `INSERT INTO idea_follows (idea_id, resident_id)
     SELECT ?, resident_id FROM idea_follows WHERE idea_id = ?
     ON CONFLICT DO NOTHING`,
    [intoIdeaId, fromIdeaId]
  )
}
