import '~/css/ideas.css'
import { Link, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import CommentForm from '~/components/ideas/comments/comment_form'
import CommentItem from '~/components/ideas/comments/comment_item'
import type { DiscussionView } from '~/components/ideas/types'

/** An idea's discussion: threads of comments with one level of replies, and the form to join in. */
export default function Discussion({
  ideaId,
  discussion,
}: {
  ideaId: number
  discussion: DiscussionView
}) {
  const t = useT()
  const { resident } = usePage<SharedProps>().props
  const canWrite = Boolean(resident) && discussion.canComment
  return (
    <section aria-labelledby="discussion-heading" className="discussion">
      <h2 id="discussion-heading">
        {t('ui.discussion.heading', { count: discussion.commentCount })}
      </h2>
      {discussion.threads.length === 0 && <p className="muted">{t('ui.discussion.empty')}</p>}
      <ol className="comment-list">
        {discussion.threads.map((thread) => (
          <li key={thread.id} className="card comment-thread">
            <CommentItem comment={thread} ideaId={ideaId} canReply={canWrite} />
            {thread.replies.length > 0 && (
              <ol className="comment-replies">
                {thread.replies.map((reply) => (
                  <li key={reply.id}>
                    <CommentItem comment={reply} ideaId={ideaId} canReply={false} />
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ol>
      {!discussion.canComment ? (
        <p className="muted">{t('ui.discussion.closed')}</p>
      ) : resident ? (
        <CommentForm ideaId={ideaId} />
      ) : (
        <p>
          <Link href={`/sign-in?next=/ideas/${ideaId}`} className="button secondary">
            {t('ui.discussion.sign_in')}
          </Link>
        </p>
      )}
    </section>
  )
}
