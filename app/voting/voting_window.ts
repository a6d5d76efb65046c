import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import type Campaign from '#campaigns/models/campaign'
import { enqueueRecord } from '#ledger/record'
import type { EnqueueResult } from '#ledger/outbox/outbox'
import { projectionTip } from '#ledger/projection/projector'
import { campaignRecordOf } from '#voting/campaign_record'
import { decodeLedgerTx } from '@civic-budget/protocol/tx_decode'

/*
| The replicas' voting window is the campaign tx's: [votingOpensAtMs, votingClosesAtMs), the end
| open-ended (OPEN_ENDED_MS) for a campaign that closes by hand. Leaving voting before that end
| (by hand, or a close time moved earlier) queues a `voting-closed` record in the stage change's
| transaction: from its block on the replicas refuse ballots and take an encrypted campaign's
| decryption shares (protocol.md "voting-closed").
*/

/** Queues `voting-closed` when the ledger's window would outlast the stage change; else null. */
export async function enqueueVotingClosed(
  campaign: Campaign,
  trx: TransactionClientContract,
  now: Date = new Date()
): Promise<EnqueueResult | null> {
  const record = await campaignRecordOf(campaign.id)
  if (!record || record.status === 'rejected') return null
  if (record.definition.votingClosesAtMs <= now.getTime()) return null
  return enqueueRecord('voting-closed', [1, campaign.id], trx)
}

/**
 * Whether the replicas' window has ended: the campaign tx's end has passed, or a `voting-closed`
 * record is committed (block times never decrease, so every later block is after the close) and
 * the projection holds every block up to it — the trustees decrypt the ballots it lists, and the
 * replicas take only batches covering all of them.
 */
export async function ledgerWindowEnded(campaignId: number, now: Date = new Date()) {
  const record = await campaignRecordOf(campaignId)
  if (!record || record.status === 'rejected') return false
  if (record.definition.votingClosesAtMs <= now.getTime()) return true
  const rows = await db
    .from('ledger_outbox')
    .where({ kind: 'voting-closed', status: 'committed' })
    .select('payload', 'committed_height')
  const closing = rows.find((row) => {
    const tx = decodeLedgerTx(new Uint8Array(row.payload))
    return (
      'record' in tx && tx.record.kind === 'voting-closed' && tx.record.campaignId === campaignId
    )
  })
  if (!closing) return false
  const projected = await projectionTip()
  return projected.height >= Number(closing.committed_height ?? 0)
}
