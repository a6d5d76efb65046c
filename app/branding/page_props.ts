import type { HttpContext } from '@adonisjs/core/http'
import {
  LANGUAGES,
  currentBranding,
  type Branding,
  type Translated,
} from '#branding/branding_store'
import { darker } from '#branding/colors'

/** What a page gets (`branding` shared prop): texts in the page's language, the logo's URL. */
export interface BrandingProps {
  /** null: the default name (the `ui.brand` message). */
  name: string | null
  logo: { url: string; width: number; height: number } | null
  /** null: the default green. `dark`: hover and link shade. */
  color: { primary: string; dark: string } | null
  footerLinks: { label: string; url: string }[]
}

/** The text in `locale`, else in English, Russian, Ukrainian — the first one given. */
export function inLanguage(texts: Translated, locale: string): string | null {
  for (const language of [locale, ...LANGUAGES]) {
    const text = texts[language as keyof Translated]
    if (text) return text
  }
  return null
}

/** The public URL of a stored logo: its file name changes with every upload. */
export function logoUrl(key: string): string {
  return `/branding/logo/${key.slice(key.lastIndexOf('/') + 1)}`
}

export function brandingProps(branding: Branding, locale: string): BrandingProps {
  const { logo, primaryColor } = branding
  return {
    name: inLanguage(branding.name, locale),
    logo: logo ? { url: logoUrl(logo.key), width: logo.width, height: logo.height } : null,
    color: primaryColor ? { primary: primaryColor, dark: darker(primaryColor) } : null,
    footerLinks: branding.footerLinks.map((link) => ({
      label: inLanguage(link.label, locale) ?? link.url,
      url: link.url,
    })),
  }
}

/** Shared with every page (merged in config/inertia.ts). */
export const brandingPageProps = {
  branding: async (ctx: HttpContext) => brandingProps(await currentBranding(), ctx.i18n.locale),
}
