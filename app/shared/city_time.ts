/*
| Dates in the city's time zone (config/deployment.ts). Storage and the API's answers stay UTC;
| what staff type into a date-time field without an offset is the city's wall-clock time.
*/
import { DateTime } from 'luxon'
import deploymentConfig from '#config/deployment'

export type CityDateTime =
  | { ok: true; at: DateTime }
  /** `format`: not an ISO 8601 date-time; `skipped`: a wall-clock time the clocks jump over. */
  | { ok: false; error: 'format' | 'skipped' }

export function cityZone(): string {
  return deploymentConfig.timeZone
}

/**
 * An ISO 8601 date-time: with an offset (`Z`, `+03:00`) the instant it names; without one
 * (`2027-03-28T09:00`, as a datetime-local field sends it) that wall-clock time in `zone`. A
 * time that does not exist there (02:30 when clocks jump from 02:00 to 03:00) is refused rather
 * than silently moved; a repeated one (clocks going back) is its second occurrence, in standard
 * time (luxon's choice).
 */
export function parseCityDateTime(value: string, zone = cityZone()): CityDateTime {
  const withOwnOffset = DateTime.fromISO(value, { setZone: true })
  // A date is required: luxon would read a bare "10:00" as today.
  if (!withOwnOffset.isValid || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    return { ok: false, error: 'format' }
  }
  if (hasOffset(value)) return { ok: true, at: withOwnOffset.toUTC() }
  const wall = DateTime.fromISO(value, { zone: 'utc' })
  const at = DateTime.fromISO(value, { zone })
  const sameWallClock =
    at.year === wall.year &&
    at.month === wall.month &&
    at.day === wall.day &&
    at.hour === wall.hour &&
    at.minute === wall.minute
  return sameWallClock ? { ok: true, at: at.toUTC() } : { ok: false, error: 'skipped' }
}

/** Whether an ISO 8601 date-time names its offset (`Z`, `+03`, `+0300`, `+03:00`). */
function hasOffset(value: string): boolean {
  return /T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(value.trim())
}

/** The first instant of calendar day `isoDate` (YYYY-MM-DD) in the city (its midnight, UTC). */
export function cityDayStart(isoDate: string, zone = cityZone()): DateTime {
  return DateTime.fromISO(isoDate, { zone }).startOf('day').toUTC()
}

/** The first instant after calendar day `isoDate` in the city (a day there may last 23 or 25 hours). */
export function cityDayEnd(isoDate: string, zone = cityZone()): DateTime {
  return DateTime.fromISO(isoDate, { zone }).startOf('day').plus({ days: 1 }).toUTC()
}

/** The city's calendar day (YYYY-MM-DD) of an instant. */
export function cityDay(at: DateTime, zone = cityZone()): string {
  return at.setZone(zone).toISODate()!
}
