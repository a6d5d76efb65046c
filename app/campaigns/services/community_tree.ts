import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/** Ids of a community and all communities below it. */
export async function subtreeIds(
  rootIds: number[],
  client: QueryClientContract = db.connection()
): Promise<number[]> {
  if (rootIds.length === 0) return []
  const rows = await client.rawQuery(
    `WITH RECURSIVE down AS (
       SELECT id FROM communities WHERE id = ANY(?::int[])
       UNION
       SELECT c.id FROM communities c JOIN down ON c.parent_id = down.id
     ) SELECT id FROM down`,
    [rootIds]
  )
  return rows.rows.map((row: { id: number }) => row.id)
}

/** Whether `communityId` is `rootId` or lies below it. */
export async function isWithin(
  communityId: number,
  rootId: number,
  client: QueryClientContract = db.connection()
): Promise<boolean> {
  const ids = await subtreeIds([rootId], client)
  return ids.includes(communityId)
}
