import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#identity/models/staff_user'
import { hasRole } from '#identity/staff_access'
import type { StaffRole } from '#identity/roles'

/** Anything scoped to a community: a campaign (the ideas' community scope). */
interface Scoped {
  communityId: number
}

const MODERATORS: readonly StaffRole[] = ['admin', 'moderator']
const EXPERTS: readonly StaffRole[] = ['admin', 'expert']
const ADMINS: readonly StaffRole[] = ['admin']
const VIEWERS: readonly StaffRole[] = ['admin', 'moderator', 'expert', 'observer']

/**
 * The proposals module's permissions (one class, dispatching on the action; the
 * subject is the idea's campaign, scoped by community subtree like every grant):
 * moderators (and admins) hide, unhide and merge; experts record reviews of ideas
 * they are assigned to (checked by the action); admins assign experts, approve onto
 * the ballot, reject and edit the ballot list; observers look.
 */
export default class ProposalPolicy extends BasePolicy {
  async viewAny(user: StaffUser): Promise<AuthorizerResponse> {
    return hasRole(user, VIEWERS, { anyScope: true })
  }

  async viewModeration(user: StaffUser, scope: Scoped): Promise<AuthorizerResponse> {
    return hasRole(user, [...MODERATORS, 'observer'], { communityId: scope.communityId })
  }

  async moderate(user: StaffUser, scope: Scoped): Promise<AuthorizerResponse> {
    return hasRole(user, MODERATORS, { communityId: scope.communityId })
  }

  async viewReviews(user: StaffUser, scope: Scoped): Promise<AuthorizerResponse> {
    return hasRole(user, [...EXPERTS, 'observer'], { communityId: scope.communityId })
  }

  async review(user: StaffUser, scope: Scoped): Promise<AuthorizerResponse> {
    return hasRole(user, ['expert'], { communityId: scope.communityId })
  }

  async viewBallot(user: StaffUser, scope: Scoped): Promise<AuthorizerResponse> {
    return hasRole(user, [...ADMINS, 'observer'], { communityId: scope.communityId })
  }

  /** Assign experts, approve onto the ballot, reject, edit the ballot list. */
  async decide(user: StaffUser, scope: Scoped): Promise<AuthorizerResponse> {
    return hasRole(user, ADMINS, { communityId: scope.communityId })
  }
}
