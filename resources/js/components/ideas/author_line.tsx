import { useT } from '~/lib/i18n'
import { useDates } from '~/lib/dates'

/**
 * "Anna · 6 Dec 2026": an idea's or a comment's author (display name or "Resident") and day
 * (a calendar date, or an instant shown as its day in the city's time zone).
 */
export default function AuthorLine({ name, day }: { name: string | null; day: string | null }) {
  const t = useT()
  const dates = useDates()
  return (
    <p className="author-line muted">
      <span className="author-name">{name ?? t('ui.discussion.resident')}</span>
      {day && (
        <>
          {' · '}
          <time dateTime={dates.isoDay(day)}>{dates.day(day)}</time>
        </>
      )}
    </p>
  )
}
