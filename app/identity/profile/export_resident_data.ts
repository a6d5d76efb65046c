import db from '@adonisjs/lucid/services/db'
import type Resident from '#identity/models/resident'
import { residentDataParts } from '#identity/resident_data'
import { residentOidcIdentity } from '#identity/oidc/oidc_links'

/**
 * Everything the platform holds about a resident, as one JSON document ("download my data"):
 * identity's own rows, then each registered module's part under its name.
 */
export async function exportResidentData(resident: Resident) {
  const consents = await db
    .from('consent_records')
    .where('resident_id', resident.id)
    // Ids are random (migration 0170) and times hours: the order of acceptance is time, then version.
    .orderBy('accepted_at')
    .orderBy('version')
    .select('version', 'accepted_at')
  const modules: Record<string, unknown> = {}
  for (const [name, part] of residentDataParts()) {
    modules[name] = await part.export(resident.id)
  }
  const oidc = await residentOidcIdentity(resident.id)
  return {
    exportedAt: new Date().toISOString(),
    account: {
      phone: resident.phoneE164,
      displayName: resident.displayName,
      language: resident.locale,
      districtId: resident.districtId,
      districtSource: resident.districtSource,
      notices: { optIn: resident.noticesOptIn, email: resident.noticesEmail },
      consentVersion: resident.consentVersion,
      createdAt: resident.createdAt.toISO(),
      lastSignInAt: resident.lastSignInAt?.toISO() ?? null,
    },
    // The provider account itself is stored only as a keyed hash, which says nothing to its owner.
    linkedProviderAccount: oidc ? { idHash: oidc.idHash, birthDate: oidc.birthDate } : null,
    consents: consents.map((row: { version: string; accepted_at: Date }) => ({
      version: row.version,
      acceptedAt: new Date(row.accepted_at).toISOString(),
    })),
    ...modules,
  }
}
