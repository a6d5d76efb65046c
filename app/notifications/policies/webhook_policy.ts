import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#identity/models/staff_user'
import { hasRole } from '#identity/staff_access'

/**
 * Webhooks send every campaign's events to a URL of the admin's choosing: instance-wide, so only
 * an admin without a community scope manages them.
 */
export default class WebhookPolicy extends BasePolicy {
  async manage(user: StaffUser): Promise<AuthorizerResponse> {
    return hasRole(user, ['admin'])
  }
}
