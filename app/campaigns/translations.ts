import { SUPPORTED_LOCALES, type Locale } from '#config/i18n'

/** A translatable text: English required, Russian and Ukrainian optional. */
export type Translations = { en: string } & Partial<Record<Exclude<Locale, 'en'>, string>>

/** The text in `locale`, falling back to English. */
export function translate(text: Translations | null | undefined, locale: string): string {
  if (!text) return ''
  const value = (text as Record<string, string | undefined>)[locale]
  return value && value.trim() !== '' ? value : (text.en ?? '')
}

/** Drops empty translations so `{en:'x', ru:''}` is stored as `{en:'x'}`. */
export function cleanTranslations(
  input: Record<string, string | undefined | null> | undefined
): Translations {
  if (!input) return {} as Translations
  const out: Record<string, string> = {}
  for (const locale of SUPPORTED_LOCALES) {
    const value = input[locale]?.trim()
    if (value) out[locale] = value
  }
  return out as Translations
}
