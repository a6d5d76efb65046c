import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Webhooks (issue #15 item 3): endpoints an admin registers, and one delivery row per event and
 * endpoint, written in the transaction of the event itself (the outbox pattern), so a committed
 * event always has its deliveries and a rolled-back one has none.
 * - `webhook_endpoints.secret`: encrypted with APP_KEY (shown to the admin once, at creation).
 * - `webhook_deliveries`: `pending` until the receiver answers 2xx (`delivered`) or the worker
 *   gives up after the last attempt (`failed`); `lease_until` is set while one worker is posting
 *   it (a crashed worker's row is taken again once the lease is over); `next_attempt_at` is the
 *   backoff.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('webhook_endpoints', (table) => {
      table.increments('id')
      table.string('url', 2000).notNullable()
      table.text('secret').notNullable()
      table.jsonb('event_types').notNullable()
      table.boolean('active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.createTable('webhook_deliveries', (table) => {
      table.bigIncrements('id')
      table
        .integer('endpoint_id')
        .notNullable()
        .references('id')
        .inTable('webhook_endpoints')
        .onDelete('CASCADE')
      table.string('event_type', 64).notNullable()
      table.jsonb('payload').notNullable()
      table.string('status', 16).notNullable().defaultTo('pending')
      table.integer('attempts').notNullable().defaultTo(0)
      table.timestamp('next_attempt_at', { useTz: true }).notNullable()
      table.timestamp('lease_until', { useTz: true }).nullable()
      table.integer('last_status_code').nullable()
      table.string('last_error', 500).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('delivered_at', { useTz: true }).nullable()
      table.index(['endpoint_id', 'id'])
    })
    this.schema.raw(
      `ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_status
         CHECK (status IN ('pending', 'delivered', 'failed'));
       CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
         WHERE status = 'pending'`
    )
  }

  async down() {
    this.schema.dropTable('webhook_deliveries')
    this.schema.dropTable('webhook_endpoints')
  }
}
