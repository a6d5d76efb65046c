import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Nothing tied to a resident's credential keeps an exact time or a serial order
 * (docs/threat-model.md "Linkage"; issue #13):
 *
 * - `credential_issuances.id` becomes a random UUID (a serial id orders issuances, which can be
 *   matched with the order of ballots on the ledger); `issued_at` is hour-truncated, for old rows
 *   too, and so is its default.
 * - `resident_access_tokens.last_used_at` is day-truncated by a trigger, whoever writes it (the
 *   access-token guard writes the exact time on every bearer request, the credential request
 *   included), and a write that would not change the day is skipped: no new row version either.
 * - `rate_limits`: existing rows are dropped (their keys named phones, IPs, e-mails and residents;
 *   new keys are keyed hashes, `#shared/rate_limit_keys`), counters restart; an index on `expire`
 *   for the purge job (`#shared/rate_limit_purge`).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('ALTER TABLE credential_issuances ALTER COLUMN id DROP DEFAULT')
    this.schema.raw(
      'ALTER TABLE credential_issuances ALTER COLUMN id TYPE uuid USING gen_random_uuid()'
    )
    this.schema.raw(
      'ALTER TABLE credential_issuances ALTER COLUMN id SET DEFAULT gen_random_uuid()'
    )
    this.schema.raw('DROP SEQUENCE IF EXISTS credential_issuances_id_seq')
    this.schema.raw(`UPDATE credential_issuances SET issued_at = date_trunc('hour', issued_at)`)
    this.schema.raw(
      `ALTER TABLE credential_issuances ALTER COLUMN issued_at SET DEFAULT date_trunc('hour', now())`
    )

    this.schema.raw(
      `UPDATE resident_access_tokens SET last_used_at = date_trunc('day', last_used_at)`
    )
    this.schema.raw(`
      CREATE FUNCTION resident_access_tokens_last_used_day() RETURNS trigger AS $$
      BEGIN
        NEW.last_used_at := date_trunc('day', NEW.last_used_at);
        IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
          RETURN NULL;
        END IF;
        RETURN NEW;
      END
      $$ LANGUAGE plpgsql`)
    this.schema.raw(`
      CREATE TRIGGER resident_access_tokens_last_used_day
      BEFORE INSERT OR UPDATE OF last_used_at ON resident_access_tokens
      FOR EACH ROW EXECUTE FUNCTION resident_access_tokens_last_used_day()`)

    this.schema.raw('DELETE FROM rate_limits')
    this.schema.alterTable('rate_limits', (table) => {
      table.index(['expire'])
    })
  }

  async down() {
    this.schema.alterTable('rate_limits', (table) => {
      table.dropIndex(['expire'])
    })
    this.schema.raw('DROP TRIGGER resident_access_tokens_last_used_day ON resident_access_tokens')
    this.schema.raw('DROP FUNCTION resident_access_tokens_last_used_day()')
    this.schema.raw('ALTER TABLE credential_issuances ALTER COLUMN issued_at SET DEFAULT now()')
    this.schema.raw('CREATE SEQUENCE credential_issuances_id_seq')
    this.schema.raw('ALTER TABLE credential_issuances ALTER COLUMN id DROP DEFAULT')
    this.schema.raw(
      `ALTER TABLE credential_issuances ALTER COLUMN id TYPE bigint
       USING nextval('credential_issuances_id_seq')`
    )
    this.schema.raw(
      `ALTER TABLE credential_issuances ALTER COLUMN id SET DEFAULT nextval('credential_issuances_id_seq')`
    )
    this.schema.raw('ALTER SEQUENCE credential_issuances_id_seq OWNED BY credential_issuances.id')
  }
}
