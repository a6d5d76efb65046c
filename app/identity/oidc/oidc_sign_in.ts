import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import identityConfig from '#config/identity'
import Resident from '#identity/models/resident'
import { recordConsent } from '#identity/services/resident_records'
import type { OidcPerson } from '#identity/oidc/oidc_claims'
import { applyOidcPerson, linkedResidentId } from '#identity/oidc/oidc_links'

export type OidcSignInOutcome =
  | { status: 'signed_in'; resident: Resident }
  | { status: 'consent_required' }
  /** A new account needs a verified phone or an ID hash: every person must have a reference. */
  | { status: 'no_identifier' }

/*
| Sign-in through the provider. Who the person is, in this order: the resident their provider
| account is linked to; else the resident whose phone the provider verified (the same person by
| SMS: the account is linked to them); else a new resident — only after they accepted the notice
| (`consentAccepted`), as for SMS sign-in, and only with a verified phone or an ID hash, so that
| voting can tell them apart across channels (app/voting/person_ref.ts).
*/
export async function signInWithOidc(
  person: OidcPerson,
  options: { locale: string | null; consentAccepted: boolean }
): Promise<OidcSignInOutcome> {
  const { consentVersion } = identityConfig
  const now = DateTime.now()
  return db.transaction(async (trx) => {
    const linkedId = await linkedResidentId(trx, person.subjectHash)
    let resident = linkedId
      ? await Resident.query({ client: trx }).where('id', linkedId).forUpdate().first()
      : null
    if (!resident && person.phoneE164) {
      resident = await Resident.query({ client: trx })
        .where('phoneE164', person.phoneE164)
        .forUpdate()
        .first()
    }
    if (!resident && !person.phoneE164 && !person.idHash) return { status: 'no_identifier' }
    const consentCurrent = resident?.consentVersion === consentVersion
    if (!consentCurrent && !options.consentAccepted) return { status: 'consent_required' }

    if (!resident) {
      resident = await Resident.create(
        { phoneE164: person.phoneE164, locale: options.locale },
        { client: trx }
      )
    }
    if (!consentCurrent) await recordConsent(trx, resident, consentVersion, now)
    resident.lastSignInAt = now
    await applyOidcPerson(trx, resident, person)
    return { status: 'signed_in', resident }
  })
}

export type LinkOidcOutcome = { status: 'linked' } | { status: 'taken' }

/** The signed-in resident links their provider account (one that no other resident holds). */
export async function linkOidc(resident: Resident, person: OidcPerson): Promise<LinkOidcOutcome> {
  return db.transaction(async (trx) => {
    const locked = await Resident.query({ client: trx })
      .where('id', resident.id)
      .forUpdate()
      .firstOrFail()
    const linkedId = await linkedResidentId(trx, person.subjectHash)
    if (linkedId !== null && linkedId !== locked.id) return { status: 'taken' }
    await applyOidcPerson(trx, locked, person)
    return { status: 'linked' }
  })
}

export type UnlinkOidcOutcome = { status: 'unlinked' } | { status: 'last_identity' }

/**
 * Unlinks the provider account. Not the only way in: a resident without a phone keeps it. A
 * district the provider verified stays, as declared (nobody vouches for it any more).
 */
export async function unlinkOidc(resident: Resident): Promise<UnlinkOidcOutcome> {
  return db.transaction(async (trx) => {
    const locked = await Resident.query({ client: trx })
      .where('id', resident.id)
      .forUpdate()
      .firstOrFail()
    if (locked.phoneE164 === null) return { status: 'last_identity' }
    const removed = await trx.from('resident_oidc_links').where('resident_id', locked.id).delete()
    if (Number(removed) > 0 && locked.districtSource === 'verified') {
      locked.districtSource = 'declared'
      await locked.save()
    }
    return { status: 'unlinked' }
  })
}
