import db from '@adonisjs/lucid/services/db'
import type StaffUser from '#identity/models/staff_user'
import type { StaffRole } from '#identity/roles'

interface Grant {
  role: StaffRole
  communityId: number | null
}

const grantsCache = new WeakMap<StaffUser, Promise<Grant[]>>()

/** The staff member's role grants, loaded once per request (per user instance). */
export function grantsOf(user: StaffUser): Promise<Grant[]> {
  let grants = grantsCache.get(user)
  if (!grants) {
    grants = db
      .from('staff_roles')
      .where('staff_user_id', user.id)
      .select('role', 'community_id as communityId')
    grantsCache.set(user, grants)
  }
  return grants
}

/** Ids of a community and all its ancestors (a grant on an ancestor covers its descendants). */
export async function communityLineage(communityId: number): Promise<number[]> {
  const rows = await db.rawQuery(
    `WITH RECURSIVE up AS (
       SELECT id, parent_id FROM communities WHERE id = ?
       UNION ALL
       SELECT c.id, c.parent_id FROM communities c JOIN up ON c.id = up.parent_id
     ) SELECT id FROM up`,
    [communityId]
  )
  return rows.rows.map((row: { id: number }) => row.id)
}

/**
 * Ids of the given communities and of every community below them (a grant covers its
 * subtree). Identity reads the `communities` table itself, as `communityLineage` does, so
 * the access rules need no code of the communities module (which builds on identity).
 */
export async function communitySubtrees(rootIds: number[]): Promise<number[]> {
  if (rootIds.length === 0) return []
  const rows = await db.rawQuery(
    `WITH RECURSIVE down AS (
       SELECT id FROM communities WHERE id = ANY(?::int[])
       UNION
       SELECT c.id FROM communities c JOIN down ON c.parent_id = down.id
     ) SELECT id FROM down`,
    [rootIds]
  )
  return rows.rows.map((row: { id: number }) => Number(row.id))
}

/**
 * Whether the staff member holds one of `roles`, unscoped or scoped to the given
 * community or one of its ancestors. Without a community, only unscoped grants
 * or (when `anyScope`) any grant count.
 */
export async function hasRole(
  user: StaffUser,
  roles: readonly StaffRole[],
  options: { communityId?: number | null; anyScope?: boolean } = {}
): Promise<boolean> {
  if (!user.active) return false
  const allGrants = await grantsOf(user)
  const grants = allGrants.filter((grant) => roles.includes(grant.role))
  if (grants.some((grant) => grant.communityId === null)) return true
  if (options.communityId) {
    const lineage = await communityLineage(options.communityId)
    return grants.some((grant) => grant.communityId !== null && lineage.includes(grant.communityId))
  }
  return options.anyScope === true && grants.length > 0
}
