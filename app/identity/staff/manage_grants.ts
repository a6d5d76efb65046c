import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import StaffUser from '#identity/models/staff_user'
import StaffRole from '#identity/models/staff_role'
import type { StaffRole as Role } from '#identity/roles'
import { audit } from '#shared/audit'

export type GrantRoleOutcome =
  { outcome: 'ok'; grant: StaffRole } | { outcome: 'duplicate' } | { outcome: 'unknown_community' }

/** Adds one role grant (role × optional community scope) to a member. */
export async function grantRole(
  ctx: HttpContext,
  memberId: number,
  role: Role,
  communityId: number | null
): Promise<GrantRoleOutcome> {
  return db.transaction(async (trx) => {
    await StaffUser.query({ client: trx }).where('id', memberId).forUpdate().firstOrFail()
    if (communityId !== null && !(await trx.from('communities').where('id', communityId).first())) {
      return { outcome: 'unknown_community' as const }
    }
    const existing = trx.from('staff_roles').where('staff_user_id', memberId).where('role', role)
    if (communityId === null) existing.whereNull('community_id')
    else existing.where('community_id', communityId)
    if (await existing.first()) return { outcome: 'duplicate' as const }
    const grant = await StaffRole.create(
      { staffUserId: memberId, role, communityId },
      { client: trx }
    )
    await audit.record(
      ctx,
      'staff.role_granted',
      { type: 'staff_user', id: memberId },
      { after: { grantId: grant.id, role, communityId } },
      { client: trx }
    )
    return { outcome: 'ok' as const, grant }
  })
}

/** Active members holding an unscoped admin grant (the instance must keep at least one). */
async function unscopedAdminCount(trx: TransactionClientContract, exceptGrantId?: number) {
  const query = trx
    .from('staff_roles')
    .join('staff_users', 'staff_users.id', 'staff_roles.staff_user_id')
    .where('staff_roles.role', 'admin')
    .whereNull('staff_roles.community_id')
    .where('staff_users.active', true)
  if (exceptGrantId) query.whereNot('staff_roles.id', exceptGrantId)
  const [row] = await query.countDistinct('staff_users.id as total')
  return Number(row.total)
}

export type RevokeRoleOutcome =
  | { outcome: 'ok' }
  | { outcome: 'not_found' }
  | { outcome: 'own_last_admin' }
  | { outcome: 'last_admin' }

/**
 * Removes one grant. Refused when it is the acting admin's own last admin
 * grant, or the last unscoped admin grant of an active member of the instance.
 */
export async function revokeRole(
  ctx: HttpContext,
  actor: StaffUser,
  memberId: number,
  grantId: number
): Promise<RevokeRoleOutcome> {
  return db.transaction(async (trx) => {
    // Lock admins' rows in a fixed order so two concurrent revocations cannot both pass the checks.
    await trx.from('staff_users').whereIn('id', [actor.id, memberId]).orderBy('id').forUpdate()
    const grant = await StaffRole.query({ client: trx })
      .where('id', grantId)
      .where('staff_user_id', memberId)
      .first()
    if (!grant) return { outcome: 'not_found' as const }
    if (grant.role === 'admin' && memberId === actor.id) {
      const [row] = await trx
        .from('staff_roles')
        .where('staff_user_id', actor.id)
        .where('role', 'admin')
        .count('* as total')
      if (Number(row.total) <= 1) return { outcome: 'own_last_admin' as const }
    }
    if (grant.role === 'admin' && grant.communityId === null) {
      if ((await unscopedAdminCount(trx, grant.id)) === 0) return { outcome: 'last_admin' as const }
    }
    await grant.useTransaction(trx).delete()
    await audit.record(
      ctx,
      'staff.role_revoked',
      { type: 'staff_user', id: memberId },
      { before: { grantId: grant.id, role: grant.role, communityId: grant.communityId } },
      { client: trx }
    )
    return { outcome: 'ok' as const }
  })
}

export type SetActiveOutcome =
  { outcome: 'ok' } | { outcome: 'self' } | { outcome: 'pending' } | { outcome: 'unchanged' }

/** Deactivates (signs out on the next request) or reactivates a member; never oneself. */
export async function setMemberActive(
  ctx: HttpContext,
  actor: StaffUser,
  memberId: number,
  active: boolean
): Promise<SetActiveOutcome> {
  if (memberId === actor.id) return { outcome: 'self' }
  return db.transaction(async (trx) => {
    const member = await StaffUser.query({ client: trx })
      .where('id', memberId)
      .forUpdate()
      .firstOrFail()
    if (member.password === null) return { outcome: 'pending' as const }
    if (member.active === active) return { outcome: 'unchanged' as const }
    member.active = active
    await member.useTransaction(trx).save()
    await audit.record(
      ctx,
      active ? 'staff.reactivated' : 'staff.deactivated',
      { type: 'staff_user', id: member.id },
      { before: { active: !active }, after: { active } },
      { client: trx }
    )
    return { outcome: 'ok' as const }
  })
}
