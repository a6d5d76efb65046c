import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { addResidentDataPart } from '#identity/resident_data'
import { keysOf, removeFiles } from '#proposals/services/attachments'

/*
| Proposals' part of a resident's data: the ideas they wrote, the ideas they support, their
| notices, comments, reports and follows. On deletion the notices, reports, follows and the
| never-published drafts (with their files) go; published ideas, supports and comments stay as
| the campaign's record, no longer naming anybody (the display name is erased with the account).
*/
addResidentDataPart('proposals', {
  async export(residentId) {
    const ideas = await db
      .from('ideas')
      .where('author_id', residentId)
      .orderBy('id')
      .select('id', 'campaign_id', 'title', 'description', 'status', 'created_at')
    const supports = await db
      .from('idea_supports')
      .where('resident_id', residentId)
      .whereNull('withdrawn_at')
      .orderBy('idea_id')
      .select('idea_id')
    const notices = await db
      .from('resident_notifications')
      .where('resident_id', residentId)
      .orderBy('id')
      .select('kind', 'idea_id', 'params', 'created_at')
    const comments = await db
      .from('idea_discussion_comments')
      .where('author_id', residentId)
      .orderBy('id')
      .select('id', 'idea_id', 'parent_id', 'body', 'hidden_reason')
      .select(db.raw(`to_char(created_on, 'YYYY-MM-DD') as created_on`))
    const reports = await db
      .from('idea_comment_reports')
      .where('resident_id', residentId)
      .orderBy('id')
      .select('comment_id', 'reason', 'resolution')
      .select(db.raw(`to_char(created_on, 'YYYY-MM-DD') as created_on`))
    const follows = await db
      .from('idea_follows')
      .where('resident_id', residentId)
      .orderBy('idea_id')
      .select('idea_id')
    return {
      comments: comments.map((comment) => ({
        id: comment.id,
        ideaId: comment.idea_id,
        replyTo: comment.parent_id,
        body: comment.body,
        hiddenReason: comment.hidden_reason,
        createdOn: comment.created_on,
      })),
      commentReports: reports.map((report) => ({
        commentId: report.comment_id,
        reason: report.reason,
        resolution: report.resolution,
        createdOn: report.created_on,
      })),
      followedIdeaIds: follows.map((row: { idea_id: number }) => row.idea_id),
      ideas: ideas.map((idea) => ({
        id: idea.id,
        campaignId: idea.campaign_id,
        title: idea.title,
        description: idea.description,
        status: idea.status,
        createdAt: new Date(idea.created_at).toISOString(),
      })),
      supportedIdeaIds: supports.map((row: { idea_id: number }) => row.idea_id),
      notices: notices.map((notice) => ({
        kind: notice.kind,
        ideaId: notice.idea_id,
        params: notice.params,
        createdAt: new Date(notice.created_at).toISOString(),
      })),
    }
  },

  async erase(residentId, trx) {
    await trx.from('resident_notifications').where('resident_id', residentId).delete()
    await trx.from('idea_comment_reports').where('resident_id', residentId).delete()
    await trx.from('idea_follows').where('resident_id', residentId).delete()
    const drafts = trx.from('ideas').where('author_id', residentId).where('status', 'draft')
    const files = await trx
      .from('idea_attachments')
      .whereIn('idea_id', drafts.clone().select('id'))
      .select('drive_key as driveKey', 'thumb_drive_key as thumbDriveKey')
    await drafts.delete()
    return async () => {
      for (const file of files) {
        await removeFiles(keysOf(file)).catch((error) =>
          logger.warn({ err: error }, 'a deleted draft idea left a file on the drive')
        )
      }
    }
  },
})
