import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Resident from '#identity/models/resident'
import { findPublic, isEligible, isIdeasOpen } from '#campaigns/campaign_service'
import IdeaSupport from '#proposals/models/idea_support'
import Idea from '#proposals/models/idea'
import { notFound, type NotFound } from '#shared/actions'
import { withLockedIdea } from '#proposals/actions/locked_idea'
import { deliver, recordNotice, type PendingNotice } from '#proposals/services/notify'
import { recordFollowerNotices } from '#proposals/services/follower_notices'
import { enqueueSupportRecord } from '#proposals/ledger_records'

export type SupportIdeaResult =
  | { outcome: 'ok'; supportCount: number; movedToReview: boolean }
  | NotFound
  | { outcome: 'already_supported' }
  | { outcome: 'closed' }
  | { outcome: 'not_supportable' }
  | { outcome: 'not_eligible'; reason: string }

/** Ideas that may gather supports. */
const SUPPORTABLE = ['published', 'in_review']

/**
 * A resident supports an idea. With the idea row locked: at most one active support
 * per person (also a partial unique index), the count goes up by exactly one, and the
 * support that reaches the campaign's threshold moves a published idea to review — once.
 * The support's time is the database clock's, to the microsecond.
 */
export default async function supportIdea(
  resident: Resident,
  ideaId: number
): Promise<SupportIdeaResult> {
  // The campaign and eligibility are read before the lock: a transaction waiting for
  // the idea's row must not need a second pool connection.
  const unlocked = await Idea.find(ideaId)
  const campaign = unlocked ? await findPublic(unlocked.campaignId) : null
  if (!unlocked || !campaign) return notFound
  if (!isIdeasOpen(campaign)) return { outcome: 'closed' }
  const eligibility = await isEligible(resident, campaign, { age: null })
  if (!eligibility.eligible && eligibility.reason !== 'age_unconfirmed') {
    return { outcome: 'not_eligible', reason: eligibility.reason }
  }
  const notices: PendingNotice[] = []
  const result = await withLockedIdea(ideaId, async (idea, trx) => {
    return supportLocked(idea, trx, resident, campaign.supportThreshold, notices)
  }).catch((error: { code?: string }) => {
    // The partial unique index is the last line of defence behind the row lock.
    if (error.code === UNIQUE_VIOLATION) return { outcome: 'already_supported' as const }
    throw error
  })
  await deliver(notices)
  return result
}

const UNIQUE_VIOLATION = '23505'

async function supportLocked(
  idea: Idea,
  trx: TransactionClientContract,
  resident: Resident,
  threshold: number,
  notices: PendingNotice[]
): Promise<SupportIdeaResult> {
  if (!SUPPORTABLE.includes(idea.status)) return { outcome: 'not_supportable' as const }
  const existing = await IdeaSupport.query({ client: trx })
    .where('ideaId', idea.id)
    .where('residentId', resident.id)
    .whereNull('withdrawnAt')
    .first()
  if (existing) return { outcome: 'already_supported' as const }

  const inserted = await trx.rawQuery(
    `INSERT INTO idea_supports (idea_id, resident_id, created_at) VALUES (?, ?, clock_timestamp())
     RETURNING created_at`,
    [idea.id, resident.id]
  )
  await enqueueSupportRecord(trx, idea, resident.id, 'sign', inserted.rows[0].created_at)
  idea.supportCount += 1
  const movedToReview =
    idea.status === 'published' && threshold > 0 && idea.supportCount >= threshold
  if (movedToReview) {
    idea.status = 'in_review'
    idea.reviewStartedAt = DateTime.now()
    notices.push(await recordNotice(trx, idea, 'idea_in_review', { supports: idea.supportCount }))
    notices.push(...(await recordFollowerNotices(trx, idea, 'followed_in_review')))
  }
  idea.useTransaction(trx)
  await idea.save()
  return { outcome: 'ok' as const, supportCount: idea.supportCount, movedToReview }
}
