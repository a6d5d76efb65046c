import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type StaffUser from '#identity/models/staff_user'
import type { StaffRole } from '#identity/roles'
import { communitySubtrees, grantsOf } from '#identity/staff_access'

export interface MemberGrant {
  id: number
  role: StaffRole
  communityId: number | null
}

/** A member's current grants straight from the database (not the per-request cache). */
export async function grantsOfMember(
  memberId: number,
  client?: QueryClientContract
): Promise<MemberGrant[]> {
  const rows = await (client ?? db)
    .from('staff_roles')
    .where('staff_user_id', memberId)
    .orderBy('id')
    .select('id', 'role', 'community_id')
  return rows.map((row) => ({
    id: Number(row.id),
    role: row.role as StaffRole,
    communityId: row.community_id === null ? null : Number(row.community_id),
  }))
}

/** The communities a member's grants of any of `roles` cover (subtrees included). */
export async function scopeOfGrants(
  grants: MemberGrant[],
  roles: readonly StaffRole[]
): Promise<'all' | number[]> {
  const mine = grants.filter((grant) => roles.includes(grant.role))
  if (mine.some((grant) => grant.communityId === null)) return 'all'
  return communitySubtrees(mine.map((grant) => grant.communityId!))
}

/**
 * The communities an admin's grants cover: `'all'` for an unscoped admin,
 * else the ids of every community inside their scoped subtrees.
 */
export async function adminScope(user: StaffUser): Promise<'all' | number[]> {
  const all = await grantsOf(user)
  const grants = all.filter((grant) => grant.role === 'admin')
  if (grants.some((grant) => grant.communityId === null)) return 'all'
  return communitySubtrees(grants.map((grant) => grant.communityId!))
}
