import { test } from '@japa/runner'
import { cityDay, cityDayEnd, cityDayStart, parseCityDateTime } from '#shared/city_time'
import { cityTimeZone, contentLanguages } from '#start/deployment_env'
import { DateTime } from 'luxon'
import { formatDay, inputDateTime, isoDay } from '../../../resources/js/lib/dates.js'

function instant(value: string, zone: string): string | null {
  const parsed = parseCityDateTime(value, zone)
  return parsed.ok ? parsed.at.toISO() : null
}

test.group('City time: wall-clock times in the city, instants in UTC', () => {
  test('a time without offset is the city’s wall-clock time, on both sides of DST', ({
    assert,
  }) => {
    // Berlin: CET (+01:00) until 2026-03-29 02:00, then CEST (+02:00).
    assert.equal(instant('2026-03-28T09:00', 'Europe/Berlin'), '2026-03-28T08:00:00.000Z')
    assert.equal(instant('2026-03-29T01:59', 'Europe/Berlin'), '2026-03-29T00:59:00.000Z')
    assert.equal(instant('2026-03-29T03:00', 'Europe/Berlin'), '2026-03-29T01:00:00.000Z')
    assert.equal(instant('2026-03-30T09:00', 'Europe/Berlin'), '2026-03-30T07:00:00.000Z')
    // New York: EST (-05:00) until 2026-03-08 02:00, then EDT (-04:00).
    assert.equal(instant('2026-03-07T21:00', 'America/New_York'), '2026-03-08T02:00:00.000Z')
    assert.equal(instant('2026-03-08T03:30', 'America/New_York'), '2026-03-08T07:30:00.000Z')
    assert.equal(instant('2026-03-01T06:00', 'UTC'), '2026-03-01T06:00:00.000Z')
  })

  test('a wall-clock time the clocks skip is refused, never silently moved', ({ assert }) => {
    assert.deepEqual(parseCityDateTime('2026-03-29T02:30', 'Europe/Berlin'), {
      ok: false,
      error: 'skipped',
    })
    assert.deepEqual(parseCityDateTime('2026-03-08T02:00', 'America/New_York'), {
      ok: false,
      error: 'skipped',
    })
    // The same wall-clock time exists in a zone without DST.
    assert.equal(instant('2026-03-29T02:30', 'Europe/Moscow'), '2026-03-28T23:30:00.000Z')
  })

  test('a repeated wall-clock time (clocks going back) is its standard-time occurrence', ({
    assert,
  }) => {
    // Berlin 2026-10-25: 02:00–03:00 happens twice (+02:00, then +01:00).
    assert.equal(instant('2026-10-25T02:30', 'Europe/Berlin'), '2026-10-25T01:30:00.000Z')
  })

  test('a time with an offset names that instant, whatever the city’s zone', ({ assert }) => {
    assert.equal(instant('2026-03-29T02:30Z', 'Europe/Berlin'), '2026-03-29T02:30:00.000Z')
    assert.equal(instant('2026-03-01T06:00+03:00', 'America/New_York'), '2026-03-01T03:00:00.000Z')
    assert.equal(instant('2026-03-01T06:00:00.000-0500', 'UTC'), '2026-03-01T11:00:00.000Z')
  })

  test('anything else is not a date-time', ({ assert }) => {
    for (const value of ['', 'tomorrow', '2026-13-01T00:00', '2026-02-30T10:00', '10:00']) {
      assert.deepEqual(parseCityDateTime(value, 'Europe/Berlin'), { ok: false, error: 'format' })
    }
  })

  test('a city day runs from its midnight to the next, 23 hours on spring-forward day', ({
    assert,
  }) => {
    const start = cityDayStart('2026-03-29', 'Europe/Berlin')
    const end = cityDayEnd('2026-03-29', 'Europe/Berlin')
    assert.equal(start.toISO(), '2026-03-28T23:00:00.000Z')
    assert.equal(end.toISO(), '2026-03-29T22:00:00.000Z')
    assert.equal(end.diff(start, 'hours').hours, 23)
    assert.equal(cityDay(DateTime.fromISO('2026-03-28T23:30:00Z'), 'Europe/Berlin'), '2026-03-29')
    assert.equal(cityDay(DateTime.fromISO('2026-03-28T23:30:00Z'), 'UTC'), '2026-03-28')
  })
})

test.group('City time: what pages show (resources/js/lib/dates)', () => {
  test('a datetime-local value shows the instant in the city’s zone around DST', ({ assert }) => {
    assert.equal(inputDateTime('2026-03-29T00:59:00.000Z', 'Europe/Berlin'), '2026-03-29T01:59')
    assert.equal(inputDateTime('2026-03-29T01:00:00.000Z', 'Europe/Berlin'), '2026-03-29T03:00')
    assert.equal(inputDateTime('2026-03-08T07:30:00.000Z', 'America/New_York'), '2026-03-08T03:30')
    assert.equal(inputDateTime('2026-03-01T00:00:00.000Z', 'UTC'), '2026-03-01T00:00')
    assert.equal(inputDateTime(null, 'UTC'), '')
  })

  test('what the server reads from a shown value is the same instant again', ({ assert }) => {
    for (const iso of [
      '2026-03-29T00:59:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2026-12-31T23:00:00.000Z',
    ]) {
      const shown = inputDateTime(iso, 'Europe/Berlin')
      assert.equal(instant(shown, 'Europe/Berlin'), iso, shown)
    }
  })

  test('an instant’s day is the city’s; a calendar date is never shifted', ({ assert }) => {
    assert.equal(formatDay('2026-03-28T23:30:00.000Z', 'en', 'Europe/Moscow'), 'Mar 29, 2026')
    assert.equal(formatDay('2026-03-28T23:30:00.000Z', 'en', 'America/New_York'), 'Mar 28, 2026')
    assert.equal(formatDay('2026-03-29', 'en', 'America/New_York'), 'Mar 29, 2026')
    assert.equal(isoDay('2026-03-28T23:30:00.000Z', 'Europe/Moscow'), '2026-03-29')
    assert.equal(isoDay('2026-03-29', 'Pacific/Honolulu'), '2026-03-29')
  })
})

test.group('Deployment settings from the environment', () => {
  test('CITY_TIME_ZONE: an IANA name as written, UTC by default', ({ assert }) => {
    assert.equal(cityTimeZone('CITY_TIME_ZONE', undefined), 'UTC')
    assert.equal(cityTimeZone('CITY_TIME_ZONE', ''), 'UTC')
    assert.equal(cityTimeZone('CITY_TIME_ZONE', 'Europe/Moscow'), 'Europe/Moscow')
    assert.equal(cityTimeZone('CITY_TIME_ZONE', ' Europe/Kyiv '), 'Europe/Kyiv')
    for (const bad of [
      'Mars/Olympus',
      '+03:00',
      'MSK+3',
      'Europe/Moscow; drop',
      'Europe//Moscow',
    ]) {
      assert.throws(() => cityTimeZone('CITY_TIME_ZONE', bad), /CITY_TIME_ZONE must be an IANA/)
    }
  })

  test('CONTENT_LANGUAGES: a list of en, ru, uk, first = primary; en by default', ({ assert }) => {
    assert.deepEqual(contentLanguages('CONTENT_LANGUAGES', undefined), ['en'])
    assert.deepEqual(contentLanguages('CONTENT_LANGUAGES', 'ru'), ['ru'])
    assert.deepEqual(contentLanguages('CONTENT_LANGUAGES', ' RU, uk '), ['ru', 'uk'])
    assert.throws(() => contentLanguages('CONTENT_LANGUAGES', 'ru,de'), /comma list of en, ru, uk/)
    assert.throws(() => contentLanguages('CONTENT_LANGUAGES', 'ru,,uk'), /comma list/)
    assert.throws(() => contentLanguages('CONTENT_LANGUAGES', 'ru,ru'), /twice/)
  })
})
