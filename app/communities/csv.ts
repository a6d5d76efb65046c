/*
| A small RFC 4180 CSV reader: quoted fields (with "" escapes and newlines),
| `,` or `;` separators (detected from the header line), CRLF/LF, UTF-8 BOM.
| Limits: ROWS_MAX rows, FIELD_LENGTH_MAX characters per field.
*/
export const ROWS_MAX = 50_000
const FIELD_LENGTH_MAX = 1_000

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number
  ) {
    super(message)
  }
}

export interface CsvRecord {
  /** 1-based line number in the file where the record starts. */
  line: number
  fields: string[]
}

export function detectSeparator(text: string): ',' | ';' {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  const semicolons = firstLine.split(';').length - 1
  const commas = firstLine.split(',').length - 1
  return semicolons > commas ? ';' : ','
}

export function parseCsv(
  input: string,
  separator: ',' | ';' = detectSeparator(input)
): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let quoted = false
  let fieldWasQuoted = false
  let line = 1
  let recordLine = 1

  const endField = () => {
    if (field.length > FIELD_LENGTH_MAX) throw new CsvError('field too long', recordLine)
    fields.push(fieldWasQuoted ? field : field.trim())
    field = ''
    fieldWasQuoted = false
  }
  const endRecord = () => {
    endField()
    if (!(fields.length === 1 && fields[0] === '')) {
      records.push({ line: recordLine, fields })
      if (records.length > ROWS_MAX + 1) throw new CsvError('too many rows', recordLine)
    }
    fields = []
  }

  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else {
          quoted = false
        }
      } else {
        if (char === '\n') line++
        field += char
      }
      continue
    }
    if (char === '"' && field.trim() === '') {
      quoted = true
      fieldWasQuoted = true
      field = ''
    } else if (char === separator) {
      endField()
    } else if (char === '\r' && text[i + 1] === '\n') {
      continue
    } else if (char === '\n' || char === '\r') {
      endRecord()
      line++
      recordLine = line
    } else {
      field += char
    }
  }
  if (quoted) throw new CsvError('unterminated quoted field', recordLine)
  if (field !== '' || fields.length > 0) endRecord()
  return records
}
