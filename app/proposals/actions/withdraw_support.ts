import type Resident from '#identity/models/resident'
import { findPublic, isIdeasOpen } from '#campaigns/campaign_service'
import IdeaSupport from '#proposals/models/idea_support'
import Idea from '#proposals/models/idea'
import { notFound, type NotFound } from '#shared/actions'
import { withLockedIdea } from '#proposals/actions/locked_idea'
import { enqueueSupportRecord } from '#proposals/ledger_records'

export type WithdrawSupportResult =
  | { outcome: 'ok'; supportCount: number }
  | NotFound
  | { outcome: 'not_supported' }
  | { outcome: 'closed' }

/**
 * Withdraws the resident's support, only while the campaign's ideas stage lasts.
 * An idea already moved to review stays there (the move happens once).
 */
export default async function withdrawSupport(
  resident: Resident,
  ideaId: number
): Promise<WithdrawSupportResult> {
  const unlocked = await Idea.find(ideaId)
  const campaign = unlocked ? await findPublic(unlocked.campaignId) : null
  if (!unlocked || !campaign) return notFound
  if (!isIdeasOpen(campaign)) return { outcome: 'closed' }
  return withLockedIdea(ideaId, async (idea, trx) => {
    const support = await IdeaSupport.query({ client: trx })
      .where('ideaId', idea.id)
      .where('residentId', resident.id)
      .whereNull('withdrawnAt')
      .forUpdate()
      .first()
    if (!support) return { outcome: 'not_supported' as const }
    const updated = await trx.rawQuery(
      'UPDATE idea_supports SET withdrawn_at = clock_timestamp() WHERE id = ? RETURNING withdrawn_at',
      [support.id]
    )
    await enqueueSupportRecord(trx, idea, resident.id, 'withdraw', updated.rows[0].withdrawn_at)
    idea.supportCount -= 1
    idea.useTransaction(trx)
    await idea.save()
    return { outcome: 'ok' as const, supportCount: idea.supportCount }
  })
}
