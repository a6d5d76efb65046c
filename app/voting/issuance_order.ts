import db from '@adonisjs/lucid/services/db'

/*
| The physical order of `credential_issuances` and of `credential_person_refs` (its claims; docs/
| threat-model.md "Linkage"): PostgreSQL appends each new row at the end of a table, so a dump
| (pg_dump writes rows in physical order) or a plain `SELECT` lists issuances in the order they
| happened — the order of the ballots on the ledger. Each pass rewrites both tables in random order (new
| files: TRUNCATE, then the rows shuffled), so only the rows issued since the last pass are still in
| issuance order. The rows are few (one per voter and campaign, one per reference); the tables are
| locked for the rewrite, credential requests wait for it. Both go in one TRUNCATE because the claims
| reference the issuances.
*/
const TABLES = ['credential_issuances', 'credential_person_refs'] as const
let lastCount: number | null = null

/** Rewrites the table in random order when its row count changed since the last pass. */
export async function forgetIssuanceOrder(): Promise<'shuffled' | 'unchanged'> {
  const [{ total }] = await db.from('credential_issuances').count('* as total')
  if (Number(total) === lastCount) return 'unchanged'
  await shuffleIssuances()
  lastCount = Number(total)
  return 'shuffled'
}

export async function shuffleIssuances() {
  await db.transaction(async (trx) => {
    await trx.rawQuery(`LOCK TABLE ${TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`)
    for (const table of TABLES) {
      await trx.rawQuery(
        `CREATE TEMP TABLE ${table}_shuffled ON COMMIT DROP AS SELECT * FROM ${table} ORDER BY random()`
      )
    }
    await trx.rawQuery(`TRUNCATE ${TABLES.join(', ')}`)
    // Issuances first: the claims' foreign key points at them.
    for (const table of TABLES) {
      await trx.rawQuery(`INSERT INTO ${table} SELECT * FROM ${table}_shuffled`)
    }
  })
}
