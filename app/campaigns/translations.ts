import { SUPPORTED_LOCALES, type Locale } from '#config/i18n'
import deploymentConfig from '#config/deployment'

/**
 * A translatable text: one entry per language it is written in. The city's content languages
 * (CONTENT_LANGUAGES, config/deployment.ts) are required when it is saved; others are optional.
 */
export type Translations = Partial<Record<Locale, string>>

/** Languages in the order a missing translation falls back: the content languages, then the rest. */
function fallbackOrder(): Locale[] {
  const content = deploymentConfig.contentLanguages
  return [...content, ...SUPPORTED_LOCALES.filter((locale) => !content.includes(locale))]
}

/**
 * The text in `locale`; without one, in the city's primary content language, then in any
 * language it has (texts saved before the content languages changed may lack the primary one).
 */
export function translate(text: Translations | null | undefined, locale: string): string {
  if (!text) return ''
  for (const candidate of [locale, ...fallbackOrder()]) {
    const value = (text as Record<string, string | undefined>)[candidate]
    if (value && value.trim() !== '') return value
  }
  return ''
}

/** The text in the city's primary content language (or the nearest one it has). */
export function primaryText(text: Translations | null | undefined): string {
  return translate(text, deploymentConfig.contentLanguages[0])
}

/** Drops empty translations so `{en:'x', ru:''}` is stored as `{en:'x'}`. */
export function cleanTranslations(
  input: Record<string, string | undefined | null> | undefined
): Translations {
  if (!input) return {}
  const out: Translations = {}
  for (const locale of SUPPORTED_LOCALES) {
    const value = input[locale]?.trim()
    if (value) out[locale] = value
  }
  return out
}
