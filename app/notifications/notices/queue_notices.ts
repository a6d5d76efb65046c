/*
| Queuing notices: when a campaign's voting opens or its results are published, one row per
| opted-in resident whose district lies in the campaign's community — written by the domain-event
| handler in the transaction of the stage change, with one INSERT … SELECT. The primary key
| (resident, campaign, kind) makes a second event of the same kind (an outcome override, a
| replayed stage hook) queue nothing. Residents without a district are not "of" any community and
| get none (the profile page says so).
*/
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { subtreeIds } from '#communities/community_tree'

export const NOTICE_KINDS = ['voting_opened', 'results_published'] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]

export async function queueNotices(
  campaignId: number,
  kind: NoticeKind,
  trx: TransactionClientContract
): Promise<number> {
  const campaign = await trx
    .from('campaigns')
    .where('id', campaignId)
    .select('community_id')
    .first()
  if (!campaign) throw new Error(`assertion: campaign ${campaignId} exists`)
  const districts = await subtreeIds(campaign.community_id, trx)
  const result = await trx.rawQuery(
    `INSERT INTO resident_notices (resident_id, campaign_id, kind)
     SELECT id, ?, ? FROM residents
      WHERE notices_opt_in AND deleted_at IS NULL AND district_id = ANY(?::int[])
     ON CONFLICT DO NOTHING`,
    [campaignId, kind, districts]
  )
  return result.rowCount ?? 0
}
