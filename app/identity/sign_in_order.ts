import db from '@adonisjs/lucid/services/db'

/*
| The physical order of the tables written at sign-in (docs/threat-model.md "Linkage", item 8):
| PostgreSQL appends a new row — and the new version of an updated row — at the end of a table (or
| in its page's free space), so a dump lists residents, their consent records and bearer tokens in
| the order they signed in, which for residents who sign in and vote in one visit is about the
| order of their ballots. Each pass rewrites every such table that changed in the order of its
| primary key (CLUSTER): random ids for rows made since migration 0170, session ids for sessions,
| so only what changed since the last pass is still in sign-in order. Run every minute by the
| retention job (`#identity/start/retention_scheduler`); the tables are locked for the rewrite.
*/
export const SIGN_IN_TABLES = [
  'residents',
  'consent_records',
  'resident_access_tokens',
  'resident_oidc_links',
  'sessions',
] as const

const lastSeen = new Map<string, string>()

/** Changes to a table since the last pass: row count and the sum of row-version ids. */
async function fingerprint(table: string): Promise<string> {
  const result = await db.rawQuery(
    `SELECT count(*) AS n, coalesce(sum(xmin::text::bigint), 0) AS v FROM ${table}`
  )
  const [row] = result.rows as { n: string; v: string }[]
  return `${row.n}:${row.v}`
}

/** Rewrites each sign-in table that changed since the last pass; returns the ones rewritten. */
export async function forgetSignInOrder(): Promise<string[]> {
  const rewritten: string[] = []
  for (const table of SIGN_IN_TABLES) {
    const before = await fingerprint(table)
    if (lastSeen.get(table) === before) continue
    await shuffleSignInTable(table)
    // CLUSTER keeps every row's xmin: the fingerprint read before the rewrite is the one after it,
    // and a change made meanwhile makes the next pass rewrite again rather than be marked as seen.
    lastSeen.set(table, before)
    rewritten.push(table)
  }
  return rewritten
}

/** One table rewritten in the order of its primary key (random for rows made since 0170). */
export async function shuffleSignInTable(table: (typeof SIGN_IN_TABLES)[number]) {
  await db.rawQuery(`CLUSTER ${table} USING ${table}_pkey`)
}

/** Every sign-in table rewritten now (the linkage test runs the pass as the web server would). */
export async function shuffleSignInTables() {
  for (const table of SIGN_IN_TABLES) await shuffleSignInTable(table)
}

/** The next full hour (the time itself when it is one): how expiries are stored (migration 0170). */
export function ceilHour(at: Date): Date {
  const hour = 3_600_000
  return new Date(Math.ceil(at.getTime() / hour) * hour)
}
