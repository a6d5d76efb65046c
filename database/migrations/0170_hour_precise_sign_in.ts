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
/** A trigger that rounds a table's times: `trunc` to the hour, `ceil` up to the next full hour. */
interface HourTrigger {
  name: string
  table: string
  /** `UPDATE` or `UPDATE OF <column>`. */
  update: string
  times: Record<string, 'trunc' | 'ceil'>
  /** Which existing rows the backfill rewrites (all when absent). */
  backfillWhere?: string
}

const HOUR_TRIGGERS: readonly HourTrigger[] = [
  {
    name: 'residents_hour_times',
    table: 'residents',
    update: 'UPDATE',
    times: {
      created_at: 'trunc',
      updated_at: 'trunc',
      consent_at: 'trunc',
      last_sign_in_at: 'trunc',
      deleted_at: 'trunc',
    },
  },
  {
    name: 'consent_records_hour_times',
    table: 'consent_records',
    update: 'UPDATE',
    times: { accepted_at: 'trunc' },
  },
  // last_used_at keeps 0097's day trigger; it is never written.
  {
    name: 'resident_access_tokens_hour_times',
    table: 'resident_access_tokens',
    update: 'UPDATE',
    times: { created_at: 'trunc', updated_at: 'trunc', expires_at: 'ceil' },
  },
  // The session store writes now + age on every write and touch.
  {
    name: 'sessions_hour_expiry',
    table: 'sessions',
    update: 'UPDATE',
    times: { expires_at: 'ceil' },
  },
  // read_at: nothing writes it today; if a notices page ever does, the hour only (it would be a
  // resident's activity). created_at is the event's (moderation), exact.
  {
    name: 'resident_notifications_read_hour',
    table: 'resident_notifications',
    update: 'UPDATE OF read_at',
    times: { read_at: 'trunc' },
    backfillWhere: 'read_at IS NOT NULL',
  },
]

export default class extends BaseSchema {
  /** The trigger function, the trigger, and the backfill of existing rows through it. */
  private hourTrigger({ name, table, update, times, backfillWhere }: HourTrigger) {
    const columns = Object.keys(times)
    const assignments = columns.map((column) =>
      times[column] === 'ceil'
        ? `NEW.${column} := ceil_hour(NEW.${column});`
        : `NEW.${column} := date_trunc('hour', NEW.${column});`
    )
    this.schema.raw(`
      CREATE FUNCTION ${name}() RETURNS trigger AS $$
      BEGIN
        ${assignments.join('\n        ')}
        IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
          RETURN NULL;
        END IF;
        RETURN NEW;
      END
      $$ LANGUAGE plpgsql`)
    this.schema.raw(`
      CREATE TRIGGER ${name} BEFORE INSERT OR ${update} ON ${table}
      FOR EACH ROW EXECUTE FUNCTION ${name}()`)
    const where = backfillWhere ? ` WHERE ${backfillWhere}` : ''
    this.schema.raw(
      `UPDATE ${table} SET ${columns.map((column) => `${column} = ${column}`).join(', ')}${where}`
    )
  }

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

    for (const trigger of HOUR_TRIGGERS) this.hourTrigger(trigger)

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
    for (const { name, table } of [...HOUR_TRIGGERS].reverse()) {
      this.schema.raw(`DROP TRIGGER IF EXISTS ${name} ON ${table}`)
      this.schema.raw(`DROP FUNCTION IF EXISTS ${name}()`)
    }
    this.schema.raw('DROP FUNCTION IF EXISTS ceil_hour(timestamptz)')
    this.schema.raw('DROP FUNCTION IF EXISTS random_row_id(regclass)')
  }
}
