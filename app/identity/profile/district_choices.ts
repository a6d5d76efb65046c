import db from '@adonisjs/lucid/services/db'

export interface DistrictChoice {
  id: number
  /** The community's name after its ancestors' ("City › North"). */
  label: string
}

/**
 * The communities a resident may declare as their district: the leaves of the community tree
 * (the most specific areas), each labelled with its path. Read from the `communities` table
 * directly, like the staff access rules (identity imports no module above it).
 */
export async function districtChoices(): Promise<DistrictChoice[]> {
  const result = await db.rawQuery(
    `WITH RECURSIVE tree AS (
       SELECT id, name::text AS path FROM communities WHERE parent_id IS NULL
       UNION ALL
       SELECT c.id, tree.path || ' › ' || c.name FROM communities c JOIN tree ON c.parent_id = tree.id
     )
     SELECT tree.id, tree.path FROM tree
      WHERE NOT EXISTS (SELECT 1 FROM communities child WHERE child.parent_id = tree.id)
      ORDER BY tree.path`
  )
  return result.rows.map((row: { id: number; path: string }) => ({
    id: Number(row.id),
    label: row.path,
  }))
}

export async function isDistrictChoice(id: number): Promise<boolean> {
  const row = await db
    .from('communities')
    .where('id', id)
    .whereNotExists((query) => {
      query.from('communities as child').whereRaw('child.parent_id = communities.id')
    })
    .first()
  return Boolean(row)
}
