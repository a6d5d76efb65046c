import { BaseSchema } from '@adonisjs/lucid/schema'

/** Residents (phone), SMS challenges, API tokens, consent records, staff and their roles, audit log. */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('residents', (table) => {
      table.increments('id')
      table.string('phone_e164', 20).notNullable().unique()
      table.string('locale', 8).nullable()
      table
        .integer('district_id')
        .unsigned()
        .nullable()
        .references('communities.id')
        .onDelete('SET NULL')
      table.string('consent_version', 32).nullable()
      table.timestamp('consent_at', { useTz: true }).nullable()
      table.timestamp('last_sign_in_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('consent_records', (table) => {
      table.increments('id')
      table
        .integer('resident_id')
        .unsigned()
        .notNullable()
        .references('residents.id')
        .onDelete('CASCADE')
      table.string('version', 32).notNullable()
      table.timestamp('accepted_at', { useTz: true }).notNullable()
      table.index(['resident_id'])
    })

    this.schema.createTable('sms_challenges', (table) => {
      table.uuid('id').primary()
      table.string('phone_e164', 20).notNullable()
      table.string('code_hash', 128).notNullable()
      table.integer('attempts').notNullable().defaultTo(0)
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('resend_after', { useTz: true }).notNullable()
      table.timestamp('consumed_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['phone_e164', 'created_at'])
    })

    this.schema.createTable('resident_access_tokens', (table) => {
      table.increments('id')
      table
        .integer('tokenable_id')
        .unsigned()
        .notNullable()
        .references('residents.id')
        .onDelete('CASCADE')
      table.string('type').notNullable()
      table.string('name').nullable()
      table.string('hash').notNullable()
      table.text('abilities').notNullable()
      table.timestamp('created_at', { useTz: true })
      table.timestamp('updated_at', { useTz: true })
      table.timestamp('last_used_at', { useTz: true }).nullable()
      table.timestamp('expires_at', { useTz: true }).nullable()
    })

    this.schema.createTable('staff_users', (table) => {
      table.increments('id')
      table.string('email', 254).notNullable().unique()
      table.string('full_name', 200).notNullable()
      table.string('password').nullable()
      table.string('locale', 8).nullable()
      table.boolean('active').notNullable().defaultTo(true)
      table.string('invite_token_hash', 128).nullable()
      table.timestamp('invite_expires_at', { useTz: true }).nullable()
      table.timestamp('last_sign_in_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('staff_roles', (table) => {
      table.increments('id')
      table
        .integer('staff_user_id')
        .unsigned()
        .notNullable()
        .references('staff_users.id')
        .onDelete('CASCADE')
      table.string('role', 32).notNullable()
      table
        .integer('community_id')
        .unsigned()
        .nullable()
        .references('communities.id')
        .onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['staff_user_id', 'role', 'community_id'])
    })

    this.schema.createTable('audit_logs', (table) => {
      table.bigIncrements('id')
      table.string('actor_type', 16).notNullable()
      table.integer('actor_id').nullable()
      table.string('action', 64).notNullable()
      table.string('subject_type', 64).nullable()
      table.string('subject_id', 64).nullable()
      table.jsonb('changes').nullable()
      table.string('ip', 64).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['subject_type', 'subject_id'])
      table.index(['created_at'])
    })

    this.schema.createTable('rate_limits', (table) => {
      table.string('key', 255).notNullable().primary()
      table.integer('points', 9).notNullable().defaultTo(0)
      table.bigint('expire').unsigned()
    })
  }

  async down() {
    for (const name of [
      'rate_limits',
      'audit_logs',
      'staff_roles',
      'staff_users',
      'resident_access_tokens',
      'sms_challenges',
      'consent_records',
      'residents',
    ]) {
      this.schema.dropTableIfExists(name)
    }
  }
}
