import { BaseSeeder } from '@adonisjs/lucid/seeders'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import StaffUser from '#identity/models/staff_user'
import StaffRole from '#identity/models/staff_role'
import { newInvitationToken } from '#identity/staff/invitation_token'
import { invitationUrl } from '#identity/staff/invite_staff'
import { audit } from '#shared/audit'

/**
 * Bootstraps a fresh instance: when no unscoped admin exists, creates one
 * (email from INITIAL_ADMIN_EMAIL) as a pending account and prints the
 * invitation link — no password ever goes through the environment.
 *   INITIAL_ADMIN_EMAIL=it@city.example node ace db:seed --files database/seeders/first_admin_seeder.ts
 */
export default class FirstAdminSeeder extends BaseSeeder {
  async run() {
    const existing = await db
      .from('staff_roles')
      .where('role', 'admin')
      .whereNull('community_id')
      .first()
    if (existing) {
      logger.info('An administrator already exists; nothing to do')
      return
    }
    const email = (process.env.INITIAL_ADMIN_EMAIL ?? 'admin@example.org').trim().toLowerCase()
    const { token, hash, expiresAt } = newInvitationToken()
    await db.transaction(async (trx) => {
      const admin = await StaffUser.create(
        {
          email,
          fullName: process.env.INITIAL_ADMIN_NAME ?? 'Administrator',
          password: null,
          active: false,
          inviteTokenHash: hash,
          inviteExpiresAt: expiresAt,
        },
        { client: trx }
      )
      await StaffRole.create(
        { staffUserId: admin.id, role: 'admin', communityId: null },
        { client: trx }
      )
      await audit.record(
        { type: 'system', id: null },
        'staff.invited',
        { type: 'staff_user', id: admin.id },
        { after: { email, role: 'admin', communityId: null } },
        { client: trx }
      )
    })
    console.log(`First administrator ${email}: set the password at ${invitationUrl(null, token)}`)
  }
}
