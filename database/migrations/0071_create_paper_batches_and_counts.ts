import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Paper-ballot import and issuance counts (app/voting/README.md "Paper ballots", "Issuance counts").
 *
 * - `paper_batches`: one imported polling-station file, put on the ledger as a `paper-batch` tx.
 *   UNIQUE(campaign, station, batch_no) as on the ledger (`duplicate_batch`). Its ledger status is the
 *   outbox row's (joined by tx_hash), never a copy that could go stale.
 * - `staff_signing_keys`: an Ed25519 key per staff user who signs paper batches; the seed only
 *   encrypted with the app key (purpose `civic-budget/staff-signing/v1`).
 * - `credential_issuances`: `paper` marks carry no blind signature (`blinded`/`blind_signature` NULL
 *   exactly for them) and name their batch; `community_id` = the person's community at issuance when
 *   known (online: the resident's district; terminal: the terminal's community), for per-district
 *   counts on the ledger.
 * - `credential_count_publications`: the last `credentials-issued` totals queued per campaign, so a
 *   pass publishes only when a count changed.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('staff_signing_keys', (table) => {
      table.increments('id')
      table
        .integer('staff_user_id')
        .notNullable()
        .unique()
        .references('staff_users.id')
        .onDelete('CASCADE')
      table.string('public_key', 64).notNullable()
      table.text('secret_key_encrypted').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })

    this.schema.createTable('paper_batches', (table) => {
      table.increments('id')
      table.integer('campaign_id').notNullable().references('campaigns.id').onDelete('CASCADE')
      table.string('station', 128).notNullable()
      table.integer('batch_no').notNullable()
      table.integer('sheets').notNullable()
      table.string('tx_hash', 64).notNullable().unique()
      table
        .integer('operator_staff_id')
        .nullable()
        .references('staff_users.id')
        .onDelete('SET NULL')
      table.string('operator_public_key', 64).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['campaign_id', 'station', 'batch_no'])
    })

    this.schema.alterTable('credential_issuances', (table) => {
      table.setNullable('blinded')
      table.setNullable('blind_signature')
      table.integer('community_id').nullable().references('communities.id').onDelete('SET NULL')
      table.integer('paper_batch_id').nullable().references('paper_batches.id').onDelete('CASCADE')
    })
    this.schema.raw(
      `ALTER TABLE credential_issuances ADD CONSTRAINT credential_issuances_paper_mark
       CHECK ((channel = 'paper') = (blinded IS NULL AND blind_signature IS NULL)
          AND (channel = 'paper') = (paper_batch_id IS NOT NULL))`
    )

    this.schema.createTable('credential_count_publications', (table) => {
      table.integer('campaign_id').primary().references('campaigns.id').onDelete('CASCADE')
      table.integer('total').notNullable()
      table.jsonb('communities').notNullable() // [[communityId, total]…] ascending
      table.timestamp('published_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable('credential_count_publications')
    this.schema.raw(`DELETE FROM credential_issuances WHERE channel = 'paper'`)
    this.schema.raw(
      'ALTER TABLE credential_issuances DROP CONSTRAINT credential_issuances_paper_mark'
    )
    this.schema.alterTable('credential_issuances', (table) => {
      table.dropColumn('paper_batch_id')
      table.dropColumn('community_id')
      table.dropNullable('blinded')
      table.dropNullable('blind_signature')
    })
    this.schema.dropTable('paper_batches')
    this.schema.dropTable('staff_signing_keys')
  }
}
