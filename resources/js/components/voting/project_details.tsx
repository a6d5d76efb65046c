import { lazy, Suspense, useId, useState } from 'react'
import { useT } from '~/lib/i18n'
import type { MapSettings } from '~/components/ideas/map/types'

// Rendered only once a panel is opened (never server-side): its own chunk, off the voting page's budget.
const IdeaPlace = lazy(() => import('~/components/ideas/map/idea_place'))

/** app/proposals/ballot_details.ts */
export interface ProjectDetailsData {
  description: string
  location: string | null
  latitude: number | null
  longitude: number | null
  photo: { url: string; thumbUrl: string; name: string } | null
}

interface Props {
  title: string
  details: ProjectDetailsData | undefined
  map: MapSettings | null
}

/**
 * A disclosure under a ballot entry: the project's description, photo and place. The panel is
 * in the page from the start (hidden), so every photo loads with the page and the server never
 * learns which project a voter opened; only the mini map's tiles load on opening.
 */
export default function ProjectDetails({ title, details, map }: Props) {
  const t = useT()
  const [open, setOpen] = useState(false)
  const panelId = useId()
  if (!details) return null
  const hasPlace = details.latitude !== null || details.location
  return (
    <div className="project-details">
      <button
        type="button"
        className="disclosure"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {t('ui.idea_media.details')}
        <span className="visually-hidden"> — {title}</span>
      </button>
      <div id={panelId} className="project-details-panel" hidden={!open}>
        {details.photo && (
          <a href={details.photo.url} target="_blank" rel="noreferrer">
            <img
              src={details.photo.thumbUrl}
              alt={t('ui.idea_media.project_photo_alt', { title })}
              className="project-photo"
            />
          </a>
        )}
        <p className="project-description">
          {details.description || t('ui.idea_media.no_description')}
        </p>
        {hasPlace && (
          <div>
            <h3 className="small-heading">{t('ui.proposals.fields.location')}</h3>
            {details.location && <p>{details.location}</p>}
            {open && (
              <Suspense fallback={null}>
                <IdeaPlace
                  settings={map}
                  title={title}
                  latitude={details.latitude}
                  longitude={details.longitude}
                />
              </Suspense>
            )}
          </div>
        )}
      </div>
    </div>
  )
}
