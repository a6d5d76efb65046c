/**
 * Leaflet and its stylesheet, bundled by Vite as a separate chunk and loaded only when a page
 * actually draws a map (never on the server, never on pages without one).
 */
export async function loadLeaflet() {
  const [leaflet] = await Promise.all([import('leaflet'), import('leaflet/dist/leaflet.css')])
  return leaflet.default
}

export type Leaflet = Awaited<ReturnType<typeof loadLeaflet>>
