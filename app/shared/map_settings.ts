import mapConfig, { type MapTiles, type MapView } from '#config/map'

/** What a page needs to draw a map: the tile server and where an empty map opens. */
export interface MapSettings {
  tiles: MapTiles
  defaultView: MapView
}

/** The map settings for a page, or null when no tile server is set (then no page shows a map). */
export function mapSettings(): MapSettings | null {
  if (!mapConfig.tiles) return null
  return { tiles: mapConfig.tiles, defaultView: mapConfig.defaultView }
}

/** The tile server's origin as a CSP source (`{s}` subdomains as a wildcard), or null. */
export function tileOrigin(url: string | undefined): string | null {
  const origin = url?.match(/^https?:\/\/[^/]+/)?.[0]
  return origin ? origin.replace('{s}', '*') : null
}
