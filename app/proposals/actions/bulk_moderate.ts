import db from '@adonisjs/lucid/services/db'
import { audit, type AuditActor } from '#shared/audit'
import { invalid, type Invalid } from '#shared/actions'
import Idea, { type IdeaStatus } from '#proposals/models/idea'
import { deliver, type PendingNotice } from '#proposals/services/notify'
import { hideLockedIdea, isModeratable } from '#proposals/actions/moderate_idea'

export type BulkAction = 'approve' | 'hide'

export interface BulkModerationInput {
  action: BulkAction
  ideaIds: number[]
  /** Required to hide (the authors are told); an optional note to approve. */
  reason?: string
}

export type BulkModerationResult = { outcome: 'ok'; count: number } | Invalid

/** Ideas a moderator may approve: visible and not yet decided. */
const APPROVABLE: readonly IdeaStatus[] = ['published', 'in_review']

/**
 * The moderation queue's bulk action on ideas of one campaign, all or nothing: every idea is
 * locked (ascending id, so two crossing batches cannot deadlock) and checked before any changes —
 * an id of another campaign or an idea in a status the action does not apply to refuses the
 * whole batch. `approve` records that a moderator kept the idea (it leaves the "to moderate"
 * filter); `hide` is the single hide for each idea (reason to the author, notice, audit).
 */
export async function moderateIdeas(
  actor: AuditActor,
  campaignId: number,
  input: BulkModerationInput
): Promise<BulkModerationResult> {
  const reason = input.reason?.trim() ?? ''
  if (input.action === 'hide' && reason.length === 0)
    return invalid({ field: 'reason', rule: 'bulk_reason_required' })
  const ids = [...new Set(input.ideaIds)]
  const notices: PendingNotice[] = []
  const result = await db.transaction(async (trx) => {
    const ideas = await Idea.query({ client: trx }).whereIn('id', ids).orderBy('id').forUpdate()
    if (ideas.length !== ids.length || ideas.some((idea) => idea.campaignId !== campaignId))
      return invalid({ field: 'ideaIds', rule: 'bulk_unknown_idea' })
    const applies = (status: IdeaStatus) =>
      input.action === 'hide' ? isModeratable(status) : APPROVABLE.includes(status)
    const refused = ideas.filter((idea) => !applies(idea.status)).map((idea) => idea.id)
    if (refused.length > 0)
      return invalid({
        field: 'ideaIds',
        rule: 'bulk_wrong_status',
        meta: { ids: refused.map((id) => `#${id}`).join(', ') },
      })
    for (const idea of ideas) {
      if (input.action === 'hide') {
        await hideLockedIdea(actor, idea, reason, trx, notices)
        continue
      }
      await trx.table('idea_moderations').insert({
        idea_id: idea.id,
        staff_user_id: actor.id,
        action: 'approve',
        reason,
        created_at: new Date(),
      })
      await audit.record(
        actor,
        'idea.moderation_approved',
        { type: 'idea', id: idea.id },
        { after: { status: idea.status, note: reason } },
        { client: trx }
      )
    }
    return { outcome: 'ok' as const, count: ideas.length }
  })
  await deliver(notices)
  return result
}
