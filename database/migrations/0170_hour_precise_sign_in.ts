import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Sign-in leaves no exact time and no serial order next to a resident (docs/threat-model.md
 * "Linkage", item 8; issue #13): a resident who signs in and votes in one visit would otherwise
 * leave times seconds before their ballot's block time, and ids in the order of sign-in.
 *
 * - Times written at sign-in or on activity are **hour-truncated** by triggers, whoever writes them
 *   (old rows too, and the column defaults): `residents.created_at`, `updated_at`, `consent_at`,
 *   `last_sign_in_at`, `deleted_at`; `consent_records.accepted_at`;
 *   `resident_access_tokens.created_at`, `updated_at`; `resident_notifications.read_at`.
 *   Not truncated: `idea_supports` and `ideas` times — public acts of the proposal phase (a
 *   support is on the ledger with its block time anyway), written by what the resident does there,
 *   not by signing in; `resident_notifications.created_at` (the moderation event's time).
 * - Expiries are **rounded up to the next full hour**: `resident_access_tokens.expires_at` and
 *   `sessions.expires_at` (a token or session lives at most an hour longer than its TTL).
 * - An UPDATE that changes nothing after the rounding is skipped (the trigger returns NULL): no
 *   new row version, so a session touched on every request is rewritten at most once an hour, and
 *   a returning resident's `last_sign_in_at` within the same hour writes nothing.
 * - New rows of `residents`, `consent_records` and `resident_access_tokens` get **random ids**
 *   (`random_row_id`): a serial would number first sign-ins in the order they happened. Existing
 *   rows keep theirs (referenced everywhere; they were made before).
 * The physical order of these tables is forgotten every minute by `#identity/sign_in_order`
 * (CLUSTER on the random ids).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE FUNCTION random_row_id(tbl regclass) RETURNS integer AS $$
      DECLARE
        candidate integer;
        taken boolean;
      BEGIN
        LOOP
          candidate := 1 + floor(random() * 2147483646)::integer;
          EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE id = $1)', tbl)
            INTO taken USING candidate;
          IF NOT taken THEN
            RETURN candidate;
          END IF;
        END LOOP;
      END
      $$ LANGUAGE plpgsql VOLATILE`)

    this.schema.raw(`
      CREATE FUNCTION ceil_hour(t timestamptz) RETURNS timestamptz AS $$
        SELECT CASE WHEN t = date_trunc('hour', t) THEN t
                    ELSE date_trunc('hour', t) + interval '1 hour' END
      $$ LANGUAGE sql IMMUTABLE`)

    // residents
    this.schema.raw(`
      CREATE FUNCTION residents_hour_times() RETURNS trigger AS $$
      BEGIN
        NEW.created_at := date_trunc('hour', NEW.created_at);
        NEW.updated_at := date_trunc('hour', NEW.updated_at);
        NEW.consent_at := date_trunc('hour', NEW.consent_at);
        NEW.last_sign_in_at := date_trunc('hour', NEW.last_sign_in_at);
        NEW.deleted_at := date_trunc('hour', NEW.deleted_at);
        IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
          RETURN NULL;
        END IF;
        RETURN NEW;
      END
      $$ LANGUAGE plpgsql`)
    this.schema.raw(`
      CREATE TRIGGER residents_hour_times BEFORE INSERT OR UPDATE ON residents
      FOR EACH ROW EXECUTE FUNCTION residents_hour_times()`)
    this.schema.raw(`
      UPDATE residents SET created_at = created_at, updated_at = updated_at,
        consent_at = consent_at, last_sign_in_at = last_sign_in_at, deleted_at = deleted_at`)

    // consent_records
    this.schema.raw(`
      CREATE FUNCTION consent_records_hour_times() RETURNS trigger AS $$
      BEGIN
        NEW.accepted_at := date_trunc('hour', NEW.accepted_at);
        IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
          RETURN NULL;
        END IF;
        RETURN NEW;
      END
      $$ LANGUAGE plpgsql`)
    this.schema.raw(`
      CREATE TRIGGER consent_records_hour_times BEFORE INSERT OR UPDATE ON consent_records
      FOR EACH ROW EXECUTE FUNCTION consent_records_hour_times()`)
    this.schema.raw('UPDATE consent_records SET accepted_at = accepted_at')

    // resident_access_tokens (last_used_at keeps 0097's day trigger; it is never written)
    this.schema.raw(`
      CREATE FUNCTION resident_access_tokens_hour_times() RETURNS trigger AS $$
      BEGIN
        NEW.created_at := date_trunc('hour', NEW.created_at);
        NEW.updated_at := date_trunc('hour', NEW.updated_at);
        NEW.expires_at := ceil_hour(NEW.expires_at);
        IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
          RETURN NULL;
        END IF;
        RETURN NEW;
      END
      $$ LANGUAGE plpgsql`)
    this.schema.raw(`
      CREATE TRIGGER resident_access_tokens_hour_times
      BEFORE INSERT OR UPDATE ON resident_access_tokens
      FOR EACH ROW EXECUTE FUNCTION resident_access_tokens_hour_times()`)
    this.schema.raw(
      'UPDATE resident_access_tokens SET created_at = created_at, updated_at = updated_at, expires_at = expires_at'
    )

    // sessions: the store writes now + age on every write and touch
    this.schema.raw(`
      CREATE FUNCTION sessions_hour_expiry() RETURNS trigger AS $$
      BEGIN
        NEW.expires_at := ceil_hour(NEW.expires_at);
        IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
          RETURN NULL;
        END IF;
        RETURN NEW;
      END
      $$ LANGUAGE plpgsql`)
    this.schema.raw(`
      CREATE TRIGGER sessions_hour_expiry BEFORE INSERT OR UPDATE ON sessions
      FOR EACH ROW EXECUTE FUNCTION sessions_hour_expiry()`)
    this.schema.raw('UPDATE sessions SET expires_at = expires_at')

    // resident_notifications.read_at: nothing writes it today; if a notices page ever does, the
    // hour only (it would be a resident's activity). created_at is the event's (moderation), exact.
    this.schema.raw(`
      CREATE FUNCTION resident_notifications_read_hour() RETURNS trigger AS $$
      BEGIN
        NEW.read_at := date_trunc('hour', NEW.read_at);
        IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
          RETURN NULL;
        END IF;
        RETURN NEW;
      END
      $$ LANGUAGE plpgsql`)
    this.schema.raw(`
      CREATE TRIGGER resident_notifications_read_hour
      BEFORE INSERT OR UPDATE OF read_at ON resident_notifications
      FOR EACH ROW EXECUTE FUNCTION resident_notifications_read_hour()`)
    this.schema.raw('UPDATE resident_notifications SET read_at = read_at WHERE read_at IS NOT NULL')

    // Defaults: the hour, and random ids.
    for (const [table, columns] of [
      ['residents', ['created_at', 'updated_at']],
      ['consent_records', ['accepted_at']],
      ['resident_access_tokens', ['created_at', 'updated_at']],
    ] as const) {
      for (const column of columns) {
        this.schema.raw(
          `ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT date_trunc('hour', now())`
        )
      }
      this.schema.raw(
        `ALTER TABLE ${table} ALTER COLUMN id SET DEFAULT random_row_id('${table}'::regclass)`
      )
    }
  }

  async down() {
    for (const table of ['residents', 'consent_records', 'resident_access_tokens']) {
      this.schema.raw(
        `ALTER TABLE ${table} ALTER COLUMN id SET DEFAULT nextval('${table}_id_seq'::regclass)`
      )
    }
    for (const [table, columns] of [
      ['residents', ['created_at', 'updated_at']],
      ['consent_records', ['accepted_at']],
      ['resident_access_tokens', ['created_at', 'updated_at']],
    ] as const) {
      for (const column of columns) {
        this.schema.raw(`ALTER TABLE ${table} ALTER COLUMN ${column} DROP DEFAULT`)
      }
    }
    for (const [trigger, table] of [
      ['resident_notifications_read_hour', 'resident_notifications'],
      ['sessions_hour_expiry', 'sessions'],
      ['resident_access_tokens_hour_times', 'resident_access_tokens'],
      ['consent_records_hour_times', 'consent_records'],
      ['residents_hour_times', 'residents'],
    ]) {
      this.schema.raw(`DROP TRIGGER IF EXISTS ${trigger} ON ${table}`)
      this.schema.raw(`DROP FUNCTION IF EXISTS ${trigger}()`)
    }
    this.schema.raw('DROP FUNCTION IF EXISTS ceil_hour(timestamptz)')
    this.schema.raw('DROP FUNCTION IF EXISTS random_row_id(regclass)')
  }
}
