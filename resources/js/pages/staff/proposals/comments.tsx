import { Head, Link, router } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import ReasonForm from '~/components/proposals/reason_form'
import type { StaffCampaign } from '~/components/proposals/types'

interface QueuedComment {
  id: number
  ideaId: number
  ideaTitle: string
  body: string
  createdOn: string
  hiddenReason: string | null
  /** Reasons of the open reports. */
  reports: string[]
}

interface Props {
  campaign: StaffCampaign
  comments: QueuedComment[]
  canModerate: boolean
}

/** Moderators: residents' reported comments (hide with a reason, or dismiss) and hidden ones. */
export default function StaffComments({ campaign, comments, canModerate }: Props) {
  const t = useT()
  const dismiss = (id: number) =>
    router.post(`/staff/proposals/comments/${id}/dismiss`, {}, { preserveScroll: true })
  return (
    <>
      <Head title={t('ui.discussion.staff.title')} />
      <h1>
        {t('ui.discussion.staff.title')}: {campaign.title}
      </h1>
      <p>
        <Link href="/staff/proposals">{t('ui.proposals.staff.title')}</Link>
      </p>
      {comments.length === 0 && <p className="muted">{t('ui.discussion.staff.empty')}</p>}
      {comments.map((comment) => (
        <article key={comment.id} className="card" aria-labelledby={`comment-${comment.id}`}>
          <h2 id={`comment-${comment.id}`}>
            {t('ui.discussion.staff.on_idea')}{' '}
            <Link href={`/ideas/${comment.ideaId}`}>{comment.ideaTitle}</Link>{' '}
            <span className="muted">({comment.createdOn})</span>
          </h2>
          <blockquote style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
            {comment.body}
          </blockquote>
          {comment.hiddenReason && (
            <p className="notice">
              {t('ui.discussion.staff.hidden_reason', { reason: comment.hiddenReason })}
            </p>
          )}
          {comment.reports.length > 0 && (
            <>
              <h3>{t('ui.discussion.staff.reports', { count: comment.reports.length })}</h3>
              <ul>
                {comment.reports.map((reason, index) => (
                  <li key={index}>{reason}</li>
                ))}
              </ul>
            </>
          )}
          {canModerate && !comment.hiddenReason && (
            <ReasonForm
              action={`/staff/proposals/comments/${comment.id}/hide`}
              label={t('ui.discussion.staff.reason')}
              submitLabel={t('ui.discussion.staff.hide')}
            />
          )}
          {canModerate && comment.reports.length > 0 && !comment.hiddenReason && (
            <button type="button" className="button secondary" onClick={() => dismiss(comment.id)}>
              {t('ui.discussion.staff.dismiss')}
            </button>
          )}
        </article>
      ))}
    </>
  )
}
