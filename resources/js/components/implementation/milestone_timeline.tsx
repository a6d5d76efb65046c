import { useT } from '~/lib/i18n'
import { useDates } from '~/lib/dates'
import type { Milestone } from '~/components/implementation/types'

/** Milestones, oldest first, with their photos. */
export default function MilestoneTimeline({ milestones }: { milestones: Milestone[] }) {
  const t = useT()
  const dates = useDates()
  if (milestones.length === 0) {
    return <p className="muted">{t('ui.implementation.public.no_milestones')}</p>
  }
  return (
    <ol className="timeline">
      {milestones.map((milestone) => (
        <li key={milestone.id}>
          <time dateTime={milestone.date}>{dates.day(milestone.date)}</time>
          <p>{milestone.description}</p>
          {milestone.photos.length > 0 && (
            <ul className="photos">
              {milestone.photos.map((photo) => (
                <li key={photo.id}>
                  <a href={photo.url}>
                    <img
                      src={photo.url}
                      alt={t('ui.implementation.public.photo_alt', {
                        date: dates.day(milestone.date),
                      })}
                      loading="lazy"
                      width={160}
                    />
                  </a>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  )
}
