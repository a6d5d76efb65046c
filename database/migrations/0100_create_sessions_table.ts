import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Server-side sessions (`SESSION_DRIVER=database`, @adonisjs/session's database store): the
 * cookie carries only the signed session id, so sign-out and an admin can revoke a session
 * by deleting its row, and flashed input is no longer capped by the 4 KB cookie limit.
 * `user_id` is the store's tag: `staff:<id>` for a signed-in staff member's sessions.
 */
export default class extends BaseSchema {
  protected tableName = 'sessions'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.string('id').primary()
      table.text('data').notNullable()
      table.string('user_id').nullable().index()
      table.timestamp('expires_at', { useTz: true }).notNullable().index()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
