import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#identity/models/staff_user'
import { hasRole } from '#identity/staff_access'

/** The branding is the whole deployment's: only an admin without a community scope changes it. */
export default class BrandingPolicy extends BasePolicy {
  async manage(user: StaffUser): Promise<AuthorizerResponse> {
    return hasRole(user, ['admin'])
  }
}
