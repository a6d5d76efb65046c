import { useState } from 'react'
import { usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import AuthorLine from '~/components/ideas/author_line'
import CommentForm from '~/components/ideas/comments/comment_form'
import ReportForm from '~/components/ideas/comments/report_form'
import type { CommentView } from '~/components/ideas/types'

/**
 * One comment: author and day, text, and what the viewer may do — reply (top-level comments, while
 * the idea is open), report (others' comments). A hidden comment shows its author the reason and
 * everyone else a placeholder.
 */
export default function CommentItem({
  comment,
  ideaId,
  canReply,
}: {
  comment: CommentView
  ideaId: number
  canReply: boolean
}) {
  const t = useT()
  const { resident } = usePage<SharedProps>().props
  const [open, setOpen] = useState<'reply' | 'report' | null>(null)
  if (comment.hidden && !comment.own) {
    return (
      <div className="comment comment-hidden" id={`comment-${comment.id}`}>
        <p className="muted">{t('ui.discussion.hidden_placeholder')}</p>
      </div>
    )
  }
  return (
    <div className="comment" id={`comment-${comment.id}`}>
      <AuthorLine name={comment.authorName} day={comment.createdOn} />
      {comment.hidden && comment.hiddenReason && (
        <p className="notice notice-error" role="status">
          {t('ui.discussion.hidden_own', { reason: comment.hiddenReason })}
        </p>
      )}
      <p className="comment-body">{comment.body}</p>
      {resident && !comment.hidden && (
        <div className="actions comment-actions">
          {canReply && (
            <button
              type="button"
              className="link-button"
              aria-expanded={open === 'reply'}
              onClick={() => setOpen(open === 'reply' ? null : 'reply')}
            >
              {t('ui.discussion.reply')}
            </button>
          )}
          {!comment.own &&
            (comment.reported ? (
              <span className="muted">{t('ui.discussion.reported')}</span>
            ) : (
              <button
                type="button"
                className="link-button"
                aria-expanded={open === 'report'}
                onClick={() => setOpen(open === 'report' ? null : 'report')}
              >
                {t('ui.discussion.report')}
              </button>
            ))}
        </div>
      )}
      {open === 'reply' && (
        <CommentForm ideaId={ideaId} parentId={comment.id} onDone={() => setOpen(null)} />
      )}
      {open === 'report' && <ReportForm commentId={comment.id} onDone={() => setOpen(null)} />}
    </div>
  )
}
