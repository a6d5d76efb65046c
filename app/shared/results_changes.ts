import type { LucidRow } from '@adonisjs/lucid/types/model'

/*
| An in-process generation number for what the public results are computed from: the projection
| height, a campaign's row, a published outcome. Writers in this process raise it once their change
| is committed, so this process's results cache (`#reporting/results_cache`) re-reads the version
| on the next request instead of waiting out its short age limit. Other processes are not told:
| they see the change when their cached version ages out (app/reporting/README.md "Results cache").
*/
let generation = 0

export function resultsGeneration(): number {
  return generation
}

/** Call after the change is committed (a reader must not re-read the old row and keep it). */
export function resultsChanged(): void {
  generation++
}

/** A model hook's share: raise the generation now, or when the row's transaction commits. */
export function resultsChangedBy(row: LucidRow): void {
  if (row.$trx) row.$trx.after('commit', resultsChanged)
  else resultsChanged()
}
