/*
| Staff abilities of the identity and communities modules. Other modules keep
| their own policies (registered in #start/policies).
|
| Scope rule: a grant on a community covers that community and its whole
| subtree; an unscoped grant covers everything. A scoped admin manages only
| what lies inside their subtree.
*/
import { Bouncer } from '@adonisjs/bouncer'
import type StaffUser from '#identity/models/staff_user'
import { hasRole } from '#identity/staff_access'
import { grantsOfMember } from '#identity/staff/staff_scope'

/** Any active staff member may open the staff area (what they see inside is checked per screen). */
export const enterStaffArea = Bouncer.ability((user: StaffUser) => user.active)

/** Invite staff and grant roles: admins (scoped admins within their community). */
export const manageStaff = Bouncer.ability((user: StaffUser) =>
  hasRole(user, ['admin'], { anyScope: true })
)

/**
 * Manage one member (grants, activation): an admin whose scope covers every
 * grant the member holds (a member without grants: any admin).
 */
export const manageStaffMember = Bouncer.ability(async (user: StaffUser, member: StaffUser) => {
  if (!(await hasRole(user, ['admin'], { anyScope: true }))) return false
  const grants = await grantsOfMember(member.id)
  for (const grant of grants) {
    if (!(await hasRole(user, ['admin'], { communityId: grant.communityId }))) return false
  }
  return true
})

/**
 * Re-issue or cancel a member's invitation: an admin of every community the member holds a grant
 * in. A member without grants belongs to no community, so only unscoped admins may (a scoped
 * admin must not mint sign-in links for accounts outside their communities).
 */
export const manageInvitation = Bouncer.ability(async (user: StaffUser, member: StaffUser) => {
  const grants = await grantsOfMember(member.id)
  if (grants.length === 0) return hasRole(user, ['admin'], { communityId: null })
  for (const grant of grants) {
    if (!(await hasRole(user, ['admin'], { communityId: grant.communityId }))) return false
  }
  return true
})

/** Grant a role scoped to `communityId` (null = everywhere, unscoped admins only). */
export const grantInScope = Bouncer.ability((user: StaffUser, communityId: number | null) =>
  hasRole(user, ['admin'], { communityId })
)

/** The audit log: admins only. */
export const viewAuditLog = Bouncer.ability((user: StaffUser) =>
  hasRole(user, ['admin'], { anyScope: true })
)

/** See the community hierarchy screens: admins (any scope). */
export const viewCommunities = Bouncer.ability((user: StaffUser) =>
  hasRole(user, ['admin'], { anyScope: true })
)

/** Edit the community hierarchy (a scoped admin edits inside their subtree). */
export const manageCommunity = Bouncer.ability((user: StaffUser, communityId: number | null) =>
  hasRole(user, ['admin'], { communityId })
)

/** Import the whole hierarchy from CSV: unscoped admins only (it may touch any unit). */
export const importCommunities = Bouncer.ability((user: StaffUser) =>
  hasRole(user, ['admin'], { communityId: null })
)

/**
 * Staff API tokens: unscoped admins only — a token's scopes are not limited to a community, so a
 * scoped admin must not mint one (and a token works only while its maker is an unscoped admin).
 */
export const manageStaffApiTokens = Bouncer.ability((user: StaffUser) =>
  hasRole(user, ['admin'], { communityId: null })
)
