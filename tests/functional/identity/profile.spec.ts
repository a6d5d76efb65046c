import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Resident from '#identity/models/resident'
import { isEligible } from '#campaigns/campaign_service'
import { censusHash } from '#campaigns/services/census'
import type Campaign from '#campaigns/models/campaign'
import { makeCampaign, makeCity, makeResident, makeStaff } from '#tests/helpers/campaigns'
import { staffRequest } from '#tests/helpers/staff'
import { makeIdea } from '#tests/helpers/proposals'
import { deliver } from '#proposals/services/notify'
import { smsOutbox } from '#identity/sms/sms_outbox'
import { bearerFor, blindFor, freshPhone, resetRateLimits } from '#tests/helpers/voting'

/*
| The resident profile (issue #15, residence): declaring a district makes "residents only"
| campaigns and the per-district turnout report work for online voters; download my data;
| delete my account (what goes, what stays).
*/

async function residentsOnlyVote() {
  await resetRateLimits()
  const { city, north, south, other } = await makeCity()
  const campaign = await makeCampaign(city.id, { stage: 'voting' })
  campaign.eligibilityMode = 'residents'
  await campaign.save()
  return { city, north, south, other, campaign }
}

async function requestCredential(client: any, campaign: Campaign, resident: Resident) {
  const token = await bearerFor(resident)
  return client
    .post(`/api/v1/campaigns/${campaign.id}/credential`)
    .bearerToken(token)
    .json({ blinded: blindFor(campaign.id).blinded })
}

function declare(client: any, resident: Resident, body: Record<string, unknown>) {
  return client.put('/profile/district').json(body).withCsrfToken().loginAs(resident).redirects(0)
}

test.group('Identity · resident profile', () => {
  test('the page needs a signed-in resident; it shows the phone, districts (leaves, with their path) and consents', async ({
    client,
    assert,
  }) => {
    const guest = await client.get('/profile').redirects(0)
    guest.assertStatus(302)
    assert.match(guest.header('location') ?? '', /^\/sign-in\?next=%2Fprofile/)

    const { city, north, south } = await makeCity()
    const resident = await makeResident(freshPhone(), north.id)
    await db
      .table('consent_records')
      .insert({ resident_id: resident.id, version: '2026-01', accepted_at: new Date() })
    const page = await client.get('/profile').loginAs(resident).withInertia()
    page.assertStatus(200)
    page.assertInertiaComponent('profile/show')
    const props = page.inertiaProps as Record<string, any>
    assert.equal(props.phone, resident.phoneE164)
    assert.equal(props.districtId, north.id)
    assert.equal(props.districtSource, 'declared')
    const labels = new Map(props.districts.map((d: any) => [d.id, d.label]))
    assert.equal(labels.get(north.id), `${city.name} › ${north.name}`)
    assert.equal(labels.get(south.id), `${city.name} › ${south.name}`)
    assert.isFalse(labels.has(city.id), 'a community with districts below it is not a choice')
    assert.deepEqual(
      props.consents.map((c: any) => c.version),
      ['2026-01']
    )
  })

  test('declaring a district saves it as declared and goes back to `next`; a non-district, a missing one or junk is a field error', async ({
    client,
    assert,
  }) => {
    const { city, north } = await makeCity()
    const resident = await makeResident(freshPhone())
    const saved = await declare(client, resident, {
      districtId: north.id,
      next: '/campaigns/x/vote',
    })
    saved.assertStatus(302)
    assert.equal(saved.header('location'), '/campaigns/x/vote')
    const row = await db.from('residents').where('id', resident.id).first()
    assert.equal(row.district_id, north.id)
    assert.equal(row.district_source, 'declared')

    const offSite = await declare(client, resident, {
      districtId: null,
      next: 'https://evil.example/',
    })
    assert.equal(offSite.header('location'), '/')
    const cleared = await db.from('residents').where('id', resident.id).first()
    assert.isNull(cleared.district_id)

    for (const districtId of [city.id, 2_000_000_000, 'north', -1, 1.5]) {
      const response = await client
        .put('/profile/district')
        .json({ districtId })
        .accept('json')
        .withCsrfToken()
        .loginAs(resident)
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, 'districtId', String(districtId))
      assert.isString(response.body().errors[0].message)
    }
    const russian = await client
      .put('/profile/district')
      .json({ districtId: city.id })
      .accept('json')
      .header('Accept-Language', 'ru')
      .withCsrfToken()
      .loginAs(resident)
    assert.equal(russian.body().errors[0].message, 'Выберите район из списка.')
  })

  test('residents only: two residents declare North and South, vote, and the staff turnout report counts each in their district', async ({
    client,
    assert,
  }) => {
    const { north, south, campaign } = await residentsOnlyVote()
    const alice = await makeResident(freshPhone())
    const bob = await makeResident(freshPhone())

    const refused = await requestCredential(client, campaign, alice)
    refused.assertStatus(403)
    assert.equal(refused.body().details.reason, 'no_district')
    const page = await client.get(`/campaigns/${campaign.slug}/vote`).loginAs(alice).withInertia()
    assert.equal((page.inertiaProps as any).access, 'no_district')

    await declare(client, alice, { districtId: north.id })
    await declare(client, bob, { districtId: south.id })
    for (const resident of [alice, bob]) {
      const fresh = await Resident.findOrFail(resident.id)
      const issued = await requestCredential(client, campaign, fresh)
      issued.assertStatus(200)
    }

    campaign.stage = 'results'
    await campaign.save()
    const observer = await makeStaff('observer', campaign.communityId)
    const reports = await staffRequest(
      client,
      'get',
      `/staff/campaigns/${campaign.id}/reports`,
      observer
    ).withInertia()
    reports.assertStatus(200)
    const turnout = (reports.inertiaProps as any).reports.turnout
    assert.deepEqual(
      turnout.map((r: any) => [r.districtId, r.voters, r.perThousand]),
      [
        [north.id, 1, 2],
        [south.id, 1, 2],
      ]
    )
    // A later move does not move a past vote: the district at issuance counts.
    await declare(client, alice, { districtId: south.id })
    const again = await staffRequest(
      client,
      'get',
      `/staff/campaigns/${campaign.id}/reports`,
      observer
    ).withInertia()
    assert.deepEqual(
      (again.inertiaProps as any).reports.turnout.map((r: any) => r.voters),
      [1, 1]
    )
  })

  test('a campaign accepting verified districts only refuses a declared one; the phone register verifies it', async ({
    assert,
  }) => {
    const { north, other, campaign } = await residentsOnlyVote()
    campaign.acceptedDistrictSource = 'verified'
    await campaign.save()
    const declared = await makeResident(freshPhone(), north.id)
    assert.deepEqual(await isEligible(declared, campaign), {
      eligible: false,
      reason: 'district_unverified',
    })

    const made = await makeResident(freshPhone(), north.id)
    const verified = await Resident.findOrFail(made.id)
    verified.districtSource = 'verified'
    await verified.save()
    assert.deepEqual(await isEligible(verified, campaign), { eligible: true })

    await db.table('campaign_census_entries').insert({
      campaign_id: campaign.id,
      district_id: north.id,
      kind: 'phone',
      value_hash: censusHash('phone', declared.phoneE164),
      imported_at: new Date(),
    })
    assert.deepEqual(await isEligible(declared, campaign), { eligible: true })
    // With a register, the verified resident must be on it too.
    assert.deepEqual(await isEligible(verified, campaign), {
      eligible: false,
      reason: 'not_in_register',
    })

    campaign.acceptedDistrictSource = 'declared'
    await campaign.save()
    const elsewhere = await makeResident(freshPhone(), other.id)
    assert.deepEqual(await isEligible(elsewhere, campaign), {
      eligible: false,
      reason: 'outside_community',
    })
  })

  test('staff choose which districts count on the eligibility form (kept when omitted)', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const campaign = await makeCampaign(city.id)
    const admin = await makeStaff('admin', city.id)
    const url = `/staff/campaigns/${campaign.id}/eligibility`
    const saved = await staffRequest(client, 'put', url, admin)
      .json({ eligibilityMode: 'residents', acceptedDistrictSource: 'verified' })
      .accept('json')
    saved.assertStatus(200)
    await campaign.refresh()
    assert.equal(campaign.acceptedDistrictSource, 'verified')
    await staffRequest(client, 'put', url, admin)
      .json({ eligibilityMode: 'residents' })
      .accept('json')
    await campaign.refresh()
    assert.equal(campaign.acceptedDistrictSource, 'verified')
    const bad = await staffRequest(client, 'put', url, admin)
      .json({ eligibilityMode: 'residents', acceptedDistrictSource: 'rumour' })
      .accept('json')
    bad.assertStatus(422)
    assert.equal(bad.body().errors[0].field, 'acceptedDistrictSource')
  })
})

test.group('Identity · my data and deleting my account', () => {
  test('download my data: the account, consents, ideas, supports and the campaigns of my credentials', async ({
    client,
    assert,
  }) => {
    const { north, campaign } = await residentsOnlyVote()
    const resident = await makeResident(freshPhone(), north.id)
    const someoneElse = await makeResident(freshPhone(), north.id)
    await db
      .table('consent_records')
      .insert({ resident_id: resident.id, version: '2026-01', accepted_at: new Date() })
    const idea = await makeIdea(campaign, resident, { title: 'Benches on the square' })
    await makeIdea(campaign, someoneElse, { title: 'Not mine' })
    const issued = await requestCredential(client, campaign, resident)
    issued.assertStatus(200)

    const response = await client.get('/profile/data.json').loginAs(resident)
    response.assertStatus(200)
    assert.match(response.header('content-disposition') ?? '', /^attachment; filename=/)
    assert.equal(response.header('cache-control'), 'no-store')
    const data = response.body()
    assert.equal(data.account.phone, resident.phoneE164)
    assert.equal(data.account.districtId, north.id)
    assert.deepEqual(
      data.consents.map((c: any) => c.version),
      ['2026-01']
    )
    assert.deepEqual(
      data.proposals.ideas.map((i: any) => [i.id, i.title]),
      [[idea.id, 'Benches on the square']]
    )
    assert.deepEqual(data.voting.credentialsReceivedIn, [
      { campaignId: campaign.id, campaignSlug: campaign.slug },
    ])
    assert.notInclude(JSON.stringify(data), someoneElse.phoneE164)
    assert.notInclude(JSON.stringify(data), 'blinded')
  })

  test('deleting: refused while voting goes on in a campaign I took part in; then phone, district, tokens, notices and drafts go, published ideas and the credential record stay', async ({
    client,
    assert,
  }) => {
    const { north, campaign } = await residentsOnlyVote()
    const resident = await makeResident(freshPhone(), north.id)
    await db
      .table('consent_records')
      .insert({ resident_id: resident.id, version: '2026-01', accepted_at: new Date() })
    const published = await makeIdea(campaign, resident, { status: 'published' })
    const draft = await makeIdea(campaign, resident, { status: 'draft' })
    await db.table('resident_notifications').insert({
      resident_id: resident.id,
      kind: 'idea_published',
      idea_id: published.id,
      created_at: new Date(),
    })
    const issued = await requestCredential(client, campaign, resident)
    issued.assertStatus(200)
    const token = await bearerFor(resident)

    const unconfirmed = await client
      .delete('/profile')
      .json({})
      .accept('json')
      .withCsrfToken()
      .loginAs(resident)
    unconfirmed.assertStatus(422)
    assert.equal(unconfirmed.body().errors[0].field, 'confirm')

    const whileVoting = await client
      .delete('/profile')
      .json({ confirm: true })
      .accept('json')
      .withCsrfToken()
      .loginAs(resident)
    whileVoting.assertStatus(409)
    assert.equal(whileVoting.body().error, 'voting_in_progress')
    assert.isNotNull(await Resident.find(resident.id))

    campaign.stage = 'results'
    await campaign.save()
    const deleted = await client
      .delete('/profile')
      .json({ confirm: true })
      .withCsrfToken()
      .loginAs(resident)
      .redirects(0)
    assert.equal(deleted.status(), 302, deleted.text())
    assert.equal(deleted.header('location'), '/')

    const row = await db.from('residents').where('id', resident.id).first()
    assert.equal(row.phone_e164, `deleted:${resident.id}`)
    assert.isNull(row.district_id)
    assert.isNull(row.locale)
    assert.isNotNull(row.deleted_at)
    assert.isNull(await Resident.find(resident.id))
    assert.isNull(await Resident.findBy('phoneE164', resident.phoneE164))
    assert.lengthOf(await db.from('resident_access_tokens').where('tokenable_id', resident.id), 0)
    assert.lengthOf(await db.from('resident_notifications').where('resident_id', resident.id), 0)
    assert.notExists(await db.from('ideas').where('id', draft.id).first())
    assert.exists(await db.from('ideas').where('id', published.id).first())
    assert.lengthOf(await db.from('credential_issuances').where('campaign_id', campaign.id), 1)
    assert.lengthOf(await db.from('consent_records').where('resident_id', resident.id), 1)

    // Decisions on the published idea text nobody.
    await deliver([{ residentId: resident.id, kind: 'idea_approved', params: { title: 'x' } }])
    assert.lengthOf(smsOutbox.for(`deleted:${resident.id}`), 0)

    // An old session or bearer token no longer signs anybody in.
    const page = await client.get('/profile').loginAs(resident).redirects(0)
    page.assertStatus(302)
    const me = await client.get('/api/v1/me').bearerToken(token)
    me.assertStatus(401)
  })
})
