import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Voting module, part 1: registrar keys and blind credential issuance (app/voting/README.md).
 *
 * - `campaign_registrar_keys`: one BLS12-381 registrar key per campaign. The secret scalar is
 *   stored only encrypted with the app key (`@adonisjs/core/services/encryption`, purpose
 *   `civic-budget/registrar/v1`); the public key (G1, 48 bytes) and its proof of possession in hex.
 * - `credential_issuances`: "this person has a credential for this campaign". UNIQUE(campaign_id,
 *   person_ref) is what prevents double issuance under concurrency. `person_ref` is
 *   `resident:<id>` online, `terminal:<HMAC hex>` for terminals (the raw personKey is never stored).
 * - `terminals`: kiosks / bank terminals with an API token (SHA-256 hash only) and an optional
 *   Ed25519 public key.
 * Issuance counts are computed by query (no counts table): publishing them on the ledger in
 * batches belongs to the ledger issue.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('campaign_registrar_keys', (table) => {
      table.increments('id')
      table
        .integer('campaign_id')
        .notNullable()
        .unique()
        .references('campaigns.id')
        .onDelete('CASCADE')
      table.string('public_key', 96).notNullable()
      table.text('secret_key_encrypted').notNullable()
      table.string('pop', 192).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })

    this.schema.createTable('terminals', (table) => {
      table.increments('id')
      table.string('name', 120).notNullable()
      table.integer('community_id').notNullable().references('communities.id').onDelete('RESTRICT')
      table.string('public_key', 64).nullable()
      table.string('token_hash', 64).notNullable().unique()
      table
        .integer('created_by_staff_id')
        .nullable()
        .references('staff_users.id')
        .onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('revoked_at', { useTz: true }).nullable()
      table.timestamp('last_used_at', { useTz: true }).nullable()
    })

    this.schema.createTable('credential_issuances', (table) => {
      table.bigIncrements('id')
      table.integer('campaign_id').notNullable().references('campaigns.id').onDelete('CASCADE')
      table.string('person_ref', 100).notNullable()
      table.string('blinded', 192).notNullable()
      table.string('blind_signature', 192).notNullable()
      table
        .enu('channel', ['online', 'terminal'], {
          useNative: true,
          enumName: 'credential_channel',
        })
        .notNullable()
      table.integer('terminal_id').nullable().references('terminals.id').onDelete('RESTRICT')
      table.timestamp('issued_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['campaign_id', 'person_ref'])
      table.index(['campaign_id', 'issued_at'])
    })
    this.schema.raw(
      `ALTER TABLE credential_issuances ADD CONSTRAINT credential_issuances_channel_terminal
       CHECK ((channel = 'terminal') = (terminal_id IS NOT NULL))`
    )
  }

  async down() {
    this.schema.dropTable('credential_issuances')
    this.schema.raw('DROP TYPE IF EXISTS credential_channel')
    this.schema.dropTable('terminals')
    this.schema.dropTable('campaign_registrar_keys')
  }
}
