/*
| Maps (issue #17): ideas on a map, the location picker of the idea form, the ballot's mini maps.
| The tiles come from a server the city chooses (MAP_TILE_URL, an XYZ template); without one no
| page shows a map and locations are shown as text. Tests run without one unless they set
| `mapConfig.tiles` themselves (the browser test serves tiles from a local server).
*/
import env from '#start/env'

export interface MapTiles {
  /** XYZ template with {z}, {x}, {y} (and optionally {s}, {r}). */
  url: string
  attribution: string
  maxZoom: number
}

export interface MapView {
  latitude: number
  longitude: number
  zoom: number
}

function tilesFromEnv(): MapTiles | null {
  const url = env.get('MAP_TILE_URL')
  if (!url) return null
  if (!/^https?:\/\//.test(url) || !url.includes('{z}')) {
    throw new Error('MAP_TILE_URL must be an http(s) XYZ template with {z}, {x} and {y}')
  }
  return {
    url,
    attribution: env.get('MAP_TILE_ATTRIBUTION') ?? '',
    maxZoom: env.get('MAP_MAX_ZOOM') ?? 19,
  }
}

function viewFromEnv(): MapView {
  const raw = env.get('MAP_DEFAULT_VIEW')
  if (!raw) return { latitude: 20, longitude: 0, zoom: 2 }
  const [latitude, longitude, zoom] = raw.split(',').map(Number)
  const valid = Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180 && zoom >= 0 && zoom <= 22
  if (!valid) throw new Error('MAP_DEFAULT_VIEW must be "latitude,longitude,zoom"')
  return { latitude, longitude, zoom }
}

const mapConfig: { tiles: MapTiles | null; defaultView: MapView } = {
  tiles: tilesFromEnv(),
  defaultView: viewFromEnv(),
}

export default mapConfig
