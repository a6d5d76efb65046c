import { checkChoices, type PublicCampaign, type RuleViolation } from '@civic-budget/protocol/rules'

/*
| A polling station's paper ballots as CSV (app/voting/README.md "Paper ballots"):
|
|   sheet;projects                  ← optional header (first cell not a number)
|   1;11 13
|   2;12:3 14:2                     ← `project:weight` for points (cumulative) or ranks (ranked)
|
| One line per sheet: the sheet number (1, 2, …, unique in the file) and the chosen project ids
| separated by spaces (as on the ledger's campaign record; weight 1 unless `:weight`). No voter: who
| voted is a separate list (`voter_list.ts`), never joined with the sheets by line. `;` or `,`
| separates cells (whichever the first line uses); blank lines are skipped. Every line is checked; the
| caller saves nothing unless no line has an error.
*/
// A batch holds at most this many sheets (and voters): one check of a voter list tells an admin
// about few people (issue #13, "Paper preview").
export const PAPER_LINES_MAX = 2_000

export interface PaperLine {
  line: number
  sheetNo: number
  choices: { projectId: number; weight: number }[]
}

export type PaperLineErrorCode =
  | 'too_many_lines'
  | 'empty_file'
  | 'columns'
  | 'bad_sheet'
  | 'duplicate_sheet'
  | 'bad_projects'
  | 'empty_sheet'
  | 'rule'

export interface PaperLineError {
  line: number
  code: PaperLineErrorCode
  /** For `rule`: the first violation. */
  violation?: RuleViolation
}

const SHEET_NO_MAX = 2_147_483_647
const CHOICE = /^(\d{1,9})(?::(\d{1,4}))?$/

export function parsePaperCsv(text: string): { lines: PaperLine[]; errors: PaperLineError[] } {
  const raw = text.split(/\r\n|\n|\r/)
  if (raw.length > PAPER_LINES_MAX + 1) {
    return { lines: [], errors: [{ line: PAPER_LINES_MAX + 1, code: 'too_many_lines' }] }
  }
  const first = raw.find((l) => l.trim() !== '') ?? ''
  const separator = first.includes(';') ? ';' : ','
  const columns = 2
  const lines: PaperLine[] = []
  const errors: PaperLineError[] = []
  const sheets = new Set<number>()
  raw.forEach((rawLine, index) => {
    const lineNo = index + 1
    if (rawLine.trim() === '') return
    const cells = rawLine.split(separator).map((c) =>
      c
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim()
    )
    if (lines.length === 0 && errors.length === 0 && !/^\d+$/.test(cells[0])) return // header
    if (cells.length !== columns) return void errors.push({ line: lineNo, code: 'columns' })
    const sheetNo = /^\d{1,10}$/.test(cells[0]) ? Number(cells[0]) : 0
    if (sheetNo < 1 || sheetNo > SHEET_NO_MAX) {
      return void errors.push({ line: lineNo, code: 'bad_sheet' })
    }
    if (sheets.has(sheetNo)) return void errors.push({ line: lineNo, code: 'duplicate_sheet' })
    sheets.add(sheetNo)
    const tokens = cells[1].split(/\s+/).filter((t) => t !== '')
    const choices = []
    for (const token of tokens) {
      const m = CHOICE.exec(token)
      if (!m || Number(m[1]) < 1 || (m[2] !== undefined && Number(m[2]) < 1)) {
        return void errors.push({ line: lineNo, code: 'bad_projects' })
      }
      choices.push({ projectId: Number(m[1]), weight: m[2] === undefined ? 1 : Number(m[2]) })
    }
    if (choices.length === 0) return void errors.push({ line: lineNo, code: 'empty_sheet' })
    lines.push({ line: lineNo, sheetNo, choices })
  })
  if (lines.length === 0 && errors.length === 0) errors.push({ line: 1, code: 'empty_file' })
  return { lines, errors }
}

/** The ballot rules of every sheet (`checkChoices`, the rules the voting page and replicas apply). */
export function checkPaperRules(
  lines: readonly PaperLine[],
  campaign: Pick<PublicCampaign, 'pots' | 'projects'>
): PaperLineError[] {
  const errors: PaperLineError[] = []
  for (const l of lines) {
    const [violation] = checkChoices(l.choices, campaign)
    if (violation) errors.push({ line: l.line, code: 'rule', violation })
  }
  return errors
}
