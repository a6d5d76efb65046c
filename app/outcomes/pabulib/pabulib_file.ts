import type { Rational } from '../rational.js'
import type { VoteType } from '../types.js'

/** One project row. `fields` holds every column of the row as text, by column name. */
export interface PabulibProject {
  id: string
  cost: Rational
  fields: Record<string, string>
}

/**
 * One ballot row. `fields` holds the columns other than voter_id, vote and (for cumulative and
 * scoring files) points.
 */
export interface PabulibVote {
  voterId: string
  projects: string[]
  points?: Rational[]
  fields: Record<string, string>
}

/** A parsed Pabulib (.pb) file: https://pabulib.org/format */
export interface PabulibFile {
  /** META in file order (includes budget and vote_type as text). */
  meta: Map<string, string>
  budget: Rational
  voteType: VoteType
  /** PROJECTS header, in file order. */
  projectColumns: string[]
  projects: PabulibProject[]
  /** VOTES header, in file order. */
  voteColumns: string[]
  votes: PabulibVote[]
  /** Non-fatal findings (e.g. num_votes differs from the number of rows). */
  warnings: string[]
}

/**
 * The city's own selection from the PROJECTS `selected` column: ids whose value is neither empty nor
 * "0" (Poznań marks reserve-funded projects with 2), in file order; null when there is no such column.
 */
export function selectedColumn(file: PabulibFile): string[] | null {
  if (!file.projectColumns.includes('selected')) return null
  return file.projects
    .filter((p) => (p.fields.selected ?? '').trim() !== '' && p.fields.selected.trim() !== '0')
    .map((p) => p.id)
}
