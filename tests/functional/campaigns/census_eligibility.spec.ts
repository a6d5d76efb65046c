import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import CensusEntry from '#campaigns/models/census_entry'
import { censusHash } from '#campaigns/services/census'
import { censusContains, isEligible } from '#campaigns/campaign_service'
import {
  makeCampaign,
  makeCity,
  makeResident,
  makeStaff,
  expectStatus,
} from '#tests/helpers/campaigns'
import type Campaign from '#campaigns/models/campaign'
import type StaffUser from '#identity/models/staff_user'
import type { ApiClient } from '@japa/api-client'

function importCsv(
  client: ApiClient,
  admin: StaffUser,
  campaign: Campaign,
  body: Record<string, unknown>
) {
  return client
    .post(`/staff/campaigns/${campaign.id}/census`)
    .json(body)
    .withCsrfToken()
    .withGuard('staff')
    .loginAs(admin)
    .redirects(0)
}

test.group('Campaigns · census register import', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('reports every bad line and saves nothing', async ({ client, assert }) => {
    const { city, north } = await makeCity()
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id)
    const csv = [
      'phone,district',
      '+79991234567',
      'not a phone',
      `+79991234568,${north.code}`,
      '+79991234567',
      '+79991234569,no-such-district',
      '+79991234570,a,b',
    ].join('\n')
    const response = await importCsv(client, admin, campaign, { kind: 'phone', csv }).accept('json')
    response.assertStatus(422)
    const errors = response.body().errors as { field: string; message: string }[]
    assert.deepEqual(
      errors.map((error) => error.field),
      ['csv', 'lines.3', 'lines.5', 'lines.6', 'lines.7']
    )
    assert.include(errors[0].message, '4 lines')
    assert.notInclude(JSON.stringify(errors), '79991234567', 'messages do not repeat whole numbers')
    assert.lengthOf(await CensusEntry.query().where('campaignId', campaign.id), 0)
  })

  test('stores HMACs, never the raw phone; re-import is idempotent; districts by code', async ({
    client,
    assert,
  }) => {
    const { city, north, south } = await makeCity()
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id)
    const csv = `8 (999) 123-45-67\n+79991234568;${north.code}\n\n+7 999 123 45 69\n`
    const response = await importCsv(client, admin, campaign, {
      kind: 'phone',
      csv,
      districtId: south.id,
    })
    response.assertStatus(302)
    response.assertFlashMessage('success')

    const entries = await CensusEntry.query().where('campaignId', campaign.id).orderBy('id')
    assert.deepEqual(
      entries.map((entry) => [entry.valueHash, entry.districtId]),
      [
        [censusHash('phone', '+79991234567'), south.id],
        [censusHash('phone', '+79991234568'), north.id],
        [censusHash('phone', '+79991234569'), south.id],
      ]
    )
    const dump =
      JSON.stringify(await db.from('campaign_census_entries')) +
      JSON.stringify(await db.from('audit_logs'))
    for (const digits of ['9991234567', '9991234568', '9991234569']) assert.notInclude(dump, digits)

    await expectStatus(
      importCsv(client, admin, campaign, { kind: 'phone', csv: '+79991234567\n+79991234571' }),
      302
    )
    assert.lengthOf(await CensusEntry.query().where('campaignId', campaign.id), 4)

    await expectStatus(
      importCsv(client, admin, campaign, {
        kind: 'phone',
        csv: '+79991234580',
        replace: true,
      }),
      302
    )
    assert.lengthOf(await CensusEntry.query().where('campaignId', campaign.id), 1)
  })

  test('ID hashes are checked and stored keyed too', async ({ client, assert }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id)
    const idHash = 'a'.repeat(64)
    const bad = await importCsv(client, admin, campaign, {
      kind: 'id_hash',
      csv: `${idHash}\nxyz`,
    }).accept('json')
    bad.assertStatus(422)
    assert.lengthOf(await CensusEntry.query().where('campaignId', campaign.id), 0)
    await expectStatus(
      importCsv(client, admin, campaign, { kind: 'id_hash', csv: idHash.toUpperCase() }),
      302
    )
    const [entry] = await CensusEntry.query().where('campaignId', campaign.id)
    assert.equal(entry.valueHash, censusHash('id_hash', idHash))
    assert.notEqual(entry.valueHash, idHash)
    assert.isTrue(await censusContains(campaign, 'id_hash', idHash))
  })

  test('a district outside the campaign community is refused', async ({ client, assert }) => {
    const { city, other } = await makeCity()
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id)
    const response = await importCsv(client, admin, campaign, {
      kind: 'phone',
      csv: '+79991234567',
      districtId: other.id,
    }).accept('json')
    response.assertStatus(422)
    assert.equal(response.body().errors[0].field, 'districtId')
    assert.lengthOf(await CensusEntry.query().where('campaignId', campaign.id), 0)
  })
})

test.group('Campaigns · eligibility', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function addToCensus(campaign: Campaign, phone: string, districtId: number | null) {
    await db.table('campaign_census_entries').insert({
      campaign_id: campaign.id,
      district_id: districtId,
      kind: 'phone',
      value_hash: censusHash('phone', phone),
      imported_at: new Date(),
    })
  }

  test('anyone: any signed-in resident', async ({ assert }) => {
    const { city } = await makeCity()
    const campaign = await makeCampaign(city.id)
    const resident = await makeResident('+79990000001')
    assert.deepEqual(await isEligible(resident, campaign), { eligible: true })
    assert.deepEqual(await isEligible(null, campaign), { eligible: false, reason: 'not_signed_in' })
  })

  test('residents: the declared district must be in the community; a register, if any, is checked', async ({
    assert,
  }) => {
    const { city, north, south, other } = await makeCity()
    const campaign = await makeCampaign(city.id)
    campaign.eligibilityMode = 'residents'
    await campaign.save()
    const inNorth = await makeResident('+79990000002', north.id)
    const outside = await makeResident('+79990000003', other.id)
    const undeclared = await makeResident('+79990000004')
    assert.deepEqual(await isEligible(inNorth, campaign), { eligible: true })
    assert.deepEqual(await isEligible(outside, campaign), {
      eligible: false,
      reason: 'outside_community',
    })
    assert.deepEqual(await isEligible(undeclared, campaign), {
      eligible: false,
      reason: 'no_district',
    })

    await addToCensus(campaign, '+79990000005', south.id)
    assert.deepEqual(await isEligible(inNorth, campaign), {
      eligible: false,
      reason: 'not_in_register',
    })
    const declaredWrongly = await makeResident('+79990000005', north.id)
    assert.deepEqual(await isEligible(declaredWrongly, campaign), {
      eligible: false,
      reason: 'district_mismatch',
    })
    declaredWrongly.districtId = south.id
    assert.deepEqual(await isEligible(declaredWrongly, campaign), { eligible: true })
  })

  test('census: only people on the register', async ({ assert }) => {
    const { city } = await makeCity()
    const campaign = await makeCampaign(city.id)
    campaign.eligibilityMode = 'census'
    await campaign.save()
    await addToCensus(campaign, '+79990000006', null)
    assert.deepEqual(await isEligible(await makeResident('+79990000006'), campaign), {
      eligible: true,
    })
    assert.deepEqual(await isEligible(await makeResident('+79990000007'), campaign), {
      eligible: false,
      reason: 'not_in_register',
    })
    // Another campaign's register does not count.
    const otherCampaign = await makeCampaign(city.id)
    otherCampaign.eligibilityMode = 'census'
    await otherCampaign.save()
    assert.deepEqual(await isEligible(await makeResident('+79990000008'), otherCampaign), {
      eligible: false,
      reason: 'not_in_register',
    })
  })

  test('minimum age: needs a confirmed age at or above it', async ({ assert }) => {
    const { city } = await makeCity()
    const campaign = await makeCampaign(city.id)
    campaign.minAge = 16
    await campaign.save()
    const resident = await makeResident('+79990000009')
    assert.deepEqual(await isEligible(resident, campaign), {
      eligible: false,
      reason: 'age_unconfirmed',
    })
    assert.deepEqual(await isEligible(resident, campaign, { age: 15 }), {
      eligible: false,
      reason: 'under_age',
    })
    assert.deepEqual(await isEligible(resident, campaign, { age: 16 }), { eligible: true })
  })
})
