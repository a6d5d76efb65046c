import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The queue of notices to residents: one row per (resident, campaign, kind) — the primary key is
 * what makes a notice never queued, so never sent, twice. Rows are claimed with a lease
 * (`lease_until`) by the sender; a sender that crashed leaves a lease that expires and the row is
 * taken again. Privacy: no creation or sending time is kept (a sent row keeps only `status`),
 * and nothing about ballots. Rows go with their resident or campaign.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('resident_notices', (table) => {
      table
        .integer('resident_id')
        .notNullable()
        .references('id')
        .inTable('residents')
        .onDelete('CASCADE')
      table
        .integer('campaign_id')
        .notNullable()
        .references('id')
        .inTable('campaigns')
        .onDelete('CASCADE')
      table.string('kind', 32).notNullable()
      table.string('status', 16).notNullable().defaultTo('queued')
      table.integer('attempts').notNullable().defaultTo(0)
      table.timestamp('lease_until', { useTz: true }).nullable()
      table.primary(['resident_id', 'campaign_id', 'kind'])
    })
    this.schema.raw(
      `ALTER TABLE resident_notices ADD CONSTRAINT resident_notices_kind
         CHECK (kind IN ('voting_opened', 'results_published'));
       ALTER TABLE resident_notices ADD CONSTRAINT resident_notices_status
         CHECK (status IN ('queued', 'sent', 'skipped', 'failed'));
       CREATE INDEX resident_notices_queued ON resident_notices (campaign_id)
         WHERE status = 'queued'`
    )
  }

  async down() {
    this.schema.dropTable('resident_notices')
  }
}
