import { normalizeCensusValue } from '#campaigns/services/census'
import { PAPER_LINES_MAX } from '#voting/paper/paper_csv'

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

export function parseVoterList(
  text: string,
  kind: Exclude<VoterKind, 'none'>
): { voters: Voter[]; errors: VoterLineError[] } {
  const raw = text.split(/\r\n|\n|\r/)
  if (raw.length > PAPER_LINES_MAX + 1) {
    return { voters: [], errors: [{ line: PAPER_LINES_MAX + 1, code: 'too_many_lines' }] }
  }
  const voters: Voter[] = []
  const errors: VoterLineError[] = []
  const seen = new Set<string>()
  raw.forEach((rawLine, index) => {
    const line = index + 1
    const cell = rawLine
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim()
    if (cell === '') return
    if (voters.length === 0 && errors.length === 0 && HEADERS.has(cell.toLowerCase())) return
    const value = normalizeCensusValue(kind, cell)
    if (value === null) return void errors.push({ line, code: 'bad_voter' })
    if (seen.has(value)) return void errors.push({ line, code: 'duplicate_voter' })
    seen.add(value)
    voters.push({ line, value })
  })
  return { voters, errors }
}
