import db from '@adonisjs/lucid/services/db'

/*
| The physical order of `credential_issuances` (docs/threat-model.md "Linkage"): PostgreSQL appends
| each new row at the end of the table, so a dump (pg_dump writes rows in physical order) or a plain
| `SELECT` lists issuances in the order they happened — the order of the ballots on the ledger. Each
| pass rewrites the table in random order (a new file: TRUNCATE, then the rows shuffled), so only the
| rows issued since the last pass are still in issuance order. The rows are few (one per voter and
| campaign); the table is locked for the rewrite, credential requests wait for it.
*/
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
    await trx.rawQuery('LOCK TABLE credential_issuances IN ACCESS EXCLUSIVE MODE')
    await trx.rawQuery(
      'CREATE TEMP TABLE issuances_shuffled ON COMMIT DROP AS SELECT * FROM credential_issuances ORDER BY random()'
    )
    await trx.rawQuery('TRUNCATE credential_issuances')
    await trx.rawQuery('INSERT INTO credential_issuances SELECT * FROM issuances_shuffled')
  })
}
