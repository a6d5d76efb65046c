import logger from '@adonisjs/core/services/logger'
import { audit, type AuditActor } from '#shared/audit'
import IdeaAttachment from '#proposals/models/idea_attachment'
import { withLockedIdea } from '#proposals/actions/locked_idea'
import type { NotFound } from '#shared/actions'
import { keysOf, removeFiles } from '#proposals/services/attachments'
import { deliver, recordNotice, type PendingNotice } from '#proposals/services/notify'

export type RemoveAttachmentResult =
  { outcome: 'ok'; attachment: IdeaAttachment } | NotFound | { outcome: 'not_editable' }

/** Who removes: the author (only while the idea is editable) or a moderator with a reason. */
export type Remover =
  | { kind: 'author'; actor: AuditActor & { id: number }; editable: boolean }
  | { kind: 'moderator'; actor: AuditActor & { id: number }; reason: string }

/**
 * Removes one attachment of an idea. With the idea row locked: the row goes, the audit
 * row (`idea.attachment_removed`, with the file's SHA-256) is written, and a moderator's
 * removal is recorded in the moderation history and told to the author with its reason.
 * The file is deleted from the drive after the commit (a failed delete is logged: the
 * file is unreachable without its row).
 */
export async function removeAttachment(
  remover: Remover,
  ideaId: number,
  attachmentId: number
): Promise<RemoveAttachmentResult> {
  const notices: PendingNotice[] = []
  const result = await withLockedIdea(ideaId, async (idea, trx) => {
    const attachment = await IdeaAttachment.query({ client: trx })
      .where('id', attachmentId)
      .where('ideaId', idea.id)
      .first()
    if (!attachment) return { outcome: 'not_found' as const }
    if (remover.kind === 'author') {
      if (idea.authorId !== remover.actor.id) return { outcome: 'not_found' as const }
      if (!remover.editable || !['draft', 'published'].includes(idea.status)) {
        return { outcome: 'not_editable' as const }
      }
    }
    await attachment.useTransaction(trx).delete()
    const reason = remover.kind === 'moderator' ? remover.reason : null
    if (remover.kind === 'moderator') {
      await trx.table('idea_moderations').insert({
        idea_id: idea.id,
        staff_user_id: remover.actor.id,
        action: 'remove_attachment',
        reason: remover.reason,
        attachment_name: attachment.originalName,
        created_at: new Date(),
      })
      notices.push(
        await recordNotice(trx, idea, 'attachment_removed', {
          reason: remover.reason,
          file: attachment.originalName,
        })
      )
    }
    await audit.record(
      remover.actor,
      'idea.attachment_removed',
      { type: 'idea', id: idea.id },
      {
        before: {
          attachmentId: attachment.id,
          name: attachment.originalName,
          sha256: attachment.sha256,
        },
        after: { by: remover.kind, reason },
      },
      { client: trx }
    )
    return { outcome: 'ok' as const, attachment }
  })
  if (result.outcome === 'ok') {
    await removeFiles(keysOf(result.attachment)).catch((error: unknown) =>
      logger.warn({ err: error, key: result.attachment.driveKey }, 'attachment file not deleted')
    )
  }
  await deliver(notices)
  return result
}
