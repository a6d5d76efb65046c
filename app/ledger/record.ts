import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { CborValue } from '@civic-budget/protocol/cbor'
import { ledgerAdminKey, ledgerSettings, type AdminKey } from '#ledger/ledger'
import { enqueue, type EnqueueResult } from '#ledger/outbox/outbox'
import { encodeRecordBytesTx, encodeRecordTx, type RecordKind } from '@civic-budget/protocol/tx'

/**
 * The admin key that signs what the platform writes to the ledger. Without one: in production this
 * throws (configure LEDGER_ADMIN_SECRET_KEY); in development/test with no ledger configured it logs
 * a warning and returns null, and the caller queues nothing.
 */
export function recordSigningKey(what: string): AdminKey | null {
  const key = ledgerAdminKey()
  if (key) return key
  if (!ledgerSettings().devAdminKeyFile) {
    throw new Error(`LEDGER_ADMIN_SECRET_KEY is not set: ${what} cannot be put on the ledger`)
  }
  logger.warn({ what }, 'no ledger admin key configured: record not queued')
  return null
}

/**
 * Queues a platform record (`support`, `attachment`, `credentials-issued`, `outcome`) in the
 * caller's transaction: it reaches the ledger iff the caller's change commits.
 */
export async function enqueueRecord(
  kind: RecordKind,
  payload: CborValue,
  trx: TransactionClientContract
): Promise<EnqueueResult | null> {
  const key = recordSigningKey(`${kind} records`)
  return key ? enqueue(kind, encodeRecordTx(kind, payload, key.secretKey), trx) : null
}

/**
 * Queues a record whose payload is already encoded (the key ceremony's and the decryption's own
 * bytes, `encodeThresholdRecord`), in the caller's transaction like `enqueueRecord`.
 */
export async function enqueueRecordBytes(
  kind: RecordKind,
  payloadBytes: Uint8Array,
  trx: TransactionClientContract
): Promise<EnqueueResult | null> {
  const key = recordSigningKey(`${kind} records`)
  return key ? enqueue(kind, encodeRecordBytesTx(kind, payloadBytes, key.secretKey), trx) : null
}
