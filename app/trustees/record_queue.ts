import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { ThresholdRecordKind } from '@civic-budget/protocol/threshold_records'
import { enqueueRecordBytes } from '#ledger/record'

/*
| Every ceremony and decryption record the app accepts is queued for the ledger and kept, as bytes, in
| `ceremony_records` (what the ceremony's state and the decryption read back, with the outbox row's
| status), both in the caller's transaction.
*/
export interface CeremonyRecordRow {
  campaignId: number
  kind: ThresholdRecordKind
  /** The trustee who sent it; null for the admin's own (trustees, ceremony-restart). */
  trusteeIndex: number | null
  payload: Uint8Array
}

/** The row's id and tx hash; `no_ledger` without an admin key; `duplicate` for bytes already kept. */
export async function queueCeremonyRecord(
  trx: TransactionClientContract,
  record: CeremonyRecordRow
): Promise<{ id: number; txHash: string } | 'no_ledger' | 'duplicate'> {
  const queued = await enqueueRecordBytes(record.kind, record.payload, trx)
  if (!queued) return 'no_ledger'
  const inserted = await trx
    .insertQuery()
    .table('ceremony_records')
    .insert({
      campaign_id: record.campaignId,
      kind: record.kind,
      trustee_index: record.trusteeIndex,
      payload: Buffer.from(record.payload),
      tx_hash: queued.txHash,
      created_at: new Date(),
    })
    .knexQuery.onConflict('tx_hash')
    .ignore()
    .returning('id')
  return inserted.length === 0 ? 'duplicate' : { id: Number(inserted[0].id), txHash: queued.txHash }
}
