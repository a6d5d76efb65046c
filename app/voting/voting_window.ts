import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Campaign from '#campaigns/models/campaign'
import { enqueueRecord } from '#ledger/record'
import type { EnqueueResult } from '#ledger/outbox/outbox'
import { campaignRecordOf } from '#voting/campaign_record'

/*
| The replicas' voting window is the campaign tx's: [votingOpensAtMs, votingClosesAtMs), the end
| open-ended (OPEN_ENDED_MS) for a campaign that closes by hand. Leaving voting before that end
| (by hand, or a close time moved earlier) queues a `voting-closed` record in the stage change's
| transaction: from its block on the replicas refuse ballots and take an encrypted campaign's
| decryption shares (protocol.md "voting-closed"; the trustees' gate:
| #trustees/decryption/voting_closed).
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
