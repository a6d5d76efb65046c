import { Rational } from '../rational.js'
import type { VoteType } from '../types.js'
import type { PabulibFile } from './pabulib_file.js'

/*
 * Pabulib (.pb) writer: META, PROJECTS (project_id; cost; other columns; selected), VOTES
 * (voter_id; vote; points for cumulative/scoring; other columns). Fields are quoted only when needed
 * (`;`, `"`, a line break, surrounding whitespace, a leading `#`, or a lone all-caps word that would
 * read as a section name), so parsePabulib(writePabulib(x)) gives x back (voter ids aside, see
 * `voterIds`).
 */

export interface PabulibDocument {
  meta: Map<string, string> | Iterable<[string, string]>
  budget: Rational
  voteType: VoteType
  /** Extra column order for PROJECTS (project_id and cost always come first). */
  projectColumns?: string[]
  projects: { id: string; cost: Rational; fields?: Record<string, string> }[]
  /** Extra column order for VOTES (voter_id, vote and points always come first). */
  voteColumns?: string[]
  votes: {
    voterId?: string
    projects: readonly string[]
    points?: readonly Rational[]
    fields?: Record<string, string>
  }[]
}

export interface WriteOptions {
  /** Ids to mark with selected = 1 (others 0); when given, a `selected` column is written. */
  selected?: Iterable<string>
  /** 'pseudonymous' (default): voters are numbered 1..n in order; 'keep': use each vote's voterId. */
  voterIds?: 'pseudonymous' | 'keep'
  /** Line end, default "\n". */
  newline?: '\n' | '\r\n'
}

const SECTION_LIKE = /^[A-Z][A-Z0-9_ ]*$/

function field(value: string, first: boolean): string {
  const needsQuotes =
    /[;"\r\n]/.test(value) || value !== value.trim() || (first && value.startsWith('#'))
  return needsQuotes ? `"${value.replaceAll('"', '""')}"` : value
}

function row(values: string[]): string {
  if (values.length === 1 && SECTION_LIKE.test(values[0])) return `"${values[0]}"`
  return values.map((v, j) => field(v, j === 0)).join(';')
}

function numberText(r: Rational): string {
  return r.toString()
}

export function writePabulib(
  doc: PabulibDocument | PabulibFile,
  options: WriteOptions = {}
): string {
  const nl = options.newline ?? '\n'
  const out: string[] = []
  const meta = new Map<string, string>(doc.meta instanceof Map ? doc.meta : [...doc.meta])
  // Keep the file's own spelling of the budget ("1000.50") when it is the same number.
  const budgetText = meta.get('budget')
  if (budgetText === undefined || !Rational.tryParse(budgetText)?.eq(doc.budget))
    meta.set('budget', numberText(doc.budget))
  meta.set('vote_type', doc.voteType)
  if (meta.has('num_projects')) meta.set('num_projects', String(doc.projects.length))
  if (meta.has('num_votes')) meta.set('num_votes', String(doc.votes.length))

  out.push('META', 'key;value')
  for (const [k, v] of meta) out.push(row([k, v]))

  const selected = options.selected === undefined ? null : new Set(options.selected)
  // Other columns keep their order; a `selected` column is added at the end when asked for and absent.
  const projectExtra = (doc.projectColumns ?? []).filter((c) => c !== 'project_id' && c !== 'cost')
  if (selected !== null && !projectExtra.includes('selected')) projectExtra.push('selected')
  out.push('PROJECTS', row(['project_id', 'cost', ...projectExtra]))
  for (const p of doc.projects) {
    if (p.id.includes(',')) throw new Error(`project id "${p.id}" contains a comma`)
    const values = [p.id, numberText(p.cost)]
    for (const c of projectExtra) {
      if (c === 'selected' && selected !== null) values.push(selected.has(p.id) ? '1' : '0')
      else values.push(p.fields?.[c] ?? '')
    }
    out.push(row(values))
  }

  const withPoints = doc.voteType === 'cumulative' || doc.voteType === 'scoring'
  const fixedVote = new Set(['voter_id', 'vote', ...(withPoints ? ['points'] : [])])
  const voteExtra = (doc.voteColumns ?? []).filter((c) => !fixedVote.has(c))
  out.push('VOTES', row(['voter_id', 'vote', ...(withPoints ? ['points'] : []), ...voteExtra]))
  const pseudonymous = (options.voterIds ?? 'pseudonymous') === 'pseudonymous'
  doc.votes.forEach((v, i) => {
    const voterId = pseudonymous ? String(i + 1) : v.voterId
    if (voterId === undefined || voterId === '') throw new Error(`vote ${i + 1} has no voter id`)
    const values = [voterId, v.projects.join(',')]
    if (withPoints) {
      if (!v.points || v.points.length !== v.projects.length)
        throw new Error(`vote ${i + 1} needs one point per project`)
      values.push(v.points.map(numberText).join(','))
    }
    for (const c of voteExtra) values.push(v.fields?.[c] ?? '')
    out.push(row(values))
  })
  return out.join(nl) + nl
}
