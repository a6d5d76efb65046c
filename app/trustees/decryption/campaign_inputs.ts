import type db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { decodePbTx, type Campaign } from '@civic-budget/protocol/pb'
import {
  decodeEncryptedBallot,
  type EncryptedBallot,
} from '@civic-budget/protocol/encrypted_ballot'
import type { DecryptionShareBatch } from '@civic-budget/protocol/decryption'
import type { Complaint, Dealing, TrusteeKeyRecord } from '@civic-budget/protocol/dkg'
import {
  decodeThresholdRecord,
  type ThresholdRecordKind,
} from '@civic-budget/protocol/threshold_records'
import type { CeremonyRecords, ThresholdCampaign } from '@civic-budget/protocol/threshold_tally'

/*
| What `threshold_tally.ts` needs of a campaign, read from the platform's tables: the campaign tx
| the platform put on the ledger (its pots, projects and encryption, exactly what the replicas
| know), t of n from `campaign_ceremonies`, the ceremony and decryption records of
| `ceremony_records` (every one the app accepted and the replicas did not refuse) and the committed
| encrypted ballots of `encrypted_ballots` in ledger order. A record or ballot that does not decode
| means the tables disagree with the ledger: reported, never skipped.
*/

/** The default connection or a transaction. */
export type Client = QueryClientContract | typeof db

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: string }

/** The newest campaign tx of the campaign in the outbox that the replicas did not refuse, or null. */
export async function campaignTxOf(campaignId: number, client: Client): Promise<Campaign | null> {
  const rows = await client
    .from('ledger_outbox')
    .where('kind', 'campaign')
    .whereNot('status', 'rejected')
    .orderBy('id', 'desc')
    .select('payload')
  for (const row of rows) {
    const tx = decodePbTx(new Uint8Array(row.payload))
    if (tx.kind === 'campaign' && tx.campaign.id === campaignId) return tx.campaign
  }
  return null
}

/** `campaignTxOf`, which must be encrypted. */
export async function encryptedCampaignOf(
  campaignId: number,
  client: Client
): Promise<Loaded<ThresholdCampaign>> {
  const campaign = await campaignTxOf(campaignId, client)
  if (!campaign) return { ok: false, error: 'campaign: no campaign tx on its way to the ledger' }
  const { encryption } = campaign
  if (!encryption) return { ok: false, error: 'campaign: its campaign tx is not encrypted' }
  return { ok: true, value: { ...campaign, encryption } }
}

/** Records of the campaign of these kinds, in the order the app accepted them (not refused). */
async function acceptedRecords(campaignId: number, kinds: ThresholdRecordKind[], client: Client) {
  return client
    .from('ceremony_records')
    .leftJoin('ledger_outbox', 'ledger_outbox.tx_hash', 'ceremony_records.tx_hash')
    .where('ceremony_records.campaign_id', campaignId)
    .whereIn('ceremony_records.kind', kinds)
    .where((q) =>
      q.whereNull('ledger_outbox.status').orWhereNot('ledger_outbox.status', 'rejected')
    )
    .orderBy('ceremony_records.id')
    .select('ceremony_records.id', 'ceremony_records.kind', 'ceremony_records.payload')
}

function decodeRow(row: { id: number; kind: ThresholdRecordKind; payload: Buffer }) {
  try {
    return decodeThresholdRecord(row.kind, new Uint8Array(row.payload))
  } catch (error) {
    throw new Error(`records: ${row.kind} record #${row.id} does not decode (${String(error)})`)
  }
}

export async function ceremonyRecordsOf(
  campaignId: number,
  client: Client
): Promise<Loaded<CeremonyRecords>> {
  const ceremony = await client
    .from('campaign_ceremonies')
    .where('campaign_id', campaignId)
    .select('threshold', 'trustees')
    .first()
  if (!ceremony) return { ok: false, error: 'ceremony: the campaign has no trustees' }
  const trusteeKeys: TrusteeKeyRecord[] = []
  const dealings: Dealing[] = []
  const complaints: Complaint[] = []
  const rows = await acceptedRecords(
    campaignId,
    ['trustee-key', 'dkg-dealing', 'dkg-complaint'],
    client
  )
  try {
    for (const row of rows) {
      const record = decodeRow(row)
      if (record.kind === 'trustee-key') trusteeKeys.push(record.key)
      if (record.kind === 'dkg-dealing') dealings.push(record.dealing)
      if (record.kind === 'dkg-complaint') complaints.push(record.complaint)
    }
  } catch (error) {
    return { ok: false, error: (error as Error).message }
  }
  const trustees = { threshold: ceremony.threshold, trustees: ceremony.trustees }
  return { ok: true, value: { trustees, trusteeKeys, dealings, complaints } }
}

export interface StoredBatch {
  recordId: number
  batch: DecryptionShareBatch
}

export async function shareBatchesOf(
  campaignId: number,
  client: Client
): Promise<Loaded<StoredBatch[]>> {
  const rows = await acceptedRecords(campaignId, ['decryption-shares'], client)
  try {
    return {
      ok: true,
      value: rows.map((row) => {
        const record = decodeRow(row)
        if (record.kind !== 'decryption-shares') throw new Error('assertion: kind')
        return { recordId: Number(row.id), batch: record.batch }
      }),
    }
  } catch (error) {
    return { ok: false, error: (error as Error).message }
  }
}

export interface StoredBallot {
  position: number
  ballotHash: string
  txHash: string
  height: number
  ballot: EncryptedBallot
}

export async function encryptedBallotCount(campaignId: number, client: Client): Promise<number> {
  const [row] = await client
    .from('encrypted_ballots')
    .where('campaign_id', campaignId)
    .count('* as n')
  return Number(row.n)
}

/** The committed encrypted ballots at positions `first` … `first + limit − 1`, in order. */
export async function encryptedBallotsOf(
  campaignId: number,
  client: Client,
  range: { first: number; limit: number } = { first: 0, limit: Number.MAX_SAFE_INTEGER }
): Promise<Loaded<StoredBallot[]>> {
  // A LIMIT, not `position < first + limit`: that sum could overflow the integer column.
  const query = client
    .from('encrypted_ballots')
    .where('campaign_id', campaignId)
    .where('position', '>=', range.first)
  if (range.limit !== Number.MAX_SAFE_INTEGER) query.limit(range.limit)
  const rows = await query
    .orderBy('position')
    .select('position', 'ballot_hash', 'tx_hash', 'height', 'ballot_bytes')
  const ballots: StoredBallot[] = []
  for (const [k, row] of rows.entries()) {
    if (row.position !== range.first + k)
      return { ok: false, error: `ballots: position ${range.first + k} is missing` }
    const decoded = decodeEncryptedBallot(new Uint8Array(row.ballot_bytes))
    if (!decoded.ok)
      return { ok: false, error: `ballots: position ${row.position} does not decode` }
    ballots.push({
      position: row.position,
      ballotHash: row.ballot_hash,
      txHash: row.tx_hash,
      height: Number(row.height),
      ballot: decoded.value,
    })
  }
  return { ok: true, value: ballots }
}
