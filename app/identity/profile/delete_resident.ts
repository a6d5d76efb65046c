import db from '@adonisjs/lucid/services/db'
import type Resident from '#identity/models/resident'
import { residentDataParts } from '#identity/resident_data'

export type DeleteResidentResult = { outcome: 'ok' } | { outcome: 'blocked'; reason: string }

/**
 * The resident deletes their account (withdrawing their consent). Erased: phone, language,
 * district, sign-in tokens, the linked OpenID Connect account, and whatever each module's part erases (notices, draft ideas).
 * Kept, as the profile page says: the row's id as a tombstone (published ideas, supports and
 * credential records refer to it, none of them naming the person any more), the consent records
 * (proof of what was accepted, and when, until the withdrawal). A module may refuse for now
 * (voting: a credential in a campaign still voting — a new account with the same phone would
 * otherwise get a second one).
 */
export async function deleteResident(resident: Resident): Promise<DeleteResidentResult> {
  for (const [, part] of residentDataParts()) {
    const reason = part.blocker ? await part.blocker(resident.id) : null
    if (reason !== null) return { outcome: 'blocked', reason }
  }
  const afterCommit: (() => Promise<void>)[] = []
  const now = new Date()
  await db.transaction(async (trx) => {
    await trx.from('residents').where('id', resident.id).forUpdate().first()
    for (const [, part] of residentDataParts()) {
      const after = await part.erase(resident.id, trx)
      if (after) afterCommit.push(after)
    }
    await trx.from('resident_access_tokens').where('tokenable_id', resident.id).delete()
    await trx.from('resident_oidc_links').where('resident_id', resident.id).delete()
    await trx
      .from('residents')
      .where('id', resident.id)
      .update({
        phone_e164: `deleted:${resident.id}`,
        locale: null,
        display_name: null,
        district_id: null,
        district_source: null,
        notices_opt_in: false,
        notices_email: null,
        consent_version: null,
        consent_at: null,
        last_sign_in_at: null,
        deleted_at: now,
        updated_at: now,
      })
  })
  for (const after of afterCommit) await after()
  return { outcome: 'ok' }
}
