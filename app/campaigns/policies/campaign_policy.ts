import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#identity/models/staff_user'
import { communitySubtrees, grantsOf, hasRole } from '#identity/staff_access'
import type { StaffRole } from '#identity/roles'
import type Campaign from '#campaigns/models/campaign'

/** Roles that may look at campaign settings; only admins change them. Terminal operators: nothing. */
export const VIEWER_ROLES: readonly StaffRole[] = ['admin', 'moderator', 'expert', 'observer']
export const MANAGER_ROLES: readonly StaffRole[] = ['admin']

/**
 * The campaigns module's permissions (one class, Decidim style). Grants are
 * scoped to a community subtree: a grant on the city covers its districts'
 * campaigns, a district admin cannot touch the city's campaign.
 */
export default class CampaignPolicy extends BasePolicy {
  /** The staff list of campaigns (filtered further by `visibleCommunityIds`). */
  async viewList(user: StaffUser): Promise<AuthorizerResponse> {
    return hasRole(user, VIEWER_ROLES, { anyScope: true })
  }

  async view(user: StaffUser, campaign: Campaign): Promise<AuthorizerResponse> {
    return hasRole(user, VIEWER_ROLES, { communityId: campaign.communityId })
  }

  /** Open the wizard at all (the community is checked by `createIn`). */
  async create(user: StaffUser): Promise<AuthorizerResponse> {
    return hasRole(user, MANAGER_ROLES, { anyScope: true })
  }

  async createIn(user: StaffUser, communityId: number): Promise<AuthorizerResponse> {
    return hasRole(user, MANAGER_ROLES, { communityId })
  }

  /** Edit settings, pots, categories, eligibility, census; change the stage. */
  async manage(user: StaffUser, campaign: Campaign): Promise<AuthorizerResponse> {
    return hasRole(user, MANAGER_ROLES, { communityId: campaign.communityId })
  }
}

/**
 * Community ids whose campaigns the member may see with `roles`, or `'all'` for
 * an unscoped grant.
 */
export async function visibleCommunityIds(
  user: StaffUser,
  roles: readonly StaffRole[] = VIEWER_ROLES
): Promise<number[] | 'all'> {
  if (!user.active) return []
  const allGrants = await grantsOf(user)
  const grants = allGrants.filter((grant) => roles.includes(grant.role))
  if (grants.some((grant) => grant.communityId === null)) return 'all'
  return communitySubtrees(grants.map((grant) => grant.communityId as number))
}
