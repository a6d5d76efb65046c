import { audit, type AuditActor } from '#shared/audit'
import { hasRole } from '#identity/staff_access'
import StaffUser from '#identity/models/staff_user'
import type Idea from '#proposals/models/idea'
import type { IdeaStatus } from '#proposals/models/idea'
import { invalid, type Invalid, type NotFound } from '#shared/actions'
import { withLockedIdea } from '#proposals/actions/locked_idea'
import type { ReviewInput } from '#proposals/validators/review_validators'
import { deliver, recordNotice, type PendingNotice } from '#proposals/services/notify'

/** Ideas experts look at. */
export const REVIEWABLE: readonly IdeaStatus[] = ['published', 'in_review']

/** An admin assigns an expert (holding the expert role for the campaign's community). */
export async function assignExpert(
  actor: AuditActor,
  idea: Idea,
  communityId: number,
  expertId: number
): Promise<{ outcome: 'ok' } | Invalid | NotFound | { outcome: 'not_allowed' }> {
  const expert = await StaffUser.find(expertId)
  if (!expert || !(await hasRole(expert, ['expert'], { communityId }))) {
    return invalid({ field: 'expertId', rule: 'not_an_expert' })
  }
  return withLockedIdea(idea.id, async (locked, trx) => {
    if (!REVIEWABLE.includes(locked.status)) return { outcome: 'not_allowed' as const }
    await trx.rawQuery(
      `INSERT INTO idea_expert_assignments (idea_id, expert_id, assigned_by_id, created_at)
       VALUES (?, ?, ?, now()) ON CONFLICT (idea_id, expert_id) DO NOTHING`,
      [locked.id, expert.id, actor.id] as unknown as number[]
    )
    await audit.record(
      actor,
      'idea.expert_assigned',
      { type: 'idea', id: locked.id },
      {
        after: { expertId: expert.id },
      },
      { client: trx }
    )
    return { outcome: 'ok' as const }
  })
}

/**
 * An assigned expert records (or revises) the review: cost estimate, feasibility
 * (an explanation is required when unfeasible — also a CHECK in the database), and
 * optionally a comment, public (the author and everyone see it) or internal.
 * The author is told once, when the idea gets its first unfeasible finding (a revised
 * explanation or a second expert agreeing is not news).
 */
export async function recordReview(
  actor: AuditActor & { id: number },
  ideaId: number,
  input: ReviewInput
): Promise<
  { outcome: 'ok' } | Invalid | NotFound | { outcome: 'not_assigned' } | { outcome: 'not_allowed' }
> {
  if (input.feasibility === 'unfeasible' && !input.explanation) {
    return invalid({ field: 'explanation', rule: 'explanation_required' })
  }
  const notices: PendingNotice[] = []
  const result = await withLockedIdea(ideaId, async (idea, trx) => {
    const assigned = await trx
      .from('idea_expert_assignments')
      .where('idea_id', idea.id)
      .where('expert_id', actor.id)
      .first()
    if (!assigned) return { outcome: 'not_assigned' as const }
    if (!REVIEWABLE.includes(idea.status)) return { outcome: 'not_allowed' as const }
    const alreadyUnfeasible = await trx
      .from('idea_reviews')
      .where('idea_id', idea.id)
      .where('feasibility', 'unfeasible')
      .first()
    await trx.rawQuery(
      `INSERT INTO idea_reviews (idea_id, expert_id, cost_estimate, feasibility, explanation, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, now(), now())
       ON CONFLICT (idea_id, expert_id) DO UPDATE SET cost_estimate = EXCLUDED.cost_estimate,
         feasibility = EXCLUDED.feasibility, explanation = EXCLUDED.explanation, updated_at = now()`,
      [
        idea.id,
        actor.id,
        input.costEstimate ?? null,
        input.feasibility,
        input.explanation ?? null,
      ] as unknown as string[]
    )
    if (input.comment) {
      await trx.table('idea_comments').insert({
        idea_id: idea.id,
        staff_user_id: actor.id,
        body: input.comment,
        visibility: input.commentVisibility ?? 'internal',
        created_at: new Date(),
      })
    }
    await audit.record(
      actor,
      'idea.reviewed',
      { type: 'idea', id: idea.id },
      {
        after: {
          costEstimate: input.costEstimate ?? null,
          feasibility: input.feasibility,
          explanation: input.explanation ?? null,
          comment: input.comment ? (input.commentVisibility ?? 'internal') : null,
        },
      },
      { client: trx }
    )
    if (input.feasibility === 'unfeasible' && !alreadyUnfeasible) {
      notices.push(
        await recordNotice(trx, idea, 'idea_unfeasible', { explanation: input.explanation! })
      )
    }
    return { outcome: 'ok' as const }
  })
  await deliver(notices)
  return result
}
