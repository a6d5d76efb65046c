import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Staff API tokens (issue #15, app/identity/README.md "Staff API tokens"): a named bearer token an
 * unscoped admin makes for a script or another system, limited to scopes and an expiry. Only the
 * SHA-256 of the token is stored (it is 256-bit random, shown once). Revoked rows stay for the
 * audit trail. Nothing here is written when a token is used.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('staff_api_tokens', (table) => {
      table.increments('id')
      table.string('name', 120).notNullable()
      table.string('token_hash', 64).notNullable().unique()
      table.specificType('scopes', 'text[]').notNullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table
        .integer('created_by_staff_id')
        .unsigned()
        .notNullable()
        .references('staff_users.id')
        .onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('revoked_at', { useTz: true }).nullable()
    })
    this.schema.raw(
      `ALTER TABLE staff_api_tokens ADD CONSTRAINT staff_api_tokens_scopes_not_empty
       CHECK (cardinality(scopes) > 0)`
    )
  }

  async down() {
    this.schema.dropTable('staff_api_tokens')
  }
}
