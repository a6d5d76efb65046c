import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#identity/models/staff_user'
import { hasRole } from '#identity/staff_access'

/**
 * Kiosk and bank terminals: admins only, scoped like every grant (a district admin registers,
 * rotates and revokes the terminals of their district's subtree). The `terminal` role is the
 * operator of a terminal, not its manager: it gets nothing here.
 */
export default class TerminalPolicy extends BasePolicy {
  async viewList(user: StaffUser): Promise<AuthorizerResponse> {
    return hasRole(user, ['admin'], { anyScope: true })
  }

  /** Register a terminal in, or rotate/revoke one of, this community. */
  async manage(user: StaffUser, terminal: { communityId: number }): Promise<AuthorizerResponse> {
    return hasRole(user, ['admin'], { communityId: terminal.communityId })
  }
}
