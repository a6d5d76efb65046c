import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import issueCredential from '#voting/actions/issue_credential'
import { forgetIssuanceOrder } from '#voting/issuance_order'
import { makeResident } from '#tests/helpers/campaigns'
import { blindFor, freshPhone, votingFixture } from '#tests/helpers/voting'

/*
| The issuance-order pass (app/voting/issuance_order.ts): a dump lists rows in physical order, which
| for credential_issuances is the order of issuance. The pass keeps every row and every value and
| loses that order (its claims in credential_person_refs too); it rewrites only when rows were added
| since the last pass.
*/
async function physicalOrder(campaignId: number): Promise<string[]> {
  const rows = await db
    .from('credential_issuances')
    .where('campaign_id', campaignId)
    .select('person_ref')
  return rows.map((row) => String(row.person_ref))
}

/** Every row of the issuances and of their person-reference claims, as sorted text. */
async function allRows() {
  const tables = ['credential_issuances', 'credential_person_refs']
  const perTable = await Promise.all(tables.map((table) => db.from(table).select('*')))
  const rows = perTable.flat()
  return rows.map((row) => JSON.stringify(row)).sort()
}

test.group('Voting · issuance order', () => {
  test('the pass keeps every row and loses the order of issuance; a second pass does nothing', async ({
    assert,
  }) => {
    const { campaign, north } = await votingFixture()
    const issued: string[] = []
    for (let i = 0; i < 24; i++) {
      const resident = await makeResident(freshPhone(), north.id)
      const result = await issueCredential({
        campaignId: campaign.id,
        person: { channel: 'online', resident },
        blinded: blindFor(campaign.id).blinded,
      })
      assert.equal(result.outcome, 'issued')
      const order = await physicalOrder(campaign.id)
      issued.push(order[order.length - 1])
    }
    assert.deepEqual(await physicalOrder(campaign.id), issued, 'before: the order of issuance')
    const before = await allRows()
    assert.isAtLeast(before.length, 48, 'issuances and their claims')

    assert.equal(await forgetIssuanceOrder(), 'shuffled')
    assert.deepEqual(await allRows(), before, 'the same rows, value for value')
    assert.notDeepEqual(await physicalOrder(campaign.id), issued, 'after: another order')
    assert.equal(await forgetIssuanceOrder(), 'unchanged')
  }).timeout(60_000)
})
