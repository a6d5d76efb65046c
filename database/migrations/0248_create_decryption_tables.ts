import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Decryption of an encrypted campaign (issue #14 items 5–7; app/trustees/README.md "Decryption").
 * - `decryption_batches`: the verdict on each `decryption-shares` record a trustee posted (the record
 *   itself is its `ceremony_records` row): valid, or invalid with the positions whose share failed its
 *   proof — public, so a trustee who posts a bad share is named. One batch per trustee and range.
 * - `spoiled_ballots`: encrypted ballots that decrypted to something that cannot count, with the
 *   reason (`bad_padding`, `bad_choices`, `undecryptable`, `rule_violation: …`). The counted ones
 *   are `ballot_records` rows like every clear ballot.
 * - `campaign_decryptions`: one row once a campaign's ballots were combined (counts, when).
 * Nothing here links a resident to a ballot: positions and ballot hashes are public on the ledger.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('decryption_batches', (table) => {
      table
        .bigInteger('ceremony_record_id')
        .primary()
        .references('id')
        .inTable('ceremony_records')
        .onDelete('CASCADE')
      table.integer('campaign_id').notNullable().references('id').inTable('campaigns')
      table.smallint('trustee_index').notNullable()
      table.integer('first').notNullable()
      table.integer('count').notNullable()
      table.boolean('valid').notNullable()
      table.jsonb('bad_positions').notNullable().defaultTo('[]')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['campaign_id', 'trustee_index', 'first'])
    })
    this.schema.createTable('spoiled_ballots', (table) => {
      table.integer('campaign_id').notNullable().references('id').inTable('campaigns')
      table.integer('position').notNullable()
      table.string('ballot_hash', 64).notNullable().unique()
      table.string('reason', 500).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.primary(['campaign_id', 'position'])
    })
    this.schema.createTable('campaign_decryptions', (table) => {
      table
        .integer('campaign_id')
        .primary()
        .references('id')
        .inTable('campaigns')
        .onDelete('CASCADE')
      table.integer('ballots').notNullable()
      table.integer('counted').notNullable()
      table.integer('spoiled').notNullable()
      table.timestamp('decrypted_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable('campaign_decryptions')
    this.schema.dropTable('spoiled_ballots')
    this.schema.dropTable('decryption_batches')
  }
}
