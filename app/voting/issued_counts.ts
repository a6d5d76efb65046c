import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { enqueueRecord } from '#ledger/record'

/*
| `credentials-issued` records (ledger-node/README.md "Platform records"): how many credentials a
| campaign has issued, in total and per community — counts only, no identities. Per community = the
| person's community at issuance (`credential_issuances.community_id`: an online resident's
| district, a terminal's community); issuances without one (residents without a district, rows
| from before migration 0071) count in the total only. Paper marks are not credentials: not counted.
|
| Counts only grow (issuance rows are never deleted while a campaign runs), so the ledger's rule
| "totals never decrease" holds. A pass queues a record only when a count changed since the last one
| queued (`credential_count_publications`, row locked: concurrent passes queue in order).
*/
export interface IssuedCounts {
  total: number
  communities: { communityId: number; total: number }[]
}

export async function issuedCounts(
  campaignId: number,
  client: TransactionClientContract
): Promise<IssuedCounts> {
  const rows: { community_id: number | null; total: string }[] = await client
    .from('credential_issuances')
    .where('campaign_id', campaignId)
    .whereNot('channel', 'paper')
    .groupBy('community_id')
    .select('community_id')
    .count('* as total')
  const communities = rows
    .filter((r) => r.community_id !== null)
    .map((r) => ({ communityId: r.community_id!, total: Number(r.total) }))
    .sort((a, b) => a.communityId - b.communityId)
  return { total: rows.reduce((sum, r) => sum + Number(r.total), 0), communities }
}

export type PublishOutcome = 'queued' | 'unchanged' | 'no_admin_key'

/** Queues the campaign's counts when they changed since the last queued record. */
export async function publishIssuedCounts(
  campaignId: number,
  trx?: TransactionClientContract
): Promise<PublishOutcome> {
  if (!trx) return db.transaction((t) => publishIssuedCounts(campaignId, t))
  const last = await trx
    .from('credential_count_publications')
    .where('campaign_id', campaignId)
    .forUpdate()
    .first()
  const counts = await issuedCounts(campaignId, trx)
  const pairs = counts.communities.map((c) => [c.communityId, c.total])
  if (
    last &&
    last.total === counts.total &&
    JSON.stringify(last.communities) === JSON.stringify(pairs)
  ) {
    return 'unchanged'
  }
  const now = new Date()
  const queued = await enqueueRecord(
    'credentials-issued',
    [1, campaignId, now.getTime(), counts.total, pairs],
    trx
  )
  if (!queued) return 'no_admin_key'
  await trx
    .insertQuery()
    .table('credential_count_publications')
    .insert({
      campaign_id: campaignId,
      total: counts.total,
      communities: JSON.stringify(pairs),
      published_at: now,
    })
    .knexQuery.onConflict('campaign_id')
    .merge()
  return 'queued'
}

/** One pass over the campaigns in voting (the web worker, `voting:publish-counts`). */
export async function publishVotingCounts(): Promise<Record<number, PublishOutcome>> {
  const campaigns: { id: number }[] = await db
    .from('campaigns')
    .where('stage', 'voting')
    .select('id')
  const out: Record<number, PublishOutcome> = {}
  for (const { id } of campaigns) out[id] = await publishIssuedCounts(id)
  return out
}
