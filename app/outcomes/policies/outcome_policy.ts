import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#identity/models/staff_user'
import { hasRole } from '#identity/staff_access'
import type { StaffRole } from '#identity/roles'

interface Scoped {
  communityId: number
}

const VIEWERS: readonly StaffRole[] = ['admin', 'observer']
const MANAGERS: readonly StaffRole[] = ['admin']

/**
 * Outcomes and reports: admins and observers of the campaign's community (or above) see the rule
 * comparison, reports and exports; admins import Pabulib files and override an outcome.
 */
export default class OutcomePolicy extends BasePolicy {
  async viewAny(user: StaffUser): Promise<AuthorizerResponse> {
    return hasRole(user, VIEWERS, { anyScope: true })
  }

  async view(user: StaffUser, scope: Scoped): Promise<AuthorizerResponse> {
    return hasRole(user, VIEWERS, { communityId: scope.communityId })
  }

  async importAny(user: StaffUser): Promise<AuthorizerResponse> {
    return hasRole(user, MANAGERS, { anyScope: true })
  }

  async manage(user: StaffUser, scope: Scoped): Promise<AuthorizerResponse> {
    return hasRole(user, MANAGERS, { communityId: scope.communityId })
  }
}
