import db from '@adonisjs/lucid/services/db'
import { stageIndex, type Stage } from '#campaigns/stages'

/*
| Decryption may start only after the close, as the replicas enforce for decryption records: the
| campaign is past voting and its `voting_closes_at` (the end of the voting window in its campaign
| tx) has passed. A campaign closed by hand without a closing time never reaches that point.
*/
export async function votingClosed(campaignId: number, now: Date = new Date()): Promise<boolean> {
  const row = await db
    .from('campaigns')
    .where('id', campaignId)
    .select('stage', 'voting_closes_at')
    .first()
  if (!row || !row.voting_closes_at) return false
  return (
    stageIndex(row.stage as Stage) > stageIndex('voting') &&
    new Date(row.voting_closes_at).getTime() <= now.getTime()
  )
}
