import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import identityConfig from '#config/identity'
import Resident from '#identity/models/resident'
import SmsChallenge from '#identity/models/sms_challenge'
import { codeMatches } from '#identity/sms_code'
import { findOrCreateResident, recordConsent } from '#identity/services/resident_records'

export type VerifySmsCodeOutcome =
  | { status: 'signed_in'; resident: Resident }
  | { status: 'consent_required'; phone: string; consentVersion: string }
  | { status: 'wrong_code'; attemptsLeft: number }
  | { status: 'expired' }
  | { status: 'too_many_attempts' }

export interface VerifySmsCodeInput {
  challengeId: string
  code: string
  locale: string | null
  /** The resident accepted the current notice in this request (API `acceptConsent: true`). */
  consentAccepted: boolean
  /**
   * When consent is missing: `keep` leaves the challenge usable so the same code can be
   * sent again with consent (API); `consume` uses it up and the caller asks for consent
   * in a next step holding the verified number (pages).
   */
  onMissingConsent: 'keep' | 'consume'
}

/*
| Invariants:
| - A challenge is checked under a row lock: concurrent guesses cannot exceed
|   `maxAttempts`, and a code signs in at most once. Once a code of a number is used, every
|   other live code of that number is void.
| - No resident row exists for a number before its owner has accepted the
|   current personal-data notice.
*/
export default class VerifySmsCode {
  async handle(input: VerifySmsCodeInput): Promise<VerifySmsCodeOutcome> {
    const { codes, consentVersion } = identityConfig
    const now = DateTime.now()

    return db.transaction(async (trx) => {
      const challenge = await SmsChallenge.query({ client: trx })
        .where('id', input.challengeId)
        .forUpdate()
        .first()
      if (!challenge) return { status: 'expired' }
      if (challenge.attempts >= codes.maxAttempts) return { status: 'too_many_attempts' }
      if (challenge.consumedAt || challenge.expiresAt <= now) return { status: 'expired' }

      if (!codeMatches(challenge.id, input.code, challenge.codeHash)) {
        challenge.attempts += 1
        await challenge.save()
        return { status: 'wrong_code', attemptsLeft: codes.maxAttempts - challenge.attempts }
      }

      const phone = challenge.phoneE164
      // The code is used up, and with it every other code sent to the number (it is verified now).
      // A used code has no use: its row goes at once, with its exact times (docs/threat-model.md
      // "Linkage", item 8) — a later try with it finds no challenge (`expired`), as before.
      const consume = async () => {
        await SmsChallenge.query({ client: trx }).where('phoneE164', phone).delete()
      }
      const known = await Resident.query({ client: trx })
        .where('phoneE164', phone)
        .forUpdate()
        .first()
      const consentCurrent = known?.consentVersion === consentVersion
      if (!consentCurrent && !input.consentAccepted) {
        if (input.onMissingConsent === 'consume') await consume()
        return { status: 'consent_required', phone, consentVersion }
      }

      await consume()
      const resident = known ?? (await findOrCreateResident(trx, phone, input.locale))
      if (!consentCurrent) await recordConsent(trx, resident, consentVersion, now)
      resident.useTransaction(trx)
      resident.lastSignInAt = now
      await resident.save()
      return { status: 'signed_in', resident }
    })
  }
}
