/*
| Staff abilities of the identity and communities modules. Other modules keep
| their own policies (registered in #shared/policies).
*/
import { Bouncer } from '@adonisjs/bouncer'
import type StaffUser from '#identity/models/staff_user'
import { hasRole } from '#identity/staff_access'

/** Any active staff member may open the staff area (what they see inside is checked per screen). */
export const enterStaffArea = Bouncer.ability((user: StaffUser) => user.active)

/** Invite staff and grant roles: admins (scoped admins within their community). */
export const manageStaff = Bouncer.ability((user: StaffUser) =>
  hasRole(user, ['admin'], { anyScope: true })
)

/** The audit log: admins only. */
export const viewAuditLog = Bouncer.ability((user: StaffUser) =>
  hasRole(user, ['admin'], { anyScope: true })
)

/** Edit the community hierarchy (a scoped admin edits inside their subtree). */
export const manageCommunity = Bouncer.ability((user: StaffUser, communityId: number | null) =>
  hasRole(user, ['admin'], { communityId })
)
