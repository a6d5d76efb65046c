import db from '@adonisjs/lucid/services/db'
import { addResidentDataPart } from '#identity/resident_data'

/*
| The notifications module's part of "download my data" and "delete my account": the resident's
| notices (which campaign, which kind, whether sent — no times are kept). The opt-in and e-mail
| address are columns of the resident (identity exports and clears them).
*/
addResidentDataPart('notifications', {
  async export(residentId) {
    const notices = await db
      .from('resident_notices')
      .where('resident_id', residentId)
      .orderBy(['campaign_id', 'kind'])
      .select('campaign_id as campaignId', 'kind', 'status')
    return { notices }
  },
  async erase(residentId, trx) {
    await trx.from('resident_notices').where('resident_id', residentId).delete()
  },
})
