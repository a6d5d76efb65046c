import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Threshold encryption of a campaign's ballots (issue #14; docs/protocol.md "Threshold encryption").
 * - `campaign_ceremonies`: one row per encrypted campaign (its existence makes the campaign encrypted):
 *   t of n, the ceremony's state, and once complete the election key and padded length that the
 *   campaign tx carries. `outcome` = ceremonyResult's qualified/excluded/absent lists.
 * - `campaign_trustees`: the n trustees (index 1..n), named by an admin; `token_hash` = SHA-256 hex
 *   of the trustee's invite token (the token itself is shown once). No trustee secret is ever here.
 * - `ceremony_records`: every ceremony or decryption record the app accepted from a trustee and
 *   queued for the ledger (payload = the record's own bytes, `tx_hash` = its outbox row).
 * - `encrypted_ballots`: the committed v2 ballots of a campaign in ledger order (`position` 0, 1, …:
 *   block height, then order in the block) — the list decryption shares refer to.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('campaign_ceremonies', (table) => {
      table
        .integer('campaign_id')
        .primary()
        .references('id')
        .inTable('campaigns')
        .onDelete('CASCADE')
      table.smallint('threshold').notNullable()
      table.smallint('trustees').notNullable()
      table.string('status', 16).notNullable().defaultTo('keys')
      table.timestamp('deadline_at', { useTz: true }).nullable()
      table.string('election_key', 64).nullable()
      table.integer('padded_length').nullable()
      table.jsonb('outcome').nullable()
      table.timestamp('completed_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw(
      `ALTER TABLE campaign_ceremonies ADD CONSTRAINT campaign_ceremonies_threshold
         CHECK (threshold >= 1 AND threshold <= trustees AND trustees <= 64);
       ALTER TABLE campaign_ceremonies ADD CONSTRAINT campaign_ceremonies_status
         CHECK (status IN ('keys', 'dealing', 'review', 'complete', 'failed'));
       ALTER TABLE campaign_ceremonies ADD CONSTRAINT campaign_ceremonies_complete
         CHECK ((status = 'complete') = (election_key IS NOT NULL AND padded_length IS NOT NULL))`
    )
    this.schema.createTable('campaign_trustees', (table) => {
      table.increments('id')
      table
        .integer('campaign_id')
        .notNullable()
        .references('campaign_id')
        .inTable('campaign_ceremonies')
        .onDelete('CASCADE')
      table.smallint('index').notNullable()
      table.string('name', 120).notNullable()
      table.string('token_hash', 64).notNullable().unique()
      table.string('ceremony_key', 64).nullable()
      table.timestamp('reviewed_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['campaign_id', 'index'])
    })
    this.schema.createTable('ceremony_records', (table) => {
      table.bigIncrements('id')
      table.integer('campaign_id').notNullable().references('id').inTable('campaigns')
      table.string('kind', 32).notNullable()
      table.smallint('trustee_index').nullable()
      table.binary('payload').notNullable()
      table.string('tx_hash', 64).notNullable().unique()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['campaign_id', 'kind'])
    })
    this.schema.createTable('encrypted_ballots', (table) => {
      table.integer('campaign_id').notNullable().references('id').inTable('campaigns')
      table.integer('position').notNullable()
      table.string('ballot_hash', 64).notNullable().unique()
      table.string('tx_hash', 64).notNullable()
      table.binary('ballot_bytes').notNullable()
      table.integer('height').notNullable()
      table.primary(['campaign_id', 'position'])
    })
  }

  async down() {
    this.schema.dropTable('encrypted_ballots')
    this.schema.dropTable('ceremony_records')
    this.schema.dropTable('campaign_trustees')
    this.schema.dropTable('campaign_ceremonies')
  }
}
