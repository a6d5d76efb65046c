import { useT } from '~/lib/i18n'
import type { TimelineEntry } from '~/components/campaigns/types'
import { useDates } from '~/lib/dates'

/** The stages with their dates; the current one is marked (for residents and staff). */
export default function StageTimeline({ entries }: { entries: TimelineEntry[] }) {
  const t = useT()
  const dates = useDates()
  return (
    <ol className="steps timeline">
      {entries.map((entry) => (
        <li
          key={entry.stage}
          aria-current={entry.state === 'current' ? 'step' : undefined}
          className={`timeline-${entry.state}`}
        >
          <strong>{t(`ui.campaigns.stages.${entry.stage}`)}</strong>{' '}
          <span className="muted">
            {entry.opensAt
              ? t('ui.campaigns.timeline.from', { date: dates.dateTime(entry.opensAt) })
              : t('ui.campaigns.timeline.no_date')}
          </span>
          {entry.state === 'current' && <span> · {t('ui.campaigns.timeline.now')}</span>}
        </li>
      ))}
    </ol>
  )
}
