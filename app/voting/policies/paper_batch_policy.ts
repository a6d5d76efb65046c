import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#identity/models/staff_user'
import { hasRole } from '#identity/staff_access'
import type { StaffRole } from '#identity/roles'

interface Scoped {
  communityId: number
}

/**
 * Paper ballots of a campaign (scoped by the campaign's community subtree, like every grant):
 * admins import them (their import is a count of votes, co-signed with the platform's admin key);
 * observers see the imported batches. Moderators, experts and terminal operators: nothing.
 */
export default class PaperBatchPolicy extends BasePolicy {
  async view(user: StaffUser, campaign: Scoped): Promise<AuthorizerResponse> {
    return hasRole(user, ['admin', 'observer'] satisfies StaffRole[], {
      communityId: campaign.communityId,
    })
  }

  async import(user: StaffUser, campaign: Scoped): Promise<AuthorizerResponse> {
    return hasRole(user, ['admin'] satisfies StaffRole[], { communityId: campaign.communityId })
  }
}
