import { useMemo } from 'react'
import { useT } from '~/lib/i18n'
import LeafletMap from './leaflet_map'
import { formatCoordinates, type MapSettings } from './types'

interface Props {
  settings: MapSettings | null
  title: string
  latitude: number | null
  longitude: number | null
  className?: string
}

/** Where an idea or project is: its coordinates as text, and a small map when a tile server is set. */
export default function IdeaPlace({ settings, title, latitude, longitude, className }: Props) {
  const t = useT()
  const markers = useMemo(
    () => (latitude === null || longitude === null ? [] : [{ latitude, longitude, label: title }]),
    [latitude, longitude, title]
  )
  if (latitude === null || longitude === null) return null
  return (
    <div className={className}>
      <p className="muted">
        {t('ui.idea_media.coordinates', { coordinates: formatCoordinates(latitude, longitude) })}
      </p>
      {settings && (
        <LeafletMap
          settings={settings}
          markers={markers}
          label={t('ui.idea_media.place_of', { title })}
          className="mini"
        />
      )}
    </div>
  )
}
