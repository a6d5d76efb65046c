import { createHmac } from 'node:crypto'
import env from '#start/env'
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'
import type { CensusKind } from '#campaigns/models/census_entry'
import { readFileLines, readTextLines } from '#shared/text_lines'

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

export interface ParsedCensus {
  entries: CensusLine[]
  errors: CensusLineError[]
}

/**
 * A census CSV read line by line: `value` or `value,district_code` per line (`;` or a tab also
 * separates), blank lines skipped, an optional header line. Every bad line is reported; the
 * caller saves nothing unless there are no errors. Only the values' hashes are kept, never the
 * text: a 200,000-line upload is read from its file as a stream (`parseCensusFile`).
 */
class CensusParser {
  readonly entries: CensusLine[] = []
  readonly errors: CensusLineError[] = []
  private seen = new Set<string>()
  private lineNumber = 0

  constructor(
    private kind: CensusKind,
    private linesMax: number
  ) {}

  /** false once the file has more than `linesMax` lines (the result is then that one error). */
  push(rawLine: string): boolean {
    this.lineNumber++
    if (this.lineNumber > this.linesMax) return false
    const line = rawLine.trim()
    if (line === '') return true
    const cells = line.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'))
    if (this.lineNumber === 1 && HEADER_NAMES.has(cells[0].toLowerCase())) return true
    if (cells.length > 2) {
      this.errors.push({ line: this.lineNumber, code: 'too_many_columns' })
      return true
    }
    const value = normalizeCensusValue(this.kind, cells[0])
    if (value === null) {
      this.errors.push({ line: this.lineNumber, code: 'invalid_value', value: mask(cells[0]) })
      return true
    }
    const valueHash = censusHash(this.kind, value)
    if (this.seen.has(valueHash)) {
      this.errors.push({ line: this.lineNumber, code: 'duplicate', value: mask(cells[0]) })
      return true
    }
    this.seen.add(valueHash)
    this.entries.push({
      line: this.lineNumber,
      valueHash,
      districtCode: cells[1] ? cells[1] : null,
    })
    return true
  }

  result(): ParsedCensus {
    if (this.lineNumber > this.linesMax) {
      return { entries: [], errors: [{ line: this.linesMax + 1, code: 'too_many_lines' }] }
    }
    return { entries: this.entries, errors: this.errors }
  }
}

/** Parses census CSV text (pasted into the form). */
export function parseCensusCsv(kind: CensusKind, text: string, linesMax: number): ParsedCensus {
  const parser = new CensusParser(kind, linesMax)
  readTextLines(text, (line) => parser.push(line))
  return parser.result()
}

/** Parses an uploaded census CSV file as a stream; stops reading past `linesMax` lines. */
export async function parseCensusFile(
  kind: CensusKind,
  path: string,
  linesMax: number
): Promise<ParsedCensus> {
  const parser = new CensusParser(kind, linesMax)
  await readFileLines(path, (line) => parser.push(line))
  return parser.result()
}

/** Error messages quote at most the start of a value (no full phone numbers in logs or flashes). */
function mask(value: string): string {
  return value.length <= 4 ? value : `${value.slice(0, 4)}…`
}
