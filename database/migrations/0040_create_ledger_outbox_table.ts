import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Ledger module: the durable outbox (app/ledger/README.md). A writer inserts a row in its own
 * transaction, so a record is queued iff its change commits; the worker submits queued rows to the
 * replicas and marks them committed (with the height) or rejected (with the replicas' reason).
 * `payload` holds the whole tx bytes `[1, kind, …]`; `tx_hash` = hex SHA-256 of them (unique: the
 * same record enqueued twice is one row).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('ledger_outbox', (table) => {
      table.bigIncrements('id')
      table.string('kind', 32).notNullable()
      table.binary('payload').notNullable()
      table.string('tx_hash', 64).notNullable().unique()
      table
        .enum('status', ['queued', 'submitted', 'committed', 'rejected'])
        .notNullable()
        .defaultTo('queued')
      table.integer('attempts').notNullable().defaultTo(0)
      table.text('last_error').nullable()
      table.bigInteger('committed_height').nullable()
      table.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('submitted_at', { useTz: true }).nullable()
      table.timestamp('committed_at', { useTz: true }).nullable()
      table.index(['status', 'next_attempt_at'], 'ledger_outbox_due')
    })
  }

  async down() {
    this.schema.dropTable('ledger_outbox')
  }
}
