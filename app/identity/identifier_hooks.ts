import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/*
| What other modules do when a resident gains an identifier after the fact — a phone linked by SMS
| code, a provider account with its ID hash linked on the profile. Voting extends the claims of a
| credential the resident already holds to the new identifier (app/voting/start/claims_on_link.ts),
| so a terminal or paper list that knows the person only by the identifier added later still finds
| their credential. Hooks run in the linking transaction: the link and the claims commit together.
*/
export interface ResidentIdentifiers {
  phoneE164: string | null
  idHash: string | null
}

type IdentifiersHook = (
  trx: TransactionClientContract,
  identifiers: ResidentIdentifiers
) => Promise<void>

const hooks = new Map<string, IdentifiersHook>()

export function onIdentifiersLinked(name: string, hook: IdentifiersHook) {
  hooks.set(name, hook)
}

/** Runs every module's hook with the resident's identifiers as they are now (both, when known). */
export async function identifiersLinked(
  trx: TransactionClientContract,
  residentId: number
): Promise<void> {
  const resident = await trx.from('residents').where('id', residentId).select('phone_e164').first()
  const link = await trx
    .from('resident_oidc_links')
    .where('resident_id', residentId)
    .select('id_hash')
    .first()
  const identifiers = {
    phoneE164: resident?.phone_e164 ?? null,
    idHash: link?.id_hash ?? null,
  }
  for (const hook of hooks.values()) await hook(trx, identifiers)
}
