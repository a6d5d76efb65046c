/** The server's map settings (app/shared/map_settings.ts); null on pages when no tile server is set. */
export interface MapSettings {
  tiles: { url: string; attribution: string; maxZoom: number }
  defaultView: { latitude: number; longitude: number; zoom: number }
}

export interface MapMarker {
  latitude: number
  longitude: number
  label: string
  /** Where a click on the marker leads (an idea page). */
  href?: string
}

/** Degrees as shown to people: 5 decimals (about a metre). */
export function formatCoordinates(latitude: number, longitude: number): string {
  return `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`
}
