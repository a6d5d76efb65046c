import { BaseSchema } from '@adonisjs/lucid/schema'
import { claimLegacyIssuances } from '#voting/person_claims'

/**
 * One person reference per campaign across every channel (app/voting/README.md "One person, one
 * vote"; issue #13):
 *
 * - `credential_person_refs`: every reference of the person behind a credential or a paper mark
 *   (phone and/or ID hash, keyed per campaign with PERSON_REF_KEY), PRIMARY KEY (campaign, ref):
 *   a second credential or paper sheet under any of them is refused. No time and no serial column.
 *   Existing rows claim their own `person_ref`, and online ones (`resident:<id>`) also the new
 *   phone reference of the resident, so residents who already took a credential stay refused.
 *   Older terminal and paper references cannot be converted (the raw identifier was never stored).
 * - `campaign_registrar_keys.created_at`: day-truncated (a key made lazily by the first credential
 *   request timed that request), old rows and the default.
 * - `terminals.last_used_at`: dropped (written on credential calls, to the minute).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('credential_person_refs', (table) => {
      table.integer('campaign_id').notNullable().references('campaigns.id').onDelete('CASCADE')
      table.string('person_ref', 100).notNullable()
      table
        .uuid('issuance_id')
        .notNullable()
        .references('credential_issuances.id')
        .onDelete('CASCADE')
      table.primary(['campaign_id', 'person_ref'])
      table.index(['issuance_id'])
    })
    this.defer((db) => claimLegacyIssuances(db))

    this.schema.raw(
      `UPDATE campaign_registrar_keys SET created_at = date_trunc('day', created_at, 'UTC')`
    )
    this.schema.raw(
      `ALTER TABLE campaign_registrar_keys
       ALTER COLUMN created_at SET DEFAULT date_trunc('day', now(), 'UTC')`
    )
    this.schema.alterTable('terminals', (table) => {
      table.dropColumn('last_used_at')
    })
  }

  async down() {
    this.schema.alterTable('terminals', (table) => {
      table.timestamp('last_used_at', { useTz: true }).nullable()
    })
    this.schema.raw('ALTER TABLE campaign_registrar_keys ALTER COLUMN created_at SET DEFAULT now()')
    this.schema.dropTable('credential_person_refs')
  }
}
