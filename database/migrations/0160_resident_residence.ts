import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Residence that counts (issue #15):
 * - `residents.district_source`: how the district is known — `declared` (the resident chose it on
 *   the profile page) or `verified` (an identity provider's or a register's word); NULL without a
 *   district. Districts set before this column existed were declared.
 * - `residents.deleted_at`: the account was deleted by its owner. The row stays as a tombstone
 *   (no phone, district or language) because published ideas and credential records refer to it.
 * - `campaigns.accepted_district_source`: which districts count for "residents only" eligibility —
 *   `declared` (declared or verified, the default) or `verified` (verified only).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('residents', (table) => {
      table.string('district_source', 16).nullable()
      table.timestamp('deleted_at', { useTz: true }).nullable()
    })
    this.schema.raw(
      `UPDATE residents SET district_source = 'declared' WHERE district_id IS NOT NULL;
       ALTER TABLE residents ADD CONSTRAINT residents_district_source
         CHECK (district_source IS NULL OR district_source IN ('declared', 'verified'))`
    )
    this.schema.alterTable('campaigns', (table) => {
      table.string('accepted_district_source', 16).notNullable().defaultTo('declared')
    })
    this.schema.raw(
      `ALTER TABLE campaigns ADD CONSTRAINT campaigns_accepted_district_source
         CHECK (accepted_district_source IN ('declared', 'verified'))`
    )
  }

  async down() {
    this.schema.alterTable('campaigns', (table) => {
      table.dropColumn('accepted_district_source')
    })
    this.schema.alterTable('residents', (table) => {
      table.dropColumn('district_source')
      table.dropColumn('deleted_at')
    })
  }
}
