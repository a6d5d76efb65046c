import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { identifiersLinked } from '#identity/identifier_hooks'
import identityConfig from '#config/identity'
import Resident from '#identity/models/resident'
import SmsChallenge from '#identity/models/sms_challenge'
import { codeMatches } from '#identity/sms_code'

export type LinkPhoneOutcome =
  | { status: 'linked' }
  | { status: 'wrong_code'; attemptsLeft: number }
  | { status: 'expired' }
  | { status: 'too_many_attempts' }
  /** Another account signs in with this number; the resident already has a number. */
  | { status: 'taken' }
  | { status: 'has_phone' }

/**
 * A resident who signed in through the identity provider without a phone links one: the SMS code
 * proves the number (the same checks as sign-in: row lock, attempts, one use), and the number must
 * not belong to another account. A used code voids every code of the number, as at sign-in.
 */
export async function linkPhone(
  resident: Resident,
  challengeId: string,
  code: string
): Promise<LinkPhoneOutcome> {
  const { codes } = identityConfig
  return db.transaction(async (trx) => {
    const locked = await Resident.query({ client: trx })
      .where('id', resident.id)
      .forUpdate()
      .firstOrFail()
    if (locked.phoneE164 !== null) return { status: 'has_phone' }
    const challenge = await SmsChallenge.query({ client: trx })
      .where('id', challengeId)
      .forUpdate()
      .first()
    if (!challenge) return { status: 'expired' }
    if (challenge.attempts >= codes.maxAttempts) return { status: 'too_many_attempts' }
    if (challenge.consumedAt || challenge.expiresAt <= DateTime.now()) return { status: 'expired' }
    if (!codeMatches(challenge.id, code, challenge.codeHash)) {
      challenge.attempts += 1
      await challenge.save()
      return { status: 'wrong_code', attemptsLeft: codes.maxAttempts - challenge.attempts }
    }
    const phone = challenge.phoneE164
    await SmsChallenge.query({ client: trx }).where('phoneE164', phone).delete()
    const holder = await trx.from('residents').where('phone_e164', phone).first()
    if (holder) return { status: 'taken' }
    locked.phoneE164 = phone
    await locked.save()
    await identifiersLinked(trx, locked.id)
    return { status: 'linked' }
  })
}
