import { Rational } from '../rational.js'
import { VOTE_TYPES, type VoteType } from '../types.js'
import type { PabulibFile, PabulibProject, PabulibVote } from './pabulib_file.js'

/*
 * Pabulib (.pb) reader. Sections META, PROJECTS, VOTES in this order, each once; the first row of each
 * is a header; fields separated by `;`; a field may be quoted with `"` (`""` inside stands for one
 * quote) and then may hold `;` and line breaks; unquoted fields are trimmed; blank lines and lines
 * starting with `#` are ignored; LF, CRLF and CR line ends and a leading BOM are accepted.
 *
 * Anything malformed throws a PabulibParseError whose message starts with "line N:".
 */

export class PabulibParseError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string
  ) {
    super(`line ${line}: ${reason}`)
    this.name = 'PabulibParseError'
  }
}

interface RawRecord {
  line: number
  fields: string[]
  quoted: boolean[]
}

type SectionName = 'META' | 'PROJECTS' | 'VOTES'
const SECTION_ORDER: SectionName[] = ['META', 'PROJECTS', 'VOTES']
const SECTION_LIKE = /^[A-Z][A-Z0-9_ ]*$/

/** Splits the text into records, honouring quotes across line breaks. */
function* readRecords(text: string): Generator<RawRecord> {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const lines = text.split(/\r\n|\n|\r/)
  let i = 0
  while (i < lines.length) {
    const startLine = i + 1
    let line = lines[i++]
    if (line.indexOf('"') < 0) {
      const trimmed = line.trim()
      if (trimmed === '' || trimmed.startsWith('#')) continue
      const fields = line.split(';')
      for (let j = 0; j < fields.length; j++) fields[j] = fields[j].trim()
      yield { line: startLine, fields, quoted: new Array<boolean>(fields.length).fill(false) }
      continue
    }
    if (line.trimStart().startsWith('#')) continue
    const fields: string[] = []
    const quoted: boolean[] = []
    let pos = 0
    for (;;) {
      // At the start of a field.
      let p = pos
      while (p < line.length && (line[p] === ' ' || line[p] === '\t')) p++
      if (line[p] === '"') {
        let value = ''
        p++
        for (;;) {
          const close = line.indexOf('"', p)
          if (close < 0) {
            value += line.slice(p) + '\n'
            if (i >= lines.length)
              throw new PabulibParseError(startLine, 'quoted field is not closed')
            line = lines[i++]
            p = 0
            continue
          }
          value += line.slice(p, close)
          if (line[close + 1] === '"') {
            value += '"'
            p = close + 2
            continue
          }
          p = close + 1
          break
        }
        while (p < line.length && (line[p] === ' ' || line[p] === '\t')) p++
        fields.push(value)
        quoted.push(true)
        if (p >= line.length) break
        if (line[p] !== ';') {
          throw new PabulibParseError(
            i,
            `unexpected character ${JSON.stringify(line[p])} after a closing quote`
          )
        }
        pos = p + 1
      } else {
        const end = line.indexOf(';', p)
        if (end < 0) {
          fields.push(line.slice(p).trim())
          quoted.push(false)
          break
        }
        fields.push(line.slice(p, end).trim())
        quoted.push(false)
        pos = end + 1
      }
    }
    yield { line: startLine, fields, quoted }
  }
}

function parseNumber(text: string, line: number, what: string): Rational {
  const r = Rational.tryParse(text)
  if (r === null)
    throw new PabulibParseError(line, `${what} is not a number: ${JSON.stringify(text)}`)
  return r
}

function checkHeader(record: RawRecord, required: string[], section: SectionName): string[] {
  const columns = record.fields.map((f) => f.trim())
  const seen = new Set<string>()
  for (const c of columns) {
    if (c === '')
      throw new PabulibParseError(record.line, `${section} header has an empty column name`)
    if (seen.has(c))
      throw new PabulibParseError(record.line, `${section} header repeats column "${c}"`)
    seen.add(c)
  }
  for (const r of required) {
    if (!seen.has(r))
      throw new PabulibParseError(record.line, `${section} header lacks the "${r}" column`)
  }
  return columns
}

export function parsePabulib(text: string): PabulibFile {
  const meta = new Map<string, string>()
  const metaLines = new Map<string, number>()
  const projects: PabulibProject[] = []
  const projectIndex = new Map<string, PabulibProject>()
  const votes: PabulibVote[] = []
  const voterIds = new Set<string>()
  let projectColumns: string[] = []
  let voteColumns: string[] = []
  let section: SectionName | null = null
  const sectionLine = new Map<SectionName, number>()
  let header: string[] | null = null
  let voteType: VoteType | null = null
  let budget: Rational | null = null
  let lastLine = 0
  const noFields: Record<string, string> = Object.freeze({}) as Record<string, string>

  // Column positions of VOTES, set by its header.
  let voterCol = -1
  let voteCol = -1
  let pointsCol = -1
  let voteExtra: number[] = []

  const finishMeta = (line: number) => {
    const metaLine = sectionLine.get('META') ?? line
    const budgetText = meta.get('budget')
    if (budgetText === undefined || budgetText.trim() === '')
      throw new PabulibParseError(metaLine, 'META has no budget')
    budget = parseNumber(budgetText, metaLines.get('budget')!, 'budget')
    if (budget.isNegative())
      throw new PabulibParseError(metaLines.get('budget')!, 'budget is negative')
    const vt = meta.get('vote_type')
    if (vt === undefined || vt.trim() === '')
      throw new PabulibParseError(metaLine, 'META has no vote_type')
    if (!VOTE_TYPES.includes(vt.trim() as VoteType)) {
      throw new PabulibParseError(
        metaLines.get('vote_type')!,
        `unknown vote_type "${vt}" (expected one of ${VOTE_TYPES.join(', ')})`
      )
    }
    voteType = vt.trim() as VoteType
  }

  for (const record of readRecords(text)) {
    lastLine = record.line
    const { line, fields } = record
    if (fields.length === 1 && !record.quoted[0]) {
      const name = fields[0].toUpperCase()
      if (name === 'META' || name === 'PROJECTS' || name === 'VOTES') {
        const next = name as SectionName
        if (sectionLine.has(next))
          throw new PabulibParseError(line, `section ${next} appears twice`)
        const expected = SECTION_ORDER[sectionLine.size]
        if (next !== expected)
          throw new PabulibParseError(line, `section ${next} found where ${expected} was expected`)
        if (section !== null && header === null)
          throw new PabulibParseError(line, `section ${section} has no header row`)
        if (section === 'META') finishMeta(line)
        section = next
        sectionLine.set(next, line)
        header = null
        continue
      }
      if (SECTION_LIKE.test(fields[0]))
        throw new PabulibParseError(line, `unknown section "${fields[0]}"`)
    }
    if (section === null) throw new PabulibParseError(line, 'data before the META section')
    if (header === null) {
      if (section === 'META') {
        header = checkHeader(record, [], section)
        if (
          header.length !== 2 ||
          header[0].toLowerCase() !== 'key' ||
          header[1].toLowerCase() !== 'value'
        ) {
          throw new PabulibParseError(line, 'META header must be "key;value"')
        }
      } else if (section === 'PROJECTS') {
        header = checkHeader(record, ['project_id', 'cost'], section)
        projectColumns = header
      } else {
        header = checkHeader(record, ['voter_id', 'vote'], section)
        voteColumns = header
        voterCol = header.indexOf('voter_id')
        voteCol = header.indexOf('vote')
        const needsPoints = voteType === 'cumulative' || voteType === 'scoring'
        pointsCol = needsPoints ? header.indexOf('points') : -1
        if (needsPoints && pointsCol < 0) {
          throw new PabulibParseError(
            line,
            `VOTES header lacks the "points" column required for ${voteType} voting`
          )
        }
        voteExtra = header
          .map((_, j) => j)
          .filter((j) => j !== voterCol && j !== voteCol && j !== pointsCol)
      }
      continue
    }
    if (fields.length !== header.length) {
      throw new PabulibParseError(
        line,
        `${section} row has ${fields.length} fields, the header has ${header.length}`
      )
    }
    if (section === 'META') {
      const key = fields[0].trim()
      if (key === '') throw new PabulibParseError(line, 'META key is empty')
      if (meta.has(key)) throw new PabulibParseError(line, `META key "${key}" appears twice`)
      meta.set(key, fields[1])
      metaLines.set(key, line)
    } else if (section === 'PROJECTS') {
      const row: Record<string, string> = {}
      header.forEach((column, j) => (row[column] = fields[j]))
      const id = row.project_id
      if (id === '') throw new PabulibParseError(line, 'project_id is empty')
      if (projectIndex.has(id)) throw new PabulibParseError(line, `project "${id}" appears twice`)
      const cost = parseNumber(row.cost, line, `cost of project "${id}"`)
      if (cost.isNegative())
        throw new PabulibParseError(line, `cost of project "${id}" is negative`)
      const project = { id, cost, fields: row }
      projects.push(project)
      projectIndex.set(id, project)
    } else {
      const voterId = fields[voterCol]
      if (voterId === '') throw new PabulibParseError(line, 'voter_id is empty')
      if (voterIds.has(voterId))
        throw new PabulibParseError(line, `voter "${voterId}" appears twice`)
      voterIds.add(voterId)
      const voteText = fields[voteCol].trim()
      const chosen = voteText === '' ? [] : voteText.split(',').map((s) => s.trim())
      for (const id of chosen) {
        if (!projectIndex.has(id)) {
          throw new PabulibParseError(
            line,
            `voter "${voterId}" votes for unknown project ${JSON.stringify(id)}`
          )
        }
      }
      if (voteType === 'choose-1' && chosen.length > 1) {
        throw new PabulibParseError(
          line,
          `voter "${voterId}" chose ${chosen.length} projects on a choose-1 ballot`
        )
      }
      const vote: PabulibVote = { voterId, projects: chosen, fields: noFields }
      if (pointsCol >= 0) {
        const pointsText = fields[pointsCol].trim()
        const parts = pointsText === '' ? [] : pointsText.split(',')
        if (parts.length !== chosen.length) {
          throw new PabulibParseError(
            line,
            `voter "${voterId}" has ${parts.length} point values for ${chosen.length} projects`
          )
        }
        vote.points = parts.map((s) => parseNumber(s, line, `points of voter "${voterId}"`))
      }
      if (voteExtra.length > 0) {
        const extra: Record<string, string> = {}
        for (const j of voteExtra) extra[header[j]] = fields[j]
        vote.fields = extra
      }
      votes.push(vote)
    }
  }

  for (const s of SECTION_ORDER) {
    if (!sectionLine.has(s)) throw new PabulibParseError(lastLine + 1, `section ${s} is missing`)
  }
  if (header === null) throw new PabulibParseError(lastLine + 1, 'section VOTES has no header row')

  const warnings: string[] = []
  const declaredProjects = meta.get('num_projects')
  if (declaredProjects !== undefined && declaredProjects.trim() !== String(projects.length)) {
    warnings.push(
      `META num_projects is ${declaredProjects} but PROJECTS has ${projects.length} rows`
    )
  }
  const declaredVotes = meta.get('num_votes')
  if (declaredVotes !== undefined && declaredVotes.trim() !== String(votes.length)) {
    warnings.push(`META num_votes is ${declaredVotes} but VOTES has ${votes.length} rows`)
  }
  return {
    meta,
    budget: budget!,
    voteType: voteType!,
    projectColumns,
    projects,
    voteColumns,
    votes,
    warnings,
  }
}
