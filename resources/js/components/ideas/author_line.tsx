import { usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import { formatDay } from '~/components/ideas/format_day'

/** "Anna · 6 Dec 2026": an idea's or a comment's author (display name or "Resident") and day. */
export default function AuthorLine({ name, day }: { name: string | null; day: string | null }) {
  const t = useT()
  const { locale } = usePage<SharedProps>().props
  return (
    <p className="author-line muted">
      <span className="author-name">{name ?? t('ui.discussion.resident')}</span>
      {day && (
        <>
          {' · '}
          <time dateTime={day.slice(0, 10)}>{formatDay(day, locale)}</time>
        </>
      )}
    </p>
  )
}
