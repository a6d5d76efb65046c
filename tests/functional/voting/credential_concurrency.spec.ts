import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import issueCredential from '#voting/actions/issue_credential'
import changeStage from '#campaigns/actions/change_stage'
import { makeStaff } from '#tests/helpers/campaigns'
import { blindFor, makeTerminal, votingFixture } from '#tests/helpers/voting'

const url = (id: number) => `/api/v1/campaigns/${id}/credential`
const PARALLEL = 10

async function issuanceRows(campaignId: number) {
  return db.from('credential_issuances').where('campaign_id', campaignId)
}

/*
| Real concurrent requests (no wrapping transaction): the UNIQUE(campaign_id, person_ref)
| constraint and ON CONFLICT DO NOTHING + re-read must leave exactly one issuance.
*/
test.group('Voting · credential issuance under concurrency', () => {
  test('10 concurrent different points for one person: one 200, nine 409, one row', async ({
    client,
    assert,
  }) => {
    const { campaign, token } = await votingFixture()
    // The registrar key exists already, so the race is on the issuance itself.
    await client.get(`/api/v1/campaigns/${campaign.id}`)
    const points = Array.from({ length: PARALLEL }, () => blindFor(campaign.id).blinded)
    const responses = await Promise.all(
      points.map((blinded) => client.post(url(campaign.id)).bearerToken(token).json({ blinded }))
    )
    const statuses = responses.map((response) => response.status()).sort()
    assert.deepEqual(statuses, [200, ...Array(PARALLEL - 1).fill(409)])
    for (const response of responses.filter((r) => r.status() === 409)) {
      assert.equal(response.body().error, 'credential_already_issued')
    }
    const rows = await issuanceRows(campaign.id)
    assert.lengthOf(rows, 1)
    const winner = responses.find((response) => response.status() === 200)!
    assert.equal(rows[0].blind_signature, winner.body().blindSignature)
  })

  test('10 concurrent identical requests: all 200 with the same signature, one row', async ({
    client,
    assert,
  }) => {
    const { campaign, token } = await votingFixture()
    const { blinded } = blindFor(campaign.id)
    // No prior GET: the registrar key is also created lazily by racing requests.
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        client.post(url(campaign.id)).bearerToken(token).json({ blinded })
      )
    )
    assert.deepEqual(
      responses.map((response) => response.status()),
      Array(PARALLEL).fill(200)
    )
    const signatures = new Set(responses.map((response) => response.body().blindSignature))
    assert.equal(signatures.size, 1)
    assert.lengthOf(await issuanceRows(campaign.id), 1)
    assert.lengthOf(await db.from('campaign_registrar_keys').where('campaign_id', campaign.id), 1)
  })

  test('the command itself: mixed identical and different points race to one row', async ({
    assert,
  }) => {
    const { campaign, resident } = await votingFixture()
    const a = blindFor(campaign.id).blinded
    const b = blindFor(campaign.id).blinded
    const person = { channel: 'online' as const, resident }
    const results = await Promise.all(
      [a, b, a, b, a, b].map((blinded) =>
        issueCredential({ campaignId: campaign.id, person, blinded })
      )
    )
    const rows = await issuanceRows(campaign.id)
    assert.lengthOf(rows, 1)
    const winning = rows[0].blinded
    results.forEach((result, index) => {
      const blinded = index % 2 === 0 ? a : b
      if (blinded === winning) assert.oneOf(result.outcome, ['issued', 'same_answer'])
      else assert.equal(result.outcome, 'already_issued')
    })
    assert.equal(results.filter((result) => result.outcome === 'issued').length, 1)
  })

  test('a terminal racing the same person issues once', async ({ client, assert }) => {
    const { campaign, city } = await votingFixture()
    const { token } = await makeTerminal(city.id)
    const points = Array.from({ length: PARALLEL }, () => blindFor(campaign.id).blinded)
    const responses = await Promise.all(
      points.map((blinded) =>
        client
          .post(`/api/v1/terminal/campaigns/${campaign.id}/credential`)
          .header('authorization', `Terminal ${token}`)
          .json({ idHash: 'c4'.repeat(32), blinded })
      )
    )
    assert.deepEqual(responses.map((response) => response.status()).sort(), [
      200,
      ...Array(PARALLEL - 1).fill(409),
    ])
    assert.lengthOf(await issuanceRows(campaign.id), 1)
  })

  test('issuance racing the close of voting: every 200 has its row, none after the close', async ({
    client,
    assert,
  }) => {
    const { campaign } = await votingFixture()
    await client.get(`/api/v1/campaigns/${campaign.id}`)
    const admin = await makeStaff('admin')
    const residents = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const { makeResident } = await import('#tests/helpers/campaigns')
        const { freshPhone } = await import('#tests/helpers/voting')
        return makeResident(freshPhone(), null)
      })
    )
    const results = await Promise.all([
      ...residents.map((resident) =>
        issueCredential({
          campaignId: campaign.id,
          person: { channel: 'online', resident },
          blinded: blindFor(campaign.id).blinded,
        })
      ),
      changeStage({ type: 'staff', id: admin.id }, campaign.id, { from: 'voting', to: 'results' }),
    ])
    const issued = results.filter((result) => result.outcome === 'issued').length
    assert.lengthOf(await issuanceRows(campaign.id), issued)
    const late = await issueCredential({
      campaignId: campaign.id,
      person: { channel: 'online', resident: residents[0] },
      blinded: blindFor(campaign.id).blinded,
    })
    assert.equal(late.outcome, 'not_voting')
  })
})
