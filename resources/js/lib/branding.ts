import type { CSSProperties } from 'react'
import type { Branding } from '~/lib/shared_props'

/**
 * The primary colour as CSS custom properties on the page's outer element (header, buttons,
 * links and bars read `--green`/`--green-dark`); nothing when the city keeps the default.
 */
export function brandStyle(branding: Branding | undefined): CSSProperties | undefined {
  if (!branding?.color) return undefined
  return {
    '--green': branding.color.primary,
    '--green-dark': branding.color.dark,
    // Secondary text in the header: white, as the colour is only checked against white.
    '--topbar-muted': '#fff',
  } as CSSProperties
}

/** The default name in `<title>` (the header's is the translated `ui.brand`). */
const DEFAULT_SITE_NAME = 'Civic Budget'

/** A page's `<title>`: the page's own, then the city's name. */
export function pageTitle(title: string, branding: Branding | undefined): string {
  const site = branding?.name ?? DEFAULT_SITE_NAME
  return title ? `${title} · ${site}` : site
}
