import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { useDates } from '~/lib/dates'
import StatusBadge from '~/components/proposals/status_badge'
import type { IdeaSummary } from '~/components/proposals/types'

interface Props {
  ideas: (IdeaSummary & { hiddenReason: string | null; rejectionReason: string | null })[]
  supported: IdeaSummary[]
  notices: { id: number; kind: string; ideaId: number | null; text: string; createdAt: string }[]
}

/** Residents: my notices, my ideas (drafts included) and the ideas I support. */
export default function MyIdeas({ ideas, supported, notices }: Props) {
  const t = useT()
  const dates = useDates()
  return (
    <>
      <Head title={t('ui.proposals.mine.title')} />
      <h1>{t('ui.proposals.mine.title')}</h1>
      <section aria-labelledby="notices-heading">
        <h2 id="notices-heading">{t('ui.proposals.mine.notices')}</h2>
        {notices.length === 0 && <p className="muted">{t('ui.proposals.mine.no_notices')}</p>}
        <ul>
          {notices.map((notice) => (
            <li key={notice.id}>
              <time dateTime={notice.createdAt}>{dates.day(notice.createdAt)}</time>{' '}
              {notice.ideaId ? (
                <Link href={`/ideas/${notice.ideaId}`}>{notice.text}</Link>
              ) : (
                notice.text
              )}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="ideas-heading">
        <h2 id="ideas-heading">{t('ui.proposals.mine.ideas')}</h2>
        {ideas.length === 0 && <p className="muted">{t('ui.proposals.mine.no_ideas')}</p>}
        <ul>
          {ideas.map((idea) => (
            <li key={idea.id}>
              <Link href={`/ideas/${idea.id}`}>{idea.title}</Link>{' '}
              <StatusBadge status={idea.status} />{' '}
              {t('ui.proposals.supports', { count: idea.supportCount })}
              {idea.hiddenReason && <p className="muted">{idea.hiddenReason}</p>}
              {idea.rejectionReason && <p className="muted">{idea.rejectionReason}</p>}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="supported-heading">
        <h2 id="supported-heading">{t('ui.proposals.mine.supported')}</h2>
        {supported.length === 0 && <p className="muted">{t('ui.proposals.mine.no_supported')}</p>}
        <ul>
          {supported.map((idea) => (
            <li key={idea.id}>
              <Link href={`/ideas/${idea.id}`}>{idea.title}</Link>{' '}
              <StatusBadge status={idea.status} />
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
