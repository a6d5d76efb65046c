import type { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Resident from '#identity/models/resident'
import ConsentRecord from '#identity/models/consent_record'

/**
 * The resident with this number, created on first sign-in. Race-safe: two
 * concurrent first sign-ins of one number end with one row. The row is locked
 * until the transaction ends.
 */
export async function findOrCreateResident(
  trx: TransactionClientContract,
  phoneE164: string,
  locale: string | null
): Promise<Resident> {
  const now = new Date()
  await trx
    .knexQuery()
    .table('residents')
    .insert({ phone_e164: phoneE164, locale, created_at: now, updated_at: now })
    .onConflict('phone_e164')
    .ignore()
  return Resident.query({ client: trx }).where('phoneE164', phoneE164).forUpdate().firstOrFail()
}

/** Records acceptance of the personal-data notice `version` (history row + current state). */
export async function recordConsent(
  trx: TransactionClientContract,
  resident: Resident,
  version: string,
  at: DateTime
): Promise<void> {
  await ConsentRecord.create({ residentId: resident.id, version, acceptedAt: at }, { client: trx })
  resident.useTransaction(trx)
  resident.consentVersion = version
  resident.consentAt = at
  await resident.save()
}
