/*
| Read helpers over the community hierarchy for every module (public surface of
| the communities module). All queries are recursive CTEs over parent_id;
| depth is capped so a corrupted (cyclic) tree can never loop forever.
*/
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { CommunityKind } from '#communities/models/community'

export interface CommunityNode {
  id: number
  parentId: number | null
  kind: CommunityKind
  code: string
  name: string
  population: number
  depth: number
}

const DEPTH_MAX = 32

function mapRow(row: Record<string, unknown>): CommunityNode {
  return {
    id: Number(row.id),
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    kind: row.kind as CommunityKind,
    code: String(row.code),
    name: String(row.name),
    population: Number(row.population),
    depth: Number(row.depth ?? 0),
  }
}

/** The community and every unit below it (depth 0 = the community itself), ordered by depth then name. */
export async function descendantsOf(
  communityId: number,
  options: { includeSelf?: boolean; client?: QueryClientContract } = {}
): Promise<CommunityNode[]> {
  const client = options.client ?? db
  const result = await client.rawQuery(
    `WITH RECURSIVE down AS (
       SELECT id, parent_id, kind, code, name, population, 0 AS depth FROM communities WHERE id = ?
       UNION ALL
       SELECT c.id, c.parent_id, c.kind, c.code, c.name, c.population, down.depth + 1
         FROM communities c JOIN down ON c.parent_id = down.id
        WHERE down.depth < ?
     ) SELECT * FROM down ORDER BY depth, name`,
    [communityId, DEPTH_MAX]
  )
  const nodes = result.rows.map(mapRow)
  return options.includeSelf === false
    ? nodes.filter((node: CommunityNode) => node.depth > 0)
    : nodes
}

/** Ids of the community and its whole subtree. */
export async function subtreeIds(communityId: number, client?: QueryClientContract) {
  const nodes = await descendantsOf(communityId, { client })
  return nodes.map((node) => node.id)
}

/** The chain from the community up to its root: [self, parent, …, root]. */
export async function ancestorsOf(
  communityId: number,
  options: { includeSelf?: boolean; client?: QueryClientContract } = {}
): Promise<CommunityNode[]> {
  const client = options.client ?? db
  const result = await client.rawQuery(
    `WITH RECURSIVE up AS (
       SELECT id, parent_id, kind, code, name, population, 0 AS depth FROM communities WHERE id = ?
       UNION ALL
       SELECT c.id, c.parent_id, c.kind, c.code, c.name, c.population, up.depth + 1
         FROM communities c JOIN up ON c.id = up.parent_id
        WHERE up.depth < ?
     ) SELECT * FROM up ORDER BY depth`,
    [communityId, DEPTH_MAX]
  )
  const nodes = result.rows.map(mapRow)
  return options.includeSelf === false
    ? nodes.filter((node: CommunityNode) => node.depth > 0)
    : nodes
}

/** Whether `ancestorId` is `communityId` itself or one of its ancestors. */
export async function isWithin(
  communityId: number,
  ancestorId: number,
  client?: QueryClientContract
) {
  const chain = await ancestorsOf(communityId, { client })
  return chain.some((node) => node.id === ancestorId)
}

/** The districts inside a city (or any unit): every `district` in its subtree, by name. */
export async function districtsOf(communityId: number, client?: QueryClientContract) {
  const nodes = await descendantsOf(communityId, { includeSelf: false, client })
  return nodes
    .filter((node) => node.kind === 'district')
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** Direct children of a community (or the roots when `null`). */
export async function childrenOf(parentId: number | null, client?: QueryClientContract) {
  const query = (client ?? db)
    .from('communities')
    .select('id', 'parent_id', 'kind', 'code', 'name', 'population')
    .orderBy('name')
  if (parentId === null) query.whereNull('parent_id')
  else query.where('parent_id', parentId)
  const rows = await query
  return rows.map(mapRow)
}

/** The whole forest in display order (depth-first, siblings by name) with each node's depth. */
export async function wholeTree(client?: QueryClientContract): Promise<CommunityNode[]> {
  const rows = await (client ?? db)
    .from('communities')
    .select('id', 'parent_id', 'kind', 'code', 'name', 'population')
    .orderBy('name')
  const nodes = rows.map(mapRow)
  const byParent = new Map<number | null, CommunityNode[]>()
  for (const node of nodes) {
    const siblings = byParent.get(node.parentId) ?? []
    siblings.push(node)
    byParent.set(node.parentId, siblings)
  }
  const ordered: CommunityNode[] = []
  const seen = new Set<number>()
  const visit = (parentId: number | null, depth: number) => {
    if (depth > DEPTH_MAX) return
    for (const node of byParent.get(parentId) ?? []) {
      if (seen.has(node.id)) continue
      seen.add(node.id)
      ordered.push({ ...node, depth })
      visit(node.id, depth + 1)
    }
  }
  visit(null, 0)
  return ordered
}
