import { useMemo } from 'react'
import { useT } from '~/lib/i18n'
import LeafletMap from './leaflet_map'
import type { MapSettings } from './types'

interface Props {
  settings: MapSettings
  ideas: { id: number; title: string; latitude: number; longitude: number }[]
}

/** The campaign's ideas that have a place, as markers leading to their pages (the list stays the main way). */
export default function IdeasMap({ settings, ideas }: Props) {
  const t = useT()
  const markers = useMemo(
    () => ideas.map((idea) => ({ ...idea, label: idea.title, href: `/ideas/${idea.id}` })),
    [ideas]
  )
  if (ideas.length === 0) return null
  return (
    <section aria-labelledby="ideas-map-heading" className="card">
      <h2 id="ideas-map-heading">{t('ui.idea_media.map_of_ideas')}</h2>
      <LeafletMap
        settings={settings}
        markers={markers}
        label={t('ui.idea_media.map_of_ideas_label', { count: ideas.length })}
      />
    </section>
  )
}
