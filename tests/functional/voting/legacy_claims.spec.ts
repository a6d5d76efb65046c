import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { claimLegacyIssuances } from '#voting/person_claims'
import { personRef } from '#voting/person_ref'
import { blindFor, makeTerminal, votingFixture } from '#tests/helpers/voting'

/*
| Migration 0110's backfill: credentials issued before person references existed (online rows named
| `resident:<id>`) keep their holders refused under the new references, in every channel.
*/
test.group('Voting · credentials from before migration 0110', () => {
  test('a resident who took a credential before the migration is refused online and at terminals', async ({
    client,
    assert,
  }) => {
    const { campaign, city, resident, token } = await votingFixture()
    const [legacy] = await db
      .table('credential_issuances')
      .insert({
        campaign_id: campaign.id,
        person_ref: `resident:${resident.id}`,
        blinded: 'b0',
        blind_signature: 's0',
        channel: 'online',
      })
      .returning('id')

    await claimLegacyIssuances(db.connection())
    await claimLegacyIssuances(db.connection()) // idempotent
    const claims = await db
      .from('credential_person_refs')
      .where('issuance_id', legacy.id)
      .orderBy('person_ref')
    assert.deepEqual(
      claims.map((c) => c.person_ref),
      [personRef(campaign.id, 'phone', resident.phoneE164), `resident:${resident.id}`]
    )

    const online = await client
      .post(`/api/v1/campaigns/${campaign.id}/credential`)
      .bearerToken(token)
      .json({ blinded: blindFor(campaign.id).blinded })
    online.assertStatus(409)
    const { token: terminalToken } = await makeTerminal(city.id)
    const terminal = await client
      .post(`/api/v1/terminal/campaigns/${campaign.id}/credential`)
      .header('authorization', `Terminal ${terminalToken}`)
      .json({ phone: resident.phoneE164, blinded: blindFor(campaign.id).blinded })
    terminal.assertStatus(409)
    const [{ n }] = await db
      .from('credential_issuances')
      .where('campaign_id', campaign.id)
      .count('* as n')
    assert.equal(Number(n), 1)
  })
})
