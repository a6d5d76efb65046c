import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * City branding (issue #17 item 7): one row per deployment (`id` is always 1), edited by an
 * unscoped admin at `/staff/settings/branding`.
 * - `name`: `{en?, ru?, uk?}` display name of the city or platform (empty: the default name).
 * - `logo_drive_key`: the re-encoded logo on the drive disk (`branding/<uuid>.webp`), with its size.
 * - `primary_color`: `#rrggbb` with at least 4.5:1 contrast to white text (checked on save).
 * - `footer_links`: `[{label: {en?, ru?, uk?}, url}]`, at most 8.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('city_branding', (table) => {
      table.smallint('id').primary()
      table.jsonb('name').notNullable().defaultTo('{}')
      table.string('logo_drive_key', 255).nullable()
      table.integer('logo_width').nullable()
      table.integer('logo_height').nullable()
      table.string('primary_color', 7).nullable()
      table.jsonb('footer_links').notNullable().defaultTo('[]')
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw(
      `ALTER TABLE city_branding ADD CONSTRAINT city_branding_single_row CHECK (id = 1);
       ALTER TABLE city_branding ADD CONSTRAINT city_branding_color
         CHECK (primary_color IS NULL OR primary_color ~ '^#[0-9a-f]{6}$')`
    )
  }

  async down() {
    this.schema.dropTable('city_branding')
  }
}
