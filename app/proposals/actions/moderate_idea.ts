import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { audit, type AuditActor } from '#shared/audit'
import Idea, { type IdeaStatus } from '#proposals/models/idea'
import { invalid, type Invalid, type NotFound } from '#shared/actions'
import { withLockedIdea } from '#proposals/actions/locked_idea'
import { deliver, recordNotice, type PendingNotice } from '#proposals/services/notify'
import { carryFollowsOver, recordFollowerNotices } from '#proposals/services/follower_notices'
import { moveSupports } from '#proposals/actions/move_supports'

export type ModerateResult =
  { outcome: 'ok'; idea: Idea } | Invalid | NotFound | { outcome: 'not_allowed' }

/** Ideas a moderator may hide or merge (drafts are private; decided ideas stay). */
const MODERATABLE: readonly IdeaStatus[] = ['published', 'in_review', 'rejected']

export function isModeratable(status: IdeaStatus): boolean {
  return MODERATABLE.includes(status)
}

/** Hides an abusive idea with a reason its author sees. */
export async function hideIdea(actor: AuditActor, ideaId: number, reason: string) {
  const notices: PendingNotice[] = []
  const result: ModerateResult = await withLockedIdea(ideaId, async (idea, trx) => {
    if (!MODERATABLE.includes(idea.status)) return { outcome: 'not_allowed' as const }
    await hideLockedIdea(actor, idea, reason, trx, notices)
    return { outcome: 'ok' as const, idea }
  })
  await deliver(notices)
  return result
}

/** The hide step on an idea row locked by the caller (one idea, or a bulk action's batch). */
export async function hideLockedIdea(
  actor: AuditActor,
  idea: Idea,
  reason: string,
  trx: TransactionClientContract,
  notices: PendingNotice[]
) {
  const before = idea.status
  idea.statusBeforeHidden = idea.status
  idea.status = 'hidden'
  idea.hiddenReason = reason
  idea.useTransaction(trx)
  await idea.save()
  await trx.table('idea_moderations').insert({
    idea_id: idea.id,
    staff_user_id: actor.id,
    action: 'hide',
    reason,
    created_at: new Date(),
  })
  notices.push(await recordNotice(trx, idea, 'idea_hidden', { reason }))
  await audit.record(
    actor,
    'idea.hidden',
    { type: 'idea', id: idea.id },
    {
      before: { status: before },
      after: { status: 'hidden', reason },
    },
    { client: trx }
  )
}

/** Shows a hidden idea again (its former status comes back). */
export async function unhideIdea(actor: AuditActor, ideaId: number, reason: string) {
  const notices: PendingNotice[] = []
  const result: ModerateResult = await withLockedIdea(ideaId, async (idea, trx) => {
    if (idea.status !== 'hidden') return { outcome: 'not_allowed' as const }
    idea.status = idea.statusBeforeHidden ?? 'published'
    idea.statusBeforeHidden = null
    idea.hiddenReason = null
    idea.useTransaction(trx)
    await idea.save()
    await trx.table('idea_moderations').insert({
      idea_id: idea.id,
      staff_user_id: actor.id,
      action: 'unhide',
      reason,
      created_at: new Date(),
    })
    notices.push(await recordNotice(trx, idea, 'idea_unhidden'))
    await audit.record(
      actor,
      'idea.unhidden',
      { type: 'idea', id: idea.id },
      {
        after: { status: idea.status, reason },
      },
      { client: trx }
    )
    return { outcome: 'ok' as const, idea }
  })
  await deliver(notices)
  return result
}

/**
 * Merges a duplicate into another idea of the same campaign. Both rows are locked
 * (lower id first, so two crossing merges cannot deadlock); the target must be
 * visible and not itself merged. The duplicate's supports move to the target (one per
 * person, see `moveSupports`), whose threshold is re-evaluated.
 */
export async function mergeIdea(actor: AuditActor, ideaId: number, intoId: number, reason: string) {
  const notices: PendingNotice[] = []
  const result = await db.transaction(async (trx) => {
    if (ideaId === intoId) return invalid({ field: 'intoId', rule: 'merge_self' })
    const rows = await Idea.query({ client: trx })
      .whereIn('id', [ideaId, intoId])
      .orderBy('id')
      .forUpdate()
    const idea = rows.find((row) => row.id === ideaId)
    const into = rows.find((row) => row.id === intoId)
    if (!idea) return { outcome: 'not_found' as const }
    if (!MODERATABLE.includes(idea.status)) return { outcome: 'not_allowed' as const }
    const before = idea.status
    if (
      !into ||
      into.campaignId !== idea.campaignId ||
      !['published', 'in_review', 'on_ballot'].includes(into.status)
    ) {
      return invalid({ field: 'intoId', rule: 'merge_target' })
    }
    const campaign = await trx
      .from('campaigns')
      .where('id', idea.campaignId)
      .select('support_threshold')
      .firstOrFail()
    const supports = await moveSupports(trx, idea, into, campaign.support_threshold, notices)
    idea.status = 'merged'
    idea.mergedIntoId = into.id
    idea.useTransaction(trx)
    await idea.save()
    await trx.table('idea_moderations').insert({
      idea_id: idea.id,
      staff_user_id: actor.id,
      action: 'merge',
      reason,
      merged_into_id: into.id,
      created_at: new Date(),
    })
    notices.push(await recordNotice(trx, idea, 'idea_merged', { reason, intoTitle: into.title }))
    notices.push(
      ...(await recordFollowerNotices(trx, idea, 'followed_merged', { intoTitle: into.title }))
    )
    await carryFollowsOver(trx, idea.id, into.id)
    await audit.record(
      actor,
      'idea.merged',
      { type: 'idea', id: idea.id },
      {
        before: { status: before },
        after: { status: 'merged', mergedIntoId: into.id, reason, supports },
      },
      { client: trx }
    )
    return { outcome: 'ok' as const, idea }
  })
  await deliver(notices)
  return result
}
