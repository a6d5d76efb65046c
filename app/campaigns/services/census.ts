import { createHmac } from 'node:crypto'
import env from '#start/env'
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'
import type { CensusKind } from '#campaigns/models/census_entry'

/*
| Census registers hold HMAC-SHA256(APP_KEY, tag ‖ kind ‖ value) of each person's
| phone (E.164) or ID hash. The raw value is never stored, and without APP_KEY the
| digests cannot be matched against a phone book.
*/
const TAG = 'civic-budget/census/v1'

export function censusHash(kind: CensusKind, normalizedValue: string): string {
  return createHmac('sha256', env.get('APP_KEY'))
    .update(`${TAG}\u0000${kind}\u0000${normalizedValue}`)
    .digest('hex')
}

/** A phone in E.164, or null when it is not a valid number. */
export function normalizePhone(raw: string): string | null {
  const region = (env.get('DEFAULT_PHONE_REGION') ?? 'RU') as CountryCode
  const phone = parsePhoneNumberFromString(raw.trim(), region)
  return phone && phone.isValid() ? phone.number : null
}

/** An ID hash as the city's registry exports it: 32–128 hex digits, lower-cased. */
export function normalizeIdHash(raw: string): string | null {
  const value = raw.trim().toLowerCase()
  return /^[0-9a-f]{32,128}$/.test(value) ? value : null
}

export function normalizeCensusValue(kind: CensusKind, raw: string): string | null {
  return kind === 'phone' ? normalizePhone(raw) : normalizeIdHash(raw)
}

export interface CensusLine {
  line: number
  valueHash: string
  districtCode: string | null
}

export interface CensusLineError {
  line: number
  code: 'invalid_value' | 'unknown_district' | 'duplicate' | 'too_many_columns' | 'too_many_lines'
  value?: string
}

const HEADER_NAMES = new Set(['phone', 'id_hash', 'id', 'value', 'district', 'district_code'])

/**
 * Parses census CSV text: `value` or `value,district_code` per line (`;` also
 * separates), blank lines skipped, an optional header line. Every bad line is
 * reported; the caller saves nothing unless there are no errors.
 */
export function parseCensusCsv(
  kind: CensusKind,
  text: string,
  linesMax: number
): { entries: CensusLine[]; errors: CensusLineError[] } {
  const entries: CensusLine[] = []
  const errors: CensusLineError[] = []
  const seen = new Map<string, number>()
  const lines = text.split(/\r\n|\n|\r/)
  if (lines.length > linesMax) {
    return { entries: [], errors: [{ line: linesMax + 1, code: 'too_many_lines' }] }
  }
  lines.forEach((rawLine, index) => {
    const lineNumber = index + 1
    const line = rawLine.trim()
    if (line === '') return
    const cells = line.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'))
    if (index === 0 && HEADER_NAMES.has(cells[0].toLowerCase())) return
    if (cells.length > 2) {
      errors.push({ line: lineNumber, code: 'too_many_columns' })
      return
    }
    const value = normalizeCensusValue(kind, cells[0])
    if (value === null) {
      errors.push({ line: lineNumber, code: 'invalid_value', value: mask(cells[0]) })
      return
    }
    const valueHash = censusHash(kind, value)
    if (seen.has(valueHash)) {
      errors.push({ line: lineNumber, code: 'duplicate', value: mask(cells[0]) })
      return
    }
    seen.set(valueHash, lineNumber)
    entries.push({ line: lineNumber, valueHash, districtCode: cells[1] ? cells[1] : null })
  })
  return { entries, errors }
}

/** Error messages quote at most the start of a value (no full phone numbers in logs or flashes). */
function mask(value: string): string {
  return value.length <= 4 ? value : `${value.slice(0, 4)}…`
}
