import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import type Resident from '#identity/models/resident'
import type { OidcPerson } from '#identity/oidc/oidc_claims'
import { identifiersLinked } from '#identity/identifier_hooks'

/*
| `resident_oidc_links` (migration 0180): the provider account linked to a resident, at most one
| each way. Stored: the keyed subject hash, the register's ID hash and the birth date the provider
| vouches for. Part of identity's public surface through `residentOidcIdentity`.
*/
export interface OidcIdentity {
  idHash: string | null
  birthDate: string | null
}

/** The resident the provider account is linked to (row locked), or null. */
export async function linkedResidentId(
  trx: TransactionClientContract,
  subjectHash: string
): Promise<number | null> {
  const row = await trx
    .from('resident_oidc_links')
    .where('subject_hash', subjectHash)
    .forUpdate()
    .select('resident_id')
    .first()
  return row ? Number(row.resident_id) : null
}

/** Links (or re-links) the account to the resident with what the provider says now. */
export async function saveOidcLink(
  trx: TransactionClientContract,
  residentId: number,
  person: OidcPerson
): Promise<void> {
  await trx
    .from('resident_oidc_links')
    .where('resident_id', residentId)
    .whereNot('subject_hash', person.subjectHash)
    .delete()
  // A claim the provider left out this time keeps the value it gave before.
  await trx
    .knexQuery()
    .table('resident_oidc_links')
    .insert({
      resident_id: residentId,
      subject_hash: person.subjectHash,
      id_hash: person.idHash,
      birth_date: person.birthDate,
    })
    .onConflict('resident_id')
    .merge({
      id_hash: trx.knexRawQuery('coalesce(excluded.id_hash, resident_oidc_links.id_hash)'),
      birth_date: trx.knexRawQuery('coalesce(excluded.birth_date, resident_oidc_links.birth_date)'),
    })
}

/**
 * The community a district code names, when residents may live there (a leaf of the tree, like
 * the profile's choices); null for an unknown or a non-leaf code.
 */
export async function districtByCode(
  trx: TransactionClientContract,
  code: string | null
): Promise<number | null> {
  if (code === null) return null
  const row = await trx
    .from('communities')
    .where('code', code)
    .whereNotExists((query) => {
      query.from('communities as child').whereRaw('child.parent_id = communities.id')
    })
    .select('id')
    .first()
  return row ? Number(row.id) : null
}

/**
 * What the sign-in tells about the resident: a verified phone fills an empty phone (not one that
 * belongs to another account), a mapped district becomes their verified district. Saves the
 * resident (with whatever else the caller changed on it) and the link; the identifier hooks run
 * only when the resident gained an identifier — a phone, this account, or a new register ID hash —
 * not on every sign-in with the same account.
 */
export async function applyOidcPerson(
  trx: TransactionClientContract,
  resident: Resident,
  person: OidcPerson
): Promise<void> {
  resident.useTransaction(trx)
  let gained = false
  if (resident.phoneE164 === null && person.phoneE164 !== null) {
    const holder = await trx.from('residents').where('phone_e164', person.phoneE164).first()
    if (!holder) {
      resident.phoneE164 = person.phoneE164
      gained = true
    }
  }
  const districtId = await districtByCode(trx, person.districtCode)
  if (districtId !== null) resident.merge({ districtId, districtSource: 'verified' })
  await resident.save()
  const before = await trx
    .from('resident_oidc_links')
    .where('resident_id', resident.id)
    .select('subject_hash', 'id_hash')
    .first()
  await saveOidcLink(trx, resident.id, person)
  gained ||=
    before?.subject_hash !== person.subjectHash ||
    (person.idHash !== null && person.idHash !== before.id_hash)
  if (gained) await identifiersLinked(trx, resident.id)
}

/** The identity a resident's provider account vouches for (voting: `id:` references, age). */
export async function residentOidcIdentity(residentId: number): Promise<OidcIdentity | null> {
  const row = await db
    .from('resident_oidc_links')
    .where('resident_id', residentId)
    .select('id_hash', 'birth_date')
    .first()
  if (!row) return null
  return { idHash: row.id_hash, birthDate: row.birth_date ? isoDate(row.birth_date) : null }
}

/** Full years from a `YYYY-MM-DD` birth date to `today` (UTC). */
export function ageOn(birthDate: string, today = new Date()): number {
  const [year, month, day] = birthDate.split('-').map(Number)
  const age = today.getUTCFullYear() - year
  const before =
    today.getUTCMonth() + 1 < month ||
    (today.getUTCMonth() + 1 === month && today.getUTCDate() < day)
  return before ? age - 1 : age
}

function isoDate(value: Date | string): string {
  if (typeof value === 'string') return value.slice(0, 10)
  // A DATE column comes back as local midnight.
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`
}
