import db from '@adonisjs/lucid/services/db'
import { stageIndex, type Stage } from '#campaigns/stages'
import { ledgerWindowEnded } from '#voting/voting_window'

/*
| Decryption may start only after the close, as the replicas enforce for decryption records: the
| campaign is past voting and the replicas' voting window has ended (the campaign tx's end has
| passed, or the `voting-closed` record queued when voting was closed by hand is committed).
*/
export async function votingClosed(campaignId: number, now: Date = new Date()): Promise<boolean> {
  const row = await db.from('campaigns').where('id', campaignId).select('stage').first()
  if (!row || stageIndex(row.stage as Stage) <= stageIndex('voting')) return false
  return ledgerWindowEnded(campaignId, now)
}
