const dayFormats = new Map<string, Intl.DateTimeFormat>()

/** A day ("2026-12-06" or an ISO instant, read in UTC) in the page's language: "6 Dec 2026". */
export function formatDay(day: string | null, locale: string): string {
  if (!day) return '—'
  let format = dayFormats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
    dayFormats.set(locale, format)
  }
  return format.format(new Date(`${day.slice(0, 10)}T00:00:00Z`))
}
