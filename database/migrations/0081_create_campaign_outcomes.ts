import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The published outcome of a campaign (one row per campaign; an override replaces it, the audit
 * log keeps the history).
 *
 * - `rule`: the rule that produced `pots` (greedy | equal_shares | equal_shares_add1), or the rule
 *   the override started from.
 * - `pots`: JSONB `[{potId, rule, selected: [{projectId, cost, votes, score?, rho?, cap?,
 *   supporters?}] in selection order, skipped: [{projectId, reason}], budget, endowment?}]`,
 *   ascending potId.
 * - `tally_hash`: hex SHA-256 of the canonical tally CBOR (app/outcomes/README.md).
 * - `override_reason`: set when an admin replaced the rule's selection (CHECK: non-blank).
 * - `ledger_tx_hash`: the `outcome` record queued in the ledger outbox (null: no ledger, e.g.
 *   imported campaigns).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('campaign_outcomes', (table) => {
      table
        .integer('campaign_id')
        .unsigned()
        .primary()
        .references('campaigns.id')
        .onDelete('CASCADE')
      table.string('rule', 24).notNullable()
      table.jsonb('pots').notNullable()
      table.string('tally_hash', 64).notNullable()
      table.text('override_reason').nullable()
      table
        .integer('overridden_by')
        .unsigned()
        .nullable()
        .references('staff_users.id')
        .onDelete('SET NULL')
      table.string('ledger_tx_hash', 64).nullable()
      table.timestamp('computed_at', { useTz: true }).notNullable()
      table.timestamp('published_at', { useTz: true }).nullable()
    })
    this.schema.raw(`ALTER TABLE campaign_outcomes
      ADD CONSTRAINT campaign_outcomes_rule CHECK (rule IN ('greedy', 'equal_shares', 'equal_shares_add1')),
      ADD CONSTRAINT campaign_outcomes_override_reason CHECK (override_reason IS NULL OR length(trim(override_reason)) > 0),
      ADD CONSTRAINT campaign_outcomes_tally_hash CHECK (tally_hash ~ '^[0-9a-f]{64}$')`)
  }

  async down() {
    this.schema.dropTable('campaign_outcomes')
  }
}
