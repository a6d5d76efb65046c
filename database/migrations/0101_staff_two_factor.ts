import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Staff second factor (TOTP, RFC 6238):
 * - `staff_users.totp_secret`: the base32 secret encrypted with APP_KEY (NULL until enrolled);
 *   `totp_enabled_at` when the member confirmed it; `totp_last_step` the 30-second time step of
 *   the last accepted code, so a code is accepted once (replays in its window are refused).
 * - `staff_recovery_codes`: ten one-time codes per enrolment, stored as SHA-256 hashes (they
 *   are 50-bit random, so a fast hash is enough); `used_at` once spent.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('staff_users', (table) => {
      table.text('totp_secret').nullable()
      table.timestamp('totp_enabled_at', { useTz: true }).nullable()
      table.bigInteger('totp_last_step').nullable()
    })
    this.schema.createTable('staff_recovery_codes', (table) => {
      table.increments('id')
      table
        .integer('staff_user_id')
        .unsigned()
        .notNullable()
        .references('staff_users.id')
        .onDelete('CASCADE')
      table.string('code_hash', 64).notNullable()
      table.timestamp('used_at', { useTz: true }).nullable()
      table.unique(['staff_user_id', 'code_hash'])
    })
  }

  async down() {
    this.schema.dropTable('staff_recovery_codes')
    this.schema.alterTable('staff_users', (table) => {
      table.dropColumn('totp_secret')
      table.dropColumn('totp_enabled_at')
      table.dropColumn('totp_last_step')
    })
  }
}
