import { useEffect, useRef, useState } from 'react'
import { router } from '@inertiajs/react'
import type { LayerGroup, Map as LeafletMapInstance } from 'leaflet'
import { useT } from '~/lib/i18n'
import { loadLeaflet, type Leaflet } from './load_leaflet'
import type { MapMarker, MapSettings } from './types'

interface Props {
  settings: MapSettings
  markers: MapMarker[]
  /** What the map shows, for screen readers (the map itself is not the only way to the data). */
  label: string
  /** Called with the clicked point (the location picker). */
  onPick?: (latitude: number, longitude: number) => void
  /** Zoom when the map shows a single marker. */
  singleZoom?: number
  className?: string
}

/**
 * A Leaflet map with the city's tiles and circle markers (vector: no marker images to bundle).
 * Leaflet is loaded after the page has rendered; until then the box shows a loading line.
 */
export default function LeafletMap(props: Props) {
  const { settings, markers, label, onPick, singleZoom = 16, className } = props
  const t = useT()
  const container = useRef<HTMLDivElement>(null)
  const [loaded, setLoaded] = useState<{ L: Leaflet; map: LeafletMapInstance; layer: LayerGroup }>()
  const pick = useRef(onPick)
  useEffect(() => {
    pick.current = onPick
  }, [onPick])

  useEffect(() => {
    let cancelled = false
    let map: LeafletMapInstance | undefined
    loadLeaflet().then((L) => {
      if (cancelled || !container.current) return
      map = L.map(container.current, { scrollWheelZoom: false })
      L.tileLayer(settings.tiles.url, {
        attribution: settings.tiles.attribution,
        maxZoom: settings.tiles.maxZoom,
      }).addTo(map)
      const layer = L.layerGroup().addTo(map)
      map.on('click', (event) => pick.current?.(event.latlng.lat, event.latlng.lng))
      setLoaded({ L, map, layer })
    })
    return () => {
      cancelled = true
      map?.remove()
    }
  }, [settings])

  useEffect(() => {
    if (!loaded) return
    const { L, map, layer } = loaded
    layer.clearLayers()
    for (const marker of markers) {
      const circle = L.circleMarker([marker.latitude, marker.longitude], {
        radius: 9,
        weight: 2,
        color: '#0b5394',
        fillColor: '#3d85c6',
        fillOpacity: 0.8,
      })
      circle.bindTooltip(marker.label)
      if (marker.href) circle.on('click', () => router.visit(marker.href!))
      circle.addTo(layer)
    }
    const view = settings.defaultView
    if (markers.length === 0) map.setView([view.latitude, view.longitude], view.zoom)
    else if (markers.length === 1) {
      map.setView([markers[0].latitude, markers[0].longitude], singleZoom)
    } else {
      const bounds = L.latLngBounds(markers.map((m) => [m.latitude, m.longitude] as const))
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: singleZoom })
    }
  }, [loaded, markers, settings, singleZoom])

  // Leaflet owns the inner box's children; React renders nothing into it.
  return (
    <div className={`leaflet-frame ${className ?? ''}`} role="region" aria-label={label}>
      {!loaded && <p className="muted map-loading">{t('ui.idea_media.map_loading')}</p>}
      <div ref={container} className="leaflet-box" />
    </div>
  )
}
