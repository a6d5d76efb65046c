import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { personRef, personRefs, type PersonIdentifiers } from '#voting/person_ref'

/*
| `credential_person_refs`: which credential or paper mark holds each reference of a person
| (`person_ref.ts`), PRIMARY KEY (campaign_id, person_ref). A person is known by one or two
| references (phone, ID hash); a credential or paper mark claims all of them, so whichever channel
| the person comes through next finds the claim under at least one.
*/
export interface IssuanceRow {
  /** null for a paper mark: never the same answer. */
  blinded: string | null
  blind_signature: string | null
}

/** The distinct credentials or paper marks holding any of `refs` in the campaign. */
export async function findClaimedIssuances(
  trx: TransactionClientContract,
  campaignId: number,
  refs: readonly string[]
): Promise<IssuanceRow[]> {
  return trx
    .from('credential_issuances as ci')
    .where('ci.campaign_id', campaignId)
    .whereIn(
      'ci.id',
      trx
        .from('credential_person_refs')
        .where('campaign_id', campaignId)
        .whereIn('person_ref', [...refs])
        .select('issuance_id')
    )
    .select('ci.blinded', 'ci.blind_signature')
}

/**
 * Whether a credential or paper mark of the campaign holds any of `refs` — what the voting page
 * tells a resident on a second device (`credential_taken`). The answer is the same fact the
 * credential endpoint already acts on; nothing about the ballot (which is anonymous) is in it.
 */
export async function anyClaim(
  client: QueryClientContract,
  campaignId: number,
  refs: readonly string[]
): Promise<boolean> {
  const row = await client
    .from('credential_person_refs')
    .where('campaign_id', campaignId)
    .whereIn('person_ref', [...refs])
    .select('issuance_id')
    .first()
  return row !== null && row !== undefined
}

/**
 * Claims `refs` for one issuance; false when another transaction holds one of them (the caller must
 * roll back). A competing uncommitted claim makes the INSERT wait for its transaction's outcome.
 */
export async function claimPersonRefs(
  trx: TransactionClientContract,
  campaignId: number,
  refs: readonly string[],
  issuanceId: string
): Promise<boolean> {
  const inserted = await trx
    .insertQuery()
    .table('credential_person_refs')
    .insert(
      refs.map((ref) => ({ campaign_id: campaignId, person_ref: ref, issuance_id: issuanceId }))
    )
    .knexQuery.onConflict(['campaign_id', 'person_ref'])
    .ignore()
    .returning('person_ref')
  return inserted.length === refs.length
}

/**
 * A resident linked another identifier (identity's `onIdentifiersLinked`): in every campaign still
 * issuing or counting (voting, results), a credential or paper mark that holds one of the person's
 * references now holds all of them. Without this, a person who took a credential by phone and then
 * linked a provider account could take a second one at a terminal under the provider's ID hash.
 * When the references are held by two different issuances the person already has two (taken before
 * the link): nothing can be undone here, and neither claim moves.
 */
export async function extendClaimsToNewRefs(
  trx: TransactionClientContract,
  identifiers: PersonIdentifiers
): Promise<void> {
  // Only a live, signed-in resident links an identifier: a phone here is a number, never a tombstone.
  const { phoneE164, idHash } = identifiers
  if (!phoneE164 || !idHash) return
  const campaigns = await trx.from('campaigns').whereIn('stage', ['voting', 'results']).select('id')
  for (const { id } of campaigns) {
    const refs = personRefs(id, { phoneE164, idHash })
    const held: { person_ref: string; issuance_id: string }[] = await trx
      .from('credential_person_refs')
      .where('campaign_id', id)
      .whereIn('person_ref', refs)
      .forUpdate()
      .select('person_ref', 'issuance_id')
    if (held.length !== 1) continue
    const [claim] = held
    await claimPersonRefs(
      trx,
      id,
      refs.filter((ref) => ref !== claim.person_ref),
      claim.issuance_id
    )
  }
}

/**
 * Claims for rows written before the claims existed (migration 0110): each row its own `person_ref`,
 * and an online row (`resident:<id>`) also its resident's phone reference, so a resident who already
 * holds a credential stays refused under the new references. Idempotent.
 */
export async function claimLegacyIssuances(client: QueryClientContract): Promise<void> {
  await client.rawQuery(
    `INSERT INTO credential_person_refs (campaign_id, person_ref, issuance_id)
     SELECT campaign_id, person_ref, id FROM credential_issuances ORDER BY person_ref
     ON CONFLICT DO NOTHING`
  )
  const online: { id: string; campaign_id: number; phone_e164: string }[] = await client
    .from('credential_issuances as ci')
    .joinRaw(`JOIN residents r ON ci.person_ref = 'resident:' || r.id`)
    .select('ci.id', 'ci.campaign_id', 'r.phone_e164')
  const rows = online
    .map((o) => ({
      campaign_id: o.campaign_id,
      person_ref: personRef(o.campaign_id, 'phone', o.phone_e164),
      issuance_id: o.id,
    }))
    .sort((a, b) => (a.person_ref < b.person_ref ? -1 : 1))
  for (let i = 0; i < rows.length; i += 1000) {
    await client
      .insertQuery()
      .table('credential_person_refs')
      .insert(rows.slice(i, i + 1000))
      .knexQuery.onConflict(['campaign_id', 'person_ref'])
      .ignore()
  }
}
