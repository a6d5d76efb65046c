/*
| CITY_TIME_ZONE and CONTENT_LANGUAGES (start/env.ts, config/deployment.ts): checked at boot so a
| typo stops the app with a message naming the variable instead of shifting every date or
| dropping a language.
*/

/** The languages content can be written in (the UI languages, config/i18n.ts). */
export const CONTENT_LOCALES = ['en', 'ru', 'uk'] as const
export type ContentLocale = (typeof CONTENT_LOCALES)[number]

/** An IANA time zone name (`Europe/Moscow`, `UTC`); default UTC. */
export function cityTimeZone(name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') return 'UTC'
  const zone = value.trim()
  const invalid = new Error(
    `${name} must be an IANA time zone name such as Europe/Moscow or America/New_York, not "${zone}"`
  )
  // Names only: a fixed offset (+03:00) would ignore the city's daylight-saving rules.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) throw invalid
  try {
    // As written: Intl would canonicalize to ICU's older names (Europe/Kyiv → Europe/Kiev).
    new Intl.DateTimeFormat('en', { timeZone: zone }).format(0)
    return zone
  } catch {
    throw invalid
  }
}

/** A comma list of en, ru, uk without repeats; the first is the primary language. Default: en. */
export function contentLanguages(name: string, value: string | undefined): ContentLocale[] {
  if (value === undefined || value.trim() === '') return ['en']
  const languages = value.split(',').map((part) => part.trim().toLowerCase())
  const known = (language: string): language is ContentLocale =>
    (CONTENT_LOCALES as readonly string[]).includes(language)
  const bad = languages.find((language) => !known(language))
  if (bad !== undefined) {
    throw new Error(`${name} must be a comma list of ${CONTENT_LOCALES.join(', ')}, not "${value}"`)
  }
  if (new Set(languages).size !== languages.length) {
    throw new Error(`${name} lists a language twice: "${value}"`)
  }
  return languages as ContentLocale[]
}
