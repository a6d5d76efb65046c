import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import StatusBadge from '~/components/proposals/status_badge'
import ReasonForm from '~/components/proposals/reason_form'
import type { Attachment, IdeaSummary, StaffCampaign } from '~/components/proposals/types'

interface Props {
  campaign: StaffCampaign
  ideas: (IdeaSummary & {
    hiddenReason: string | null
    mergedIntoId: number | null
    attachments: Attachment[]
  })[]
  history: {
    id: number
    ideaId: number
    action: string
    reason: string
    mergedIntoId: number | null
    attachmentName: string | null
    at: string
  }[]
  canModerate: boolean
}

/** Moderators: hide abusive ideas (with a reason the author sees), show them again, merge duplicates. */
export default function Moderation({ campaign, ideas, history, canModerate }: Props) {
  const t = useT()
  return (
    <>
      <Head title={t('ui.proposals.staff.moderation')} />
      <h1>
        {t('ui.proposals.staff.moderation')}: {campaign.title}
      </h1>
      <p>
        <Link href="/staff/proposals">{t('ui.proposals.staff.title')}</Link>
      </p>
      {ideas.length === 0 && <p className="muted">{t('ui.proposals.staff.empty')}</p>}
      {ideas.map((idea) => (
        <article key={idea.id} className="card" aria-labelledby={`idea-${idea.id}`}>
          <h2 id={`idea-${idea.id}`}>
            #{idea.id} <Link href={`/ideas/${idea.id}`}>{idea.title}</Link>{' '}
            <StatusBadge status={idea.status} />
          </h2>
          <p>{idea.excerpt}</p>
          {idea.hiddenReason && (
            <p className="muted">
              {t('ui.proposals.show.hidden_reason', { reason: idea.hiddenReason })}
            </p>
          )}
          {canModerate && idea.status === 'hidden' && (
            <ReasonForm
              action={`/staff/proposals/ideas/${idea.id}/unhide`}
              label={t('ui.proposals.staff.reason')}
              submitLabel={t('ui.proposals.staff.unhide')}
            />
          )}
          {canModerate && ['published', 'in_review', 'rejected'].includes(idea.status) && (
            <>
              <ReasonForm
                action={`/staff/proposals/ideas/${idea.id}/hide`}
                label={t('ui.proposals.staff.reason')}
                submitLabel={t('ui.proposals.staff.hide')}
              />
              <ReasonForm
                action={`/staff/proposals/ideas/${idea.id}/merge`}
                label={t('ui.proposals.staff.reason')}
                submitLabel={t('ui.proposals.staff.merge')}
                withTarget
              />
            </>
          )}
          {idea.attachments.length > 0 && (
            <ul aria-label={t('ui.proposals.show.attachments')}>
              {idea.attachments.map((file) => (
                <li key={file.id}>
                  <a href={file.url}>{file.name}</a>
                  {canModerate && (
                    <ReasonForm
                      action={`/staff/proposals/ideas/${idea.id}/attachments/${file.id}`}
                      method="delete"
                      label={t('ui.proposals.staff.reason')}
                      submitLabel={t('ui.proposals.staff.remove_file', { name: file.name })}
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
          <ul className="muted">
            {history
              .filter((row) => row.ideaId === idea.id)
              .map((row) => (
                <li key={row.id}>
                  {new Date(row.at).toLocaleString()} —{' '}
                  {t(`ui.proposals.staff.action_${row.action}`)}: {row.reason}
                  {row.mergedIntoId && ` → #${row.mergedIntoId}`}
                  {row.attachmentName && ` (${row.attachmentName})`}
                </li>
              ))}
          </ul>
        </article>
      ))}
    </>
  )
}
