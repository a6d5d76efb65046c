import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#identity/models/staff_user'
import { hasRole } from '#identity/staff_access'
import type { StaffRole } from '#identity/roles'

/** The subject: a campaign (its community scopes every grant, subtree included). */
interface Scoped {
  communityId: number
}

const VIEWERS: readonly StaffRole[] = ['admin', 'moderator', 'expert', 'observer']
const MANAGERS: readonly StaffRole[] = ['admin']

/**
 * The implementation module's permissions: admins of the campaign's community (or above)
 * mark projects funded and record status, progress and milestones; moderators, experts
 * and observers look; terminal operators get nothing.
 */
export default class ImplementationPolicy extends BasePolicy {
  async viewAny(user: StaffUser): Promise<AuthorizerResponse> {
    return hasRole(user, VIEWERS, { anyScope: true })
  }

  async view(user: StaffUser, scope: Scoped): Promise<AuthorizerResponse> {
    return hasRole(user, VIEWERS, { communityId: scope.communityId })
  }

  async manage(user: StaffUser, scope: Scoped): Promise<AuthorizerResponse> {
    return hasRole(user, MANAGERS, { communityId: scope.communityId })
  }
}
