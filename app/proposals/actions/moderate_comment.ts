/*
| Moderators (and admins) of the campaign's community act on residents' comments: hide one with a
| reason (its open reports close as `hidden`; its author gets an in-app notice) or dismiss its open
| reports. Each runs with the comment row locked and writes the audit log in its transaction.
*/
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { audit, type AuditActor } from '#shared/audit'
import { notFound, type NotFound } from '#shared/actions'
import { recordNoticeTo } from '#proposals/services/notify'
import { cityDay } from '#shared/city_time'

export type ModerateCommentResult = { outcome: 'ok' } | NotFound | { outcome: 'not_allowed' }

export async function hideComment(
  actor: AuditActor & { id: number },
  commentId: number,
  reason: string
): Promise<ModerateCommentResult> {
  return db.transaction(async (trx) => {
    const comment = await trx
      .from('idea_discussion_comments')
      .where('id', commentId)
      .forUpdate()
      .first()
    if (!comment) return notFound
    if (comment.hidden_reason !== null) return { outcome: 'not_allowed' as const }
    await trx.rawQuery(
      `UPDATE idea_discussion_comments
          SET hidden_reason = ?, hidden_by = ?, hidden_on = ?
        WHERE id = ?`,
      [reason, actor.id, cityDay(DateTime.utc()), commentId]
    )
    const reports = await trx
      .from('idea_comment_reports')
      .where('comment_id', commentId)
      .whereNull('resolution')
      .update({ resolution: 'hidden', resolved_by: actor.id })
    const idea = await trx.from('ideas').where('id', comment.idea_id).select('id', 'title').first()
    await recordNoticeTo(trx, comment.author_id, idea, 'comment_hidden', { reason })
    await audit.record(
      actor,
      'comment.hidden',
      { type: 'idea_comment', id: commentId },
      { ideaId: comment.idea_id, after: { reason }, reportsClosed: Number(reports) },
      { client: trx }
    )
    return { outcome: 'ok' as const }
  })
}

export async function dismissReports(
  actor: AuditActor & { id: number },
  commentId: number
): Promise<ModerateCommentResult> {
  return db.transaction(async (trx) => {
    const comment = await trx
      .from('idea_discussion_comments')
      .where('id', commentId)
      .forUpdate()
      .first()
    if (!comment) return notFound
    const dismissed = Number(
      await trx
        .from('idea_comment_reports')
        .where('comment_id', commentId)
        .whereNull('resolution')
        .update({ resolution: 'dismissed', resolved_by: actor.id })
    )
    if (dismissed === 0) return { outcome: 'not_allowed' as const }
    await audit.record(
      actor,
      'comment.reports_dismissed',
      { type: 'idea_comment', id: commentId },
      { ideaId: comment.idea_id, dismissed },
      { client: trx }
    )
    return { outcome: 'ok' as const }
  })
}
