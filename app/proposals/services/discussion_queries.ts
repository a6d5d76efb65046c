/*
| Read side of ideas' discussions: the threads of one idea as a resident sees them, the staff
| queue of reported and hidden comments, and authors' display names (never a phone).
*/
import db from '@adonisjs/lucid/services/db'

export interface CommentDto {
  id: number
  /** Null for a comment hidden from this viewer (a placeholder kept for its replies). */
  body: string | null
  /** The author's display name, or null ("Resident" on the page). */
  authorName: string | null
  /** The day written (YYYY-MM-DD, UTC). */
  createdOn: string
  hidden: boolean
  /** The moderator's reason, for the comment's own author only. */
  hiddenReason: string | null
  own: boolean
  reported: boolean
}

export interface ThreadDto extends CommentDto {
  replies: CommentDto[]
}

/** The most comments one idea page shows (oldest first). */
const COMMENTS_SHOWN_MAX = 500

interface CommentRow {
  id: number
  parent_id: number | null
  author_id: number
  body: string
  created_on: string
  hidden_reason: string | null
  display_name: string | null
  reported: boolean
}

/**
 * One idea's threads: top-level comments with their replies, oldest first. A hidden comment is
 * shown only to its author (with the reason); to everyone else it is left out, or — when it has
 * replies still shown — a placeholder without body or author.
 */
export async function threadsOf(ideaId: number, viewerId: number | null): Promise<ThreadDto[]> {
  const rows: CommentRow[] = await db
    .from('idea_discussion_comments as c')
    .join('residents as r', 'r.id', 'c.author_id')
    .where('c.idea_id', ideaId)
    .orderBy('c.id')
    .limit(COMMENTS_SHOWN_MAX)
    .select(
      'c.id',
      'c.parent_id',
      'c.author_id',
      'c.body',
      db.raw(`to_char(c.created_on, 'YYYY-MM-DD') as created_on`),
      'c.hidden_reason',
      // A deleted account's comments stay, naming nobody.
      db.raw('CASE WHEN r.deleted_at IS NULL THEN r.display_name END as display_name'),
      db.raw(
        `EXISTS (SELECT 1 FROM idea_comment_reports p
                  WHERE p.comment_id = c.id AND p.resident_id = ?) as reported`,
        [viewerId ?? 0]
      )
    )
  const dto = (row: CommentRow): CommentDto => {
    const own = viewerId !== null && row.author_id === viewerId
    const hidden = row.hidden_reason !== null
    const shown = !hidden || own
    return {
      id: row.id,
      body: shown ? row.body : null,
      authorName: shown ? row.display_name : null,
      createdOn: row.created_on,
      hidden,
      hiddenReason: hidden && own ? row.hidden_reason : null,
      own,
      reported: row.reported,
    }
  }
  const visible = (comment: CommentDto) => !comment.hidden || comment.own
  const threads: ThreadDto[] = []
  const byId = new Map<number, ThreadDto>()
  for (const row of rows) {
    if (row.parent_id === null) {
      const thread = { ...dto(row), replies: [] }
      byId.set(row.id, thread)
      threads.push(thread)
    } else {
      const reply = dto(row)
      if (visible(reply)) byId.get(row.parent_id)?.replies.push(reply)
    }
  }
  return threads.filter((thread) => visible(thread) || thread.replies.length > 0)
}

/** How many comments of an idea residents see (hidden ones not counted). */
export async function visibleCommentCount(ideaId: number): Promise<number> {
  const [row] = await db
    .from('idea_discussion_comments')
    .where('idea_id', ideaId)
    .whereNull('hidden_reason')
    .count('* as total')
  return Number(row.total)
}

/** Staff: a campaign's comments with open reports (first) and its hidden comments with reasons. */
export async function commentQueueOf(campaignId: number) {
  const rows = await db
    .from('idea_discussion_comments as c')
    .join('ideas as i', 'i.id', 'c.idea_id')
    .where('i.campaign_id', campaignId)
    .where((query) =>
      query
        .whereNotNull('c.hidden_reason')
        .orWhereExists(
          db
            .from('idea_comment_reports as p')
            .whereRaw('p.comment_id = c.id')
            .whereNull('p.resolution')
        )
    )
    .orderByRaw('c.hidden_reason IS NOT NULL')
    .orderBy('c.id', 'desc')
    .limit(500)
    .select(
      'c.id',
      'c.idea_id',
      'i.title as idea_title',
      'c.body',
      'c.hidden_reason',
      db.raw(`to_char(c.created_on, 'YYYY-MM-DD') as created_on`)
    )
  const reports = await db
    .from('idea_comment_reports')
    .whereIn(
      'comment_id',
      rows.map((row) => row.id)
    )
    .whereNull('resolution')
    .orderBy('id')
    .select('comment_id', 'reason')
  return rows.map((row) => ({
    id: row.id as number,
    ideaId: row.idea_id as number,
    ideaTitle: row.idea_title as string,
    body: row.body as string,
    createdOn: row.created_on as string,
    hiddenReason: row.hidden_reason as string | null,
    reports: reports
      .filter((report) => report.comment_id === row.id)
      .map((report) => report.reason as string),
  }))
}

/** Display names of residents (absent, or a deleted account: no entry). */
export async function displayNames(residentIds: readonly number[]): Promise<Map<number, string>> {
  if (residentIds.length === 0) return new Map()
  const rows = await db
    .from('residents')
    .whereIn('id', [...new Set(residentIds)])
    .whereNull('deleted_at')
    .whereNotNull('display_name')
    .select('id', 'display_name')
  return new Map(rows.map((row) => [row.id as number, row.display_name as string]))
}

/** What the idea page needs of the discussion, for the viewer (a resident or nobody). */
export async function discussionPropsOf(
  idea: { id: number; authorId: number },
  viewerId: number | null,
  commentable: boolean
) {
  const names = await displayNames([idea.authorId])
  const following =
    viewerId !== null &&
    Boolean(
      await db.from('idea_follows').where('idea_id', idea.id).where('resident_id', viewerId).first()
    )
  return {
    authorName: names.get(idea.authorId) ?? null,
    threads: await threadsOf(idea.id, viewerId),
    commentCount: await visibleCommentCount(idea.id),
    canComment: commentable,
    following,
  }
}
