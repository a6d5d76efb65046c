import { checkChoices, type PublicCampaign, type RuleViolation } from '@civic-budget/protocol/rules'
import { readFileLines, readTextLines } from '#shared/text_lines'

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
| caller saves nothing unless no line has an error. An uploaded file is read as a stream.
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

export interface ParsedSheets {
  lines: PaperLine[]
  errors: PaperLineError[]
}

/** The sheets' lines one at a time (pasted text or a streamed file feed it alike). */
class SheetsParser {
  readonly lines: PaperLine[] = []
  readonly errors: PaperLineError[] = []
  private sheets = new Set<number>()
  private separator: string | null = null
  private lineCount = 0

  constructor(private linesMax: number) {}

  /** false once past `linesMax` lines (and a header): the result is then that one error. */
  push(rawLine: string, lineNo: number): boolean {
    this.lineCount = lineNo
    if (lineNo > this.linesMax + 1) return false
    if (rawLine.trim() === '') return true
    // whichever separator the first line uses
    this.separator ??= rawLine.includes(';') ? ';' : ','
    const cells = rawLine.split(this.separator).map((c) =>
      c
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim()
    )
    if (this.lines.length === 0 && this.errors.length === 0 && !/^\d+$/.test(cells[0])) return true
    const error = this.sheet(cells, lineNo)
    if (error) this.errors.push({ line: lineNo, code: error })
    return true
  }

  private sheet(cells: string[], lineNo: number): PaperLineErrorCode | null {
    if (cells.length !== 2) return 'columns'
    const sheetNo = /^\d{1,10}$/.test(cells[0]) ? Number(cells[0]) : 0
    if (sheetNo < 1 || sheetNo > SHEET_NO_MAX) return 'bad_sheet'
    if (this.sheets.has(sheetNo)) return 'duplicate_sheet'
    this.sheets.add(sheetNo)
    const choices = []
    for (const token of cells[1].split(/\s+/).filter((t) => t !== '')) {
      const m = CHOICE.exec(token)
      if (!m || Number(m[1]) < 1 || (m[2] !== undefined && Number(m[2]) < 1)) return 'bad_projects'
      choices.push({ projectId: Number(m[1]), weight: m[2] === undefined ? 1 : Number(m[2]) })
    }
    if (choices.length === 0) return 'empty_sheet'
    this.lines.push({ line: lineNo, sheetNo, choices })
    return null
  }

  result(): ParsedSheets {
    if (this.lineCount > this.linesMax + 1) {
      return { lines: [], errors: [{ line: this.linesMax + 1, code: 'too_many_lines' }] }
    }
    if (this.lines.length === 0 && this.errors.length === 0) {
      return { lines: [], errors: [{ line: 1, code: 'empty_file' }] }
    }
    return { lines: this.lines, errors: this.errors }
  }
}

/** The sheets of pasted text. */
export function parsePaperCsv(text: string, linesMax = PAPER_LINES_MAX): ParsedSheets {
  const parser = new SheetsParser(linesMax)
  readTextLines(text, (line, lineNo) => parser.push(line, lineNo))
  return parser.result()
}

/** The sheets of an uploaded file, read as a stream (reading stops past `linesMax` lines). */
export async function parsePaperFile(
  path: string,
  linesMax = PAPER_LINES_MAX
): Promise<ParsedSheets> {
  const parser = new SheetsParser(linesMax)
  await readFileLines(path, (line, lineNo) => parser.push(line, lineNo))
  return parser.result()
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

export interface ProjectTotal {
  projectId: number
  /** Sheets choosing the project. */
  votes: number
  /** Sum of the weights given to it (= votes for approval pots). */
  points: number
}

/** Per project of `projectIds` (in that order, zeros included): what the sheets give it. */
export function projectTotals(
  lines: readonly PaperLine[],
  projectIds: readonly number[]
): ProjectTotal[] {
  const totals = new Map(projectIds.map((id) => [id, { projectId: id, votes: 0, points: 0 }]))
  for (const line of lines) {
    for (const choice of line.choices) {
      const total = totals.get(choice.projectId)
      if (!total) continue
      total.votes++
      total.points += choice.weight
    }
  }
  return [...totals.values()]
}
