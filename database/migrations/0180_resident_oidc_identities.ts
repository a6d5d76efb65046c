import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * OpenID Connect sign-in (issue #15, app/identity/README.md "Residents: sign-in by OpenID Connect"):
 * - `residents.phone_e164` becomes nullable: a resident who signed in through the identity provider
 *   without a verified phone has none until they link one.
 * - `resident_oidc_links`: the provider account linked to a resident, at most one per resident and
 *   one resident per account. The subject is stored only as `HMAC-SHA256(APP_KEY, issuer ‖ sub)`
 *   (`oidc/subject_key.ts`); `id_hash` is the register's ID hash the provider vouches for (already
 *   a hash: never a raw national ID), the input of the person reference `id:` (voting);
 *   `birth_date` the verified birth date. `created_at` is hour-truncated and the id random, like
 *   every table written at sign-in (migration 0170).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('ALTER TABLE residents ALTER COLUMN phone_e164 DROP NOT NULL')
    this.schema.createTable('resident_oidc_links', (table) => {
      table.integer('id').primary()
      table
        .integer('resident_id')
        .notNullable()
        .unique()
        .references('id')
        .inTable('residents')
        .onDelete('CASCADE')
      table.string('subject_hash', 64).notNullable().unique()
      table.string('id_hash', 128).nullable()
      table.date('birth_date').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
    })
    this.schema.raw(
      `ALTER TABLE resident_oidc_links
         ALTER COLUMN id SET DEFAULT random_row_id('resident_oidc_links'::regclass),
         ALTER COLUMN created_at SET DEFAULT date_trunc('hour', now())`
    )
    this.schema.raw(`
      CREATE FUNCTION resident_oidc_links_hour_times() RETURNS trigger AS $$
      BEGIN
        NEW.created_at := date_trunc('hour', NEW.created_at);
        RETURN NEW;
      END
      $$ LANGUAGE plpgsql`)
    this.schema.raw(`
      CREATE TRIGGER resident_oidc_links_hour_times BEFORE INSERT OR UPDATE ON resident_oidc_links
      FOR EACH ROW EXECUTE FUNCTION resident_oidc_links_hour_times()`)
  }

  async down() {
    this.schema.dropTable('resident_oidc_links')
    this.schema.raw('DROP FUNCTION IF EXISTS resident_oidc_links_hour_times()')
    // Accounts without a phone get a placeholder that no number can match (like tombstones).
    this.schema.raw(
      `UPDATE residents SET phone_e164 = 'no-phone:' || id WHERE phone_e164 IS NULL;
       ALTER TABLE residents ALTER COLUMN phone_e164 SET NOT NULL`
    )
  }
}
