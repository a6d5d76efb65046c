import db from '@adonisjs/lucid/services/db'
import { addResidentDataPart } from '#identity/resident_data'
import { personRefs } from '#voting/person_ref'
import { residentOidcIdentity } from '#identity/oidc/oidc_links'

/*
| Voting's part of a resident's data: the campaigns they received a credential in (never the
| ballot: credentials are blind). Credential records are kept on deletion — they are the count of
| who took part — and deletion waits while a campaign they hold a credential in is still voting.
*/
/**
 * The campaigns the resident's phone or provider-vouched ID hash took a credential in: the
 * references are keyed per campaign (person_ref.ts), so they are computed for each campaign and
 * looked up among the claims.
 */
async function credentialCampaigns(residentId: number) {
  const resident = await db.from('residents').where('id', residentId).select('phone_e164').first()
  const oidc = await residentOidcIdentity(residentId)
  const idHash = oidc?.idHash ?? null
  // A tombstone's phone is `deleted:<id>`, not a number.
  const phoneE164 = resident?.phone_e164?.startsWith('+') ? String(resident.phone_e164) : null
  if (!phoneE164 && !idHash) return []
  const campaigns: { id: number; slug: string; stage: string }[] = await db
    .from('campaigns')
    .orderBy('id')
    .select('id', 'slug', 'stage')
  const refs = campaigns.flatMap((c) => personRefs(c.id, { phoneE164, idHash }))
  const claimed = await db
    .from('credential_person_refs')
    .whereIn('person_ref', refs)
    .select('campaign_id')
  const ids = new Set(claimed.map((row: { campaign_id: number }) => row.campaign_id))
  return campaigns.filter((c) => ids.has(c.id))
}

addResidentDataPart('voting', {
  async export(residentId) {
    const campaigns = await credentialCampaigns(residentId)
    return {
      credentialsReceivedIn: campaigns.map((c) => ({ campaignId: c.id, campaignSlug: c.slug })),
    }
  },
  async erase() {},
  async blocker(residentId) {
    const campaigns = await credentialCampaigns(residentId)
    return campaigns.some((c) => c.stage === 'voting') ? 'voting_in_progress' : null
  },
})
