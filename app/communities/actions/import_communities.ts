/*
| CSV import of the hierarchy: columns code, name, kind, parent_code,
| population (header row, any order; `,` or `;`). Every row is validated
| first; with any error nothing is saved and every row's errors are returned.
| Otherwise all rows are upserted by code (parents before children, so a
| parent may appear later in the file) in one transaction.
|
| Invariants: after an import the hierarchy is still a forest (cycles through
| file rows and existing rows are rejected); codes are unique ignoring case.
*/
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import { COMMUNITY_KINDS, type CommunityKind } from '#communities/models/community'
import {
  COMMUNITY_CODE_PATTERN,
  POPULATION_MAX,
} from '#communities/validators/community_validators'
import { CsvError, parseCsv, ROWS_MAX } from '#communities/csv'
import { lockTree } from '#communities/actions/save_community'
import { audit } from '#shared/audit'

export const IMPORT_COLUMNS = ['code', 'name', 'kind', 'parent_code', 'population'] as const

export interface ImportRowError {
  line: number
  column: string | null
  /** i18n key under `communities.import.errors.*` */
  error: string
  values?: Record<string, string | number>
}

interface ImportRow {
  line: number
  code: string
  name: string
  kind: CommunityKind
  parentCode: string | null
  population: number
}

export type ImportOutcome =
  | { outcome: 'ok'; created: number; updated: number }
  | { outcome: 'invalid'; errors: ImportRowError[] }

interface Existing {
  id: number
  code: string
  parentId: number | null
}

/** Validates every row; returns parsed rows or all errors. Pure except for the existing-code map passed in. */
export function validateRows(
  text: string,
  existing: Map<string, Existing>,
  existingById: Map<number, Existing>
): { rows: ImportRow[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = []
  let records
  try {
    records = parseCsv(text)
  } catch (error) {
    const line = error instanceof CsvError ? error.line : 1
    return { rows: [], errors: [{ line, column: null, error: 'malformed' }] }
  }
  if (records.length === 0) return { rows: [], errors: [{ line: 1, column: null, error: 'empty' }] }
  const header = records[0].fields.map((name) => name.trim().toLowerCase())
  const missing = IMPORT_COLUMNS.filter((column) => !header.includes(column))
  if (missing.length > 0) {
    return {
      rows: [],
      errors: [
        {
          line: 1,
          column: null,
          error: 'missing_columns',
          values: { columns: missing.join(', ') },
        },
      ],
    }
  }
  if (records.length === 1) return { rows: [], errors: [{ line: 1, column: null, error: 'empty' }] }
  if (records.length - 1 > ROWS_MAX) {
    return {
      rows: [],
      errors: [{ line: 1, column: null, error: 'too_many_rows', values: { max: ROWS_MAX } }],
    }
  }
  const index = Object.fromEntries(IMPORT_COLUMNS.map((column) => [column, header.indexOf(column)]))

  const rows: ImportRow[] = []
  const seen = new Map<string, number>()
  const parentRefs: { line: number; parentCode: string }[] = []
  for (const record of records.slice(1)) {
    const get = (column: (typeof IMPORT_COLUMNS)[number]) =>
      (record.fields[index[column]] ?? '').trim()
    const line = record.line
    const rowErrors: ImportRowError[] = []
    const code = get('code')
    const name = get('name')
    const kind = get('kind').toLowerCase()
    const parentCode = get('parent_code')
    const populationText = get('population').replace(/[\s\u00a0]/g, '')

    if (!code) rowErrors.push({ line, column: 'code', error: 'required' })
    else if (!COMMUNITY_CODE_PATTERN.test(code))
      rowErrors.push({ line, column: 'code', error: 'code_format' })
    else if (seen.has(code.toLowerCase())) {
      rowErrors.push({
        line,
        column: 'code',
        error: 'duplicate_code',
        values: { line: seen.get(code.toLowerCase())! },
      })
    }
    if (!name) rowErrors.push({ line, column: 'name', error: 'required' })
    else if (name.length > 200)
      rowErrors.push({ line, column: 'name', error: 'too_long', values: { max: 200 } })
    if (!(COMMUNITY_KINDS as readonly string[]).includes(kind)) {
      rowErrors.push({
        line,
        column: 'kind',
        error: 'kind',
        values: { kinds: COMMUNITY_KINDS.join(', ') },
      })
    }
    let population = 0
    if (populationText === '') population = 0
    else if (!/^\d+$/.test(populationText) || Number(populationText) > POPULATION_MAX) {
      rowErrors.push({ line, column: 'population', error: 'population' })
    } else population = Number(populationText)
    if (parentCode && parentCode.toLowerCase() === code.toLowerCase()) {
      rowErrors.push({ line, column: 'parent_code', error: 'own_parent' })
    }

    if (code && !seen.has(code.toLowerCase())) seen.set(code.toLowerCase(), line)
    if (parentCode && parentCode.toLowerCase() !== code.toLowerCase()) {
      parentRefs.push({ line, parentCode })
    }
    if (rowErrors.length) {
      errors.push(...rowErrors)
    } else {
      rows.push({
        line,
        code,
        name,
        kind: kind as CommunityKind,
        parentCode: parentCode || null,
        population,
      })
    }
  }

  // Parents must exist in the file or in the database (checked for every row, even invalid ones).
  for (const ref of parentRefs) {
    const key = ref.parentCode.toLowerCase()
    if (!seen.has(key) && !existing.has(key)) {
      errors.push({
        line: ref.line,
        column: 'parent_code',
        error: 'unknown_parent',
        values: { code: ref.parentCode },
      })
    }
  }
  // (A parent that is only on an invalid row counts as present: that row has its own errors.)
  const inFile = new Map(rows.map((row) => [row.code.toLowerCase(), row]))
  // No cycles through the merged tree (file rows override the stored parent).
  const parentOf = (code: string): string | null => {
    const fileRow = inFile.get(code)
    if (fileRow) return fileRow.parentCode?.toLowerCase() ?? null
    const stored = existing.get(code)
    if (!stored || stored.parentId === null) return null
    return existingById.get(stored.parentId)?.code.toLowerCase() ?? null
  }
  for (const row of rows) {
    const visited = new Set<string>([row.code.toLowerCase()])
    let cursor = parentOf(row.code.toLowerCase())
    while (cursor) {
      if (visited.has(cursor)) {
        errors.push({ line: row.line, column: 'parent_code', error: 'cycle' })
        break
      }
      visited.add(cursor)
      cursor = parentOf(cursor)
    }
  }
  errors.sort((a, b) => a.line - b.line)
  return { rows, errors }
}

/** Orders rows so each parent that is in the file comes before its children. */
function parentsFirst(rows: ImportRow[]): ImportRow[] {
  const byCode = new Map(rows.map((row) => [row.code.toLowerCase(), row]))
  const ordered: ImportRow[] = []
  const done = new Set<string>()
  const place = (row: ImportRow) => {
    const key = row.code.toLowerCase()
    if (done.has(key)) return
    done.add(key)
    const parent = row.parentCode ? byCode.get(row.parentCode.toLowerCase()) : undefined
    if (parent) place(parent)
    ordered.push(row)
  }
  rows.forEach(place)
  return ordered
}

async function loadExisting(client: { from: typeof db.from }) {
  const rows = await client.from('communities').select('id', 'code', 'parent_id')
  const byCode = new Map<string, Existing>()
  const byId = new Map<number, Existing>()
  for (const row of rows) {
    const item = {
      id: Number(row.id),
      code: String(row.code),
      parentId: row.parent_id === null ? null : Number(row.parent_id),
    }
    byCode.set(item.code.toLowerCase(), item)
    byId.set(item.id, item)
  }
  return { byCode, byId }
}

export async function importCommunities(ctx: HttpContext, text: string): Promise<ImportOutcome> {
  return db.transaction(async (trx) => {
    await lockTree(trx)
    const { byCode, byId } = await loadExisting(trx)
    const { rows, errors } = validateRows(text, byCode, byId)
    if (errors.length > 0) return { outcome: 'invalid' as const, errors }

    const ids = new Map<string, number>([...byCode].map(([code, item]) => [code, item.id]))
    let created = 0
    let updated = 0
    const now = new Date()
    for (const row of parentsFirst(rows)) {
      const parentId = row.parentCode ? ids.get(row.parentCode.toLowerCase())! : null
      const values = {
        code: row.code,
        name: row.name,
        kind: row.kind,
        parent_id: parentId,
        population: row.population,
      }
      const current = byCode.get(row.code.toLowerCase())
      if (current) {
        await trx
          .from('communities')
          .where('id', current.id)
          .update({ ...values, updated_at: now })
        updated++
      } else {
        const [inserted] = await trx
          .table('communities')
          .insert({ ...values, created_at: now, updated_at: now })
          .returning('id')
        ids.set(row.code.toLowerCase(), Number(inserted.id ?? inserted))
        created++
      }
    }
    await audit.record(
      ctx,
      'community.imported',
      { type: 'community', id: null },
      { rows: rows.length, created, updated, codes: rows.slice(0, 500).map((row) => row.code) },
      { client: trx }
    )
    return { outcome: 'ok' as const, created, updated }
  })
}
