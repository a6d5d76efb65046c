import db from '@adonisjs/lucid/services/db'
import type StaffUser from '#identity/models/staff_user'

/** `id → "Name (code)"` for the given community ids (nulls skipped). */
export async function communityNames(ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))]
  const names = new Map<number, string>()
  if (wanted.length === 0) return names
  const rows = await db.from('communities').whereIn('id', wanted).select('id', 'name', 'code')
  for (const row of rows) names.set(Number(row.id), `${row.name} (${row.code})`)
  return names
}

export type MemberStatus = 'active' | 'inactive' | 'pending'

export function memberStatus(member: StaffUser): MemberStatus {
  if (member.password === null) return 'pending'
  return member.active ? 'active' : 'inactive'
}

/** Community choices for scope selects: every community (or only the admin's scope), tree-indented. */
export async function communityOptions(scope: 'all' | number[]) {
  const query = db.from('communities').select('id', 'name', 'code', 'kind').orderBy('name')
  if (scope !== 'all') query.whereIn('id', scope.length ? scope : [0])
  const rows = await query
  return rows.map((row) => ({ id: Number(row.id), label: `${row.name} (${row.code})` }))
}
