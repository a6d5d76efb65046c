import { BaseSchema } from '@adonisjs/lucid/schema'

/** Audit log filters (actor, action) and invitation lookups by token hash. */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('audit_logs', (table) => {
      table.index(['actor_type', 'actor_id'], 'audit_logs_actor_index')
      table.index(['action', 'created_at'], 'audit_logs_action_index')
    })
    this.schema.alterTable('staff_users', (table) => {
      table.index(['invite_token_hash'], 'staff_users_invite_token_hash_index')
    })
  }

  async down() {
    this.schema.alterTable('staff_users', (table) => {
      table.dropIndex(['invite_token_hash'], 'staff_users_invite_token_hash_index')
    })
    this.schema.alterTable('audit_logs', (table) => {
      table.dropIndex(['action', 'created_at'], 'audit_logs_action_index')
      table.dropIndex(['actor_type', 'actor_id'], 'audit_logs_actor_index')
    })
  }
}
