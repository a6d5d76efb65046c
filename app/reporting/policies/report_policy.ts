import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#identity/models/staff_user'
import { hasRole } from '#identity/staff_access'
import type { StaffRole } from '#identity/roles'

const VIEWERS: readonly StaffRole[] = ['admin', 'observer']

/** Reports and their exports: admins and observers of the campaign's community (or above). */
export default class ReportPolicy extends BasePolicy {
  async viewAny(user: StaffUser): Promise<AuthorizerResponse> {
    return hasRole(user, VIEWERS, { anyScope: true })
  }

  async view(user: StaffUser, scope: { communityId: number }): Promise<AuthorizerResponse> {
    return hasRole(user, VIEWERS, { communityId: scope.communityId })
  }
}
