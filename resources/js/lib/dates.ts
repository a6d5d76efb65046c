/*
| Every date a page shows, in the city's time zone (CITY_TIME_ZONE, the `timeZone` shared prop),
| whatever the browser's zone — the server renders the same text (SSR) as the browser hydrates.
| Instants travel as ISO strings in UTC; calendar dates (YYYY-MM-DD: milestones, comment days)
| are days already and are never shifted. Intl formatters are costly to build: one per locale,
| zone and style, kept for the life of the process (a few locales and one zone).
*/
import { usePage } from '@inertiajs/react'
// Relative: the unit tests import this file outside Vite's `~` alias.
import type { SharedProps } from './shared_props.js'

type Style = 'dateTime' | 'dateTimeSeconds' | 'day' | 'hour'

const OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  dateTimeSeconds: { dateStyle: 'medium', timeStyle: 'medium' },
  day: { dateStyle: 'medium' },
  hour: { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
}

const formats = new Map<string, Intl.DateTimeFormat>()

function formatter(locale: string, timeZone: string, style: Style): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${style}`
  let format = formats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...OPTIONS[style], timeZone })
    formats.set(key, format)
  }
  return format
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/

/** An instant ("2026-12-06T07:30:00.000Z") in `timeZone`: "6 Dec 2026, 10:30"; `—` for none. */
export function formatDateTime(
  iso: string | null | undefined,
  locale: string,
  timeZone: string,
  style: 'dateTime' | 'dateTimeSeconds' | 'hour' = 'dateTime'
): string {
  if (!iso) return '—'
  return formatter(locale, timeZone, style).format(new Date(iso))
}

/**
 * A day: a calendar date ("2026-12-06", shown as it is) or an instant (its day in `timeZone`),
 * in the page's language: "6 Dec 2026"; `—` for none.
 */
export function formatDay(
  value: string | null | undefined,
  locale: string,
  timeZone: string
): string {
  if (!value) return '—'
  if (CALENDAR_DATE.test(value)) {
    return formatter(locale, 'UTC', 'day').format(new Date(`${value}T00:00:00Z`))
  }
  return formatter(locale, timeZone, 'day').format(new Date(value))
}

/** The calendar day (YYYY-MM-DD) of an instant in `timeZone`, for `<time dateTime>`. */
export function isoDay(iso: string, timeZone: string): string {
  if (CALENDAR_DATE.test(iso)) return iso
  return inputDateTime(iso, timeZone).slice(0, 10)
}

/**
 * An instant → the value of a `datetime-local` input showing it in `timeZone`
 * ("2027-03-01T09:00"); the server reads such a value back in the same zone.
 */
export function inputDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return ''
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value])
  )
  return `${parts.year.padStart(4, '0')}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`
}

/** The formatters above bound to the page's locale and the city's time zone. */
export function useDates() {
  const { locale, timeZone } = usePage<SharedProps>().props
  return {
    timeZone,
    dateTime: (iso: string | null | undefined) => formatDateTime(iso, locale, timeZone),
    dateTimeSeconds: (iso: string | null | undefined) =>
      formatDateTime(iso, locale, timeZone, 'dateTimeSeconds'),
    hour: (iso: string | null | undefined) => formatDateTime(iso, locale, timeZone, 'hour'),
    day: (value: string | null | undefined) => formatDay(value, locale, timeZone),
    isoDay: (iso: string) => isoDay(iso, timeZone),
    input: (iso: string | null | undefined) => inputDateTime(iso, timeZone),
  }
}
