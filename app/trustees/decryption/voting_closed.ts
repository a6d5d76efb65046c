import db from '@adonisjs/lucid/services/db'
import { decodeLedgerTx } from '@civic-budget/protocol/tx_decode'
import { stageIndex, type Stage } from '#campaigns/stages'
import { projectionTip } from '#ledger/projection/projector'
import { campaignTxOf } from '#trustees/decryption/campaign_inputs'

/*
| Decryption may start only after the close, as the replicas enforce for decryption records: the
| campaign is past voting and the replicas' voting window has ended — the campaign tx's end has
| passed, or the `voting-closed` record queued when voting was closed early (#voting/voting_window)
| is committed (block times never decrease, so every later block is after the close) and the
| projection holds every block up to it: the trustees decrypt the ballots it lists, and the
| replicas take only batches covering all of them.
*/
export async function votingClosed(campaignId: number, now: Date = new Date()): Promise<boolean> {
  const row = await db.from('campaigns').where('id', campaignId).select('stage').first()
  if (!row || stageIndex(row.stage as Stage) <= stageIndex('voting')) return false
  const campaignTx = await campaignTxOf(campaignId, db)
  if (!campaignTx) return false
  if (campaignTx.votingClosesAtMs <= now.getTime()) return true
  const closing = await committedVotingClosed(campaignId)
  if (!closing) return false
  const projected = await projectionTip()
  return projected.height >= closing.height
}

async function committedVotingClosed(campaignId: number): Promise<{ height: number } | null> {
  const rows = await db
    .from('ledger_outbox')
    .where({ kind: 'voting-closed', status: 'committed' })
    .select('payload', 'committed_height')
  for (const row of rows) {
    const tx = decodeLedgerTx(new Uint8Array(row.payload))
    if ('record' in tx && tx.record.kind === 'voting-closed' && tx.record.campaignId === campaignId)
      return { height: Number(row.committed_height ?? 0) }
  }
  return null
}
