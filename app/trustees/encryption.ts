import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/*
| The trustees module's public read: whether a campaign's ballots are encrypted and, once its key
| ceremony is complete, with which parameters (the ones its campaign tx carries). Other modules
| (voting, ledger projection, reporting) call this, not the tables.
*/
export interface CampaignEncryptionParams {
  threshold: number
  trustees: number
  /** hex, 32 bytes (ristretto255): the election key. */
  electionKey: string
  paddedLength: number
}

export type CampaignEncryptionState =
  | { encrypted: false }
  | { encrypted: true; complete: false; status: string }
  | ({ encrypted: true; complete: true } & CampaignEncryptionParams)

export async function campaignEncryption(
  campaignId: number,
  client: TransactionClientContract | typeof db = db
): Promise<CampaignEncryptionState> {
  const row = await client
    .from('campaign_ceremonies')
    .where('campaign_id', campaignId)
    .select('threshold', 'trustees', 'status', 'election_key', 'padded_length')
    .first()
  if (!row) return { encrypted: false }
  if (row.status !== 'complete' || !row.election_key)
    return { encrypted: true, complete: false, status: row.status }
  return {
    encrypted: true,
    complete: true,
    threshold: row.threshold,
    trustees: row.trustees,
    electionKey: row.election_key,
    paddedLength: row.padded_length,
  }
}
