import ExcelJS from 'exceljs'
import type { ReportTable } from './report_table.js'

/** One worksheet named after the report: a bold header row, then the rows as typed cells. */
export async function toXlsx(table: ReportTable, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Civic Budget'
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31))
  sheet.addRow(table.columns).font = { bold: true }
  for (const row of table.rows) sheet.addRow(row)
  sheet.columns.forEach((column) => {
    column.width = 18
  })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
