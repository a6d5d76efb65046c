import db from '@adonisjs/lucid/services/db'
import { addResidentDataPart } from '#identity/resident_data'
import { residentRef } from '#voting/person_ref'

/*
| Voting's part of a resident's data: the campaigns they received a credential in (never the
| ballot: credentials are blind). Credential records are kept on deletion — they are the count of
| who took part — and deletion waits while a campaign they hold a credential in is still voting.
*/
function issuances(residentId: number) {
  return db
    .from('credential_issuances')
    .join('campaigns', 'campaigns.id', 'credential_issuances.campaign_id')
    .where('credential_issuances.person_ref', residentRef(residentId))
}

addResidentDataPart('voting', {
  async export(residentId) {
    const rows = await issuances(residentId)
      .orderBy('campaigns.id')
      .select('campaigns.id as campaign_id', 'campaigns.slug')
    return {
      credentialsReceivedIn: rows.map((row: { campaign_id: number; slug: string }) => ({
        campaignId: row.campaign_id,
        campaignSlug: row.slug,
      })),
    }
  },
  async erase() {},
  async blocker(residentId) {
    const voting = await issuances(residentId).where('campaigns.stage', 'voting').first()
    return voting ? 'voting_in_progress' : null
  },
})
