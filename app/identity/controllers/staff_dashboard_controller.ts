import type { HttpContext } from '@adonisjs/core/http'
import type StaffUser from '#identity/models/staff_user'
import { grantsOfMember, scopeOfGrants } from '#identity/staff/staff_scope'
import { staffTodos } from '#shared/staff_todos'
import { communityNames } from '#identity/staff/staff_dto'
import { hasTwoFactor } from '#identity/staff/two_factor'

/** The staff home: the to-dos of the member's roles, their grants and the screens they may use. */
export default class StaffDashboardController {
  async show({ auth, bouncer, inertia, i18n }: HttpContext) {
    await bouncer.authorize('enterStaffArea')
    const user = auth.use('staff').user as StaffUser
    const grants = await grantsOfMember(user.id)
    const names = await communityNames(grants.map((grant) => grant.communityId))
    const todos = await staffTodos({
      id: user.id,
      locale: i18n.locale,
      scopeOf: (roles) => scopeOfGrants(grants, roles),
    })
    return inertia.render('staff/dashboard', {
      todos,
      grants: grants.map((grant) => ({
        role: grant.role,
        community: grant.communityId === null ? null : (names.get(grant.communityId) ?? null),
      })),
      can: {
        manageStaff: await bouncer.allows('manageStaff'),
        viewCommunities: await bouncer.allows('viewCommunities'),
        viewAuditLog: await bouncer.allows('viewAuditLog'),
      },
      twoFactorOn: hasTwoFactor(user),
    })
  }
}
