import db from '@adonisjs/lucid/services/db'

/*
| What the terminals screen shows of a terminal's use, read from the credential issuances it made
| (`credential_issuances.terminal_id`): how many, and the day (UTC) of the last one. Nothing is
| written when a terminal calls — an exact "last used" time next to credential calls would time
| them, and through the ballots' block times link voters to ballots (migration 0110 dropped
| `terminals.last_used_at`). The issuance rows keep only the hour (`issued_at`), the screen only
| the day.
*/
export interface TerminalUsage {
  credentialsIssued: number
  /** `YYYY-MM-DD` (UTC) of the last credential issued, or null. */
  lastUsedDay: string | null
}

export async function terminalUsage(terminalIds: number[]): Promise<Map<number, TerminalUsage>> {
  const usage = new Map<number, TerminalUsage>()
  if (terminalIds.length === 0) return usage
  const rows: { terminal_id: number; issued: string; last_day: string | null }[] = await db
    .from('credential_issuances')
    .whereIn('terminal_id', terminalIds)
    .groupBy('terminal_id')
    .select('terminal_id')
    .count('* as issued')
    .select(db.raw(`to_char(max(issued_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS last_day`))
  for (const row of rows) {
    usage.set(Number(row.terminal_id), {
      credentialsIssued: Number(row.issued),
      lastUsedDay: row.last_day,
    })
  }
  return usage
}
