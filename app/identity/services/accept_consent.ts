import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import identityConfig from '#config/identity'
import type Resident from '#identity/models/resident'
import { findOrCreateResident, recordConsent } from '#identity/services/resident_records'

export type AcceptConsentOutcome = { status: 'signed_in'; resident: Resident }

/**
 * The consent step of a page sign-in: the number was verified by SMS just
 * before. Creates the resident on first sign-in, records the accepted notice
 * version (unless already current) and the sign-in time.
 */
export default class AcceptConsent {
  async handle(input: { phone: string; locale: string | null }): Promise<AcceptConsentOutcome> {
    const { consentVersion } = identityConfig
    const now = DateTime.now()
    return db.transaction(async (trx) => {
      const resident = await findOrCreateResident(trx, input.phone, input.locale)
      if (resident.consentVersion !== consentVersion) {
        await recordConsent(trx, resident, consentVersion, now)
      }
      resident.useTransaction(trx)
      resident.lastSignInAt = now
      await resident.save()
      return { status: 'signed_in', resident }
    })
  }
}
