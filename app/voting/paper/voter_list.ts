import { normalizeCensusValue } from '#campaigns/services/census'
import { PAPER_LINES_MAX } from '#voting/paper/paper_csv'
import { readFileLines, readTextLines } from '#shared/text_lines'

/*
| Who voted at a polling station (app/voting/README.md "Paper ballots"): one phone (any usual
| spelling) or register ID hash (any letter case) per line, an optional header line (`phone`, `id_hash`,
| `voter`), blank lines skipped. A list of its own, never joined with the sheets: nothing says which
| sheet is whose. Every line is checked; the caller saves nothing unless no line has an error.
*/
export type VoterKind = 'none' | 'phone' | 'id_hash'

export type VoterLineErrorCode =
  'too_many_lines' | 'bad_voter' | 'duplicate_voter' | 'already_voted'

export interface VoterLineError {
  line: number
  code: VoterLineErrorCode
}

export interface Voter {
  line: number
  /** E.164 phone or lower-case ID hash. */
  value: string
}

const HEADERS = new Set(['phone', 'id_hash', 'id', 'voter', 'voters'])

export interface ParsedVoters {
  voters: Voter[]
  errors: VoterLineError[]
}

/** The voter list's lines one at a time (pasted text or a streamed file feed it alike). */
class VotersParser {
  readonly voters: Voter[] = []
  readonly errors: VoterLineError[] = []
  private seen = new Set<string>()
  private lineCount = 0

  constructor(
    private kind: Exclude<VoterKind, 'none'>,
    private linesMax: number
  ) {}

  /** false once past `linesMax` lines (and a header): the result is then that one error. */
  push(rawLine: string, line: number): boolean {
    this.lineCount = line
    if (line > this.linesMax + 1) return false
    const cell = rawLine
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim()
    if (cell === '') return true
    if (this.voters.length === 0 && this.errors.length === 0 && HEADERS.has(cell.toLowerCase())) {
      return true
    }
    const value = normalizeCensusValue(this.kind, cell)
    if (value === null) this.errors.push({ line, code: 'bad_voter' })
    else if (this.seen.has(value)) this.errors.push({ line, code: 'duplicate_voter' })
    else {
      this.seen.add(value)
      this.voters.push({ line, value })
    }
    return true
  }

  result(): ParsedVoters {
    if (this.lineCount > this.linesMax + 1) {
      return { voters: [], errors: [{ line: this.linesMax + 1, code: 'too_many_lines' }] }
    }
    return { voters: this.voters, errors: this.errors }
  }
}

/** The voters of pasted text. */
export function parseVoterList(
  text: string,
  kind: Exclude<VoterKind, 'none'>,
  linesMax = PAPER_LINES_MAX
): ParsedVoters {
  const parser = new VotersParser(kind, linesMax)
  readTextLines(text, (line, lineNo) => parser.push(line, lineNo))
  return parser.result()
}

/** The voters of an uploaded file, read as a stream (reading stops past `linesMax` lines). */
export async function parseVoterFile(
  path: string,
  kind: Exclude<VoterKind, 'none'>,
  linesMax = PAPER_LINES_MAX
): Promise<ParsedVoters> {
  const parser = new VotersParser(kind, linesMax)
  await readFileLines(path, (line, lineNo) => parser.push(line, lineNo))
  return parser.result()
}
