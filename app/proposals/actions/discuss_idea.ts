/*
| Residents discuss an idea: a comment or a reply, a report of someone's comment. Both are
| rate-limited per resident and hour (`rate_limits`, keyed by an HMAC of the resident id); a
| refused request (bad parent, hidden idea, over the limit) writes nothing and spends nothing.
*/
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import type Resident from '#identity/models/resident'
import { findPublic } from '#campaigns/campaign_service'
import Idea, { type IdeaStatus } from '#proposals/models/idea'
import { invalid, notFound, type Invalid, type NotFound } from '#shared/actions'
import { rateLimitKey } from '#shared/rate_limit_keys'
import { cityDay } from '#shared/city_time'
import type { CommentInput } from '#proposals/validators/discussion_validators'

/** Comments and reports a resident may write per hour. */
export const COMMENTS_PER_HOUR = 10
export const REPORTS_PER_HOUR = 20

/** Ideas open for discussion (drafts are private; hidden and merged ideas are closed). */
export const COMMENTABLE: readonly IdeaStatus[] = [
  'published',
  'in_review',
  'on_ballot',
  'rejected',
]

type TooMany = { outcome: 'too_many'; retryAfterSeconds: number }

export type PostCommentResult =
  { outcome: 'ok'; id: number } | Invalid | NotFound | TooMany | { outcome: 'not_commentable' }

export type ReportCommentResult =
  | { outcome: 'ok' }
  | NotFound
  | TooMany
  | { outcome: 'already_reported' }
  | { outcome: 'own_comment' }

export async function postComment(
  resident: Resident,
  ideaId: number,
  input: CommentInput
): Promise<PostCommentResult> {
  const idea = await Idea.find(ideaId)
  if (!idea || !(await findPublic(idea.campaignId))) return notFound
  if (!COMMENTABLE.includes(idea.status)) return { outcome: 'not_commentable' }
  let parentId: number | null = null
  if (input.parentId !== undefined) {
    const parent = await db
      .from('idea_discussion_comments')
      .where('id', input.parentId)
      .where('idea_id', idea.id)
      .first()
    if (!parent) return invalid({ field: 'parentId', rule: 'unknown_comment' })
    if (parent.hidden_reason !== null) return invalid({ field: 'parentId', rule: 'comment_hidden' })
    // One level of replies: a reply to a reply joins the thread of its top-level comment.
    parentId = parent.parent_id ?? parent.id
  }
  const spent = await spend(commentLimiters().comments, 'comment:resident', resident)
  if (spent) return spent
  const [row] = await db
    .table('idea_discussion_comments')
    .insert({
      idea_id: idea.id,
      parent_id: parentId,
      author_id: resident.id,
      body: input.body,
      // The city's day, not the database's (CURRENT_DATE follows its session time zone).
      created_on: cityDay(DateTime.utc()),
    })
    .returning('id')
  return { outcome: 'ok', id: row.id }
}

export async function reportComment(
  resident: Resident,
  commentId: number,
  reason: string
): Promise<ReportCommentResult> {
  const comment = await db
    .from('idea_discussion_comments')
    .join('ideas', 'ideas.id', 'idea_discussion_comments.idea_id')
    .where('idea_discussion_comments.id', commentId)
    .whereNull('idea_discussion_comments.hidden_reason')
    .whereIn('ideas.status', [...COMMENTABLE])
    .select('idea_discussion_comments.author_id', 'ideas.campaign_id')
    .first()
  if (!comment || !(await findPublic(comment.campaign_id))) return notFound
  if (comment.author_id === resident.id) return { outcome: 'own_comment' }
  const already = await db
    .from('idea_comment_reports')
    .where('comment_id', commentId)
    .where('resident_id', resident.id)
    .first()
  if (already) return { outcome: 'already_reported' }
  const spent = await spend(commentLimiters().reports, 'comment-report:resident', resident)
  if (spent) return spent
  const inserted = await db.rawQuery(
    `INSERT INTO idea_comment_reports (comment_id, resident_id, reason, created_on)
     VALUES (?, ?, ?, ?) ON CONFLICT (comment_id, resident_id) DO NOTHING`,
    [commentId, resident.id, reason, cityDay(DateTime.utc())]
  )
  return inserted.rowCount > 0 ? { outcome: 'ok' } : { outcome: 'already_reported' }
}

/** The hourly limiters of comments and reports (the limiter service keeps one of each). */
export function commentLimiters() {
  return {
    comments: limiter.use('database', { requests: COMMENTS_PER_HOUR, duration: '1 hour' }),
    reports: limiter.use('database', { requests: REPORTS_PER_HOUR, duration: '1 hour' }),
  }
}

/** Takes one from the resident's hourly allowance of `kind`; the refusal when it is spent. */
async function spend(
  limit: ReturnType<typeof commentLimiters>['comments'],
  kind: string,
  resident: Resident
): Promise<TooMany | null> {
  try {
    await limit.consume(rateLimitKey(kind, String(resident.id)))
    return null
  } catch (error) {
    if (!(error instanceof limiterErrors.E_TOO_MANY_REQUESTS)) throw error
    return { outcome: 'too_many', retryAfterSeconds: Math.max(1, error.response.availableIn) }
  }
}
