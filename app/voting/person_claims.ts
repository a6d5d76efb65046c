import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

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
