import type { Cell, ReportTable } from './report_table.js'

/*
 * RFC 4180 CSV (comma, CRLF, quotes doubled) with a UTF-8 BOM so spreadsheet programs read
 * Cyrillic correctly. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the
 * start) gets a leading apostrophe (OWASP "CSV injection"); numbers are written as numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/

function cell(value: Cell): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function toCsv(table: ReportTable): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(cell).join(','))
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}
