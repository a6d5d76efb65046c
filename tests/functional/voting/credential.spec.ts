import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import { finishCredential, verifyCredential, verifyPop } from '@civic-budget/protocol'
import changeStage from '#campaigns/actions/change_stage'
import CensusEntry from '#campaigns/models/census_entry'
import { censusHash } from '#campaigns/services/census'
import { DateTime } from 'luxon'
import { makeCampaign, makeResident, makeStaff } from '#tests/helpers/campaigns'
import {
  bearerFor,
  blindFor,
  exhaustResidentCredentialLimit,
  freshPhone,
  votingFixture,
} from '#tests/helpers/voting'
import { pointNotOnCurve, pointOutsideSubgroup } from '#tests/helpers/invalid_points'

const url = (id: number) => `/api/v1/campaigns/${id}/credential`

test.group('Voting · resident credential', () => {
  test('blind → sign → unblind → verify against the endpoint and the public key', async ({
    client,
    assert,
  }) => {
    const { campaign, token } = await votingFixture()
    const shown = await client.get(`/api/v1/campaigns/${campaign.id}`)
    shown.assertStatus(200)
    const registrarKey: string = shown.body().registrarPublicKey
    assert.match(registrarKey, /^[0-9a-f]{96}$/)

    const { voterKey, blinded, r } = blindFor(campaign.id)
    const response = await client.post(url(campaign.id)).bearerToken(token).json({ blinded })
    response.assertStatus(200)
    assert.deepEqual(Object.keys(response.body()), ['blindSignature'])
    const credential = finishCredential(
      registrarKey,
      campaign.id,
      voterKey,
      response.body().blindSignature,
      r
    )
    assert.isTrue(verifyCredential(registrarKey, campaign.id, voterKey, credential))

    const rows = await db.from('credential_issuances').where('campaign_id', campaign.id)
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].channel, 'online')
    assert.isNull(rows[0].terminal_id)
    assert.equal(rows[0].blinded, blinded)
    // issued_at is kept to the hour only (timing-correlation minimisation).
    const issuedAt = DateTime.fromJSDate(rows[0].issued_at)
    assert.equal(issuedAt.minute, 0)
    assert.equal(issuedAt.second, 0)
  })

  test('a bearer request leaves no session data behind (no CSRF secret, no row)', async ({
    assert,
  }) => {
    const { campaign, token } = await votingFixture()
    const committed: boolean[] = []
    const listener = ({ session }: { session: { isEmpty: boolean } }) => {
      committed.push(session.isEmpty)
    }
    emitter.on('session:committed', listener)
    try {
      // A plain client, as a resident's app: no cookie (the test client always sends a session's).
      const origin = `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT}`
      const response = await fetch(`${origin}${url(campaign.id)}`, {
        method: 'POST',
        headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ blinded: blindFor(campaign.id).blinded }),
      })
      assert.equal(response.status, 200)
    } finally {
      emitter.off('session:committed', listener)
    }
    assert.deepEqual(committed, [true])
  })

  test('identical retry gets the identical answer; a different point gets 409', async ({
    client,
    assert,
  }) => {
    const { campaign, token } = await votingFixture()
    const { blinded } = blindFor(campaign.id)
    const first = await client.post(url(campaign.id)).bearerToken(token).json({ blinded })
    first.assertStatus(200)
    const again = await client.post(url(campaign.id)).bearerToken(token).json({ blinded })
    again.assertStatus(200)
    assert.equal(again.body().blindSignature, first.body().blindSignature)

    const other = blindFor(campaign.id)
    const refused = await client
      .post(url(campaign.id))
      .bearerToken(token)
      .json({ blinded: other.blinded })
    refused.assertStatus(409)
    assert.equal(refused.body().error, 'credential_already_issued')
    assert.isString(refused.body().message)
    const [{ total }] = await db
      .from('credential_issuances')
      .where('campaign_id', campaign.id)
      .count('* as total')
    assert.equal(Number(total), 1)
  })

  test('invalid blinded points: 422 invalid_blinded with the InvalidPointError code', async ({
    client,
    assert,
  }) => {
    const { campaign, token } = await votingFixture()
    const cases: [string, string][] = [
      ['c0' + '00'.repeat(95), 'identity'],
      ['ab'.repeat(10), 'bad_length'],
      ['ZZ'.repeat(96), 'bad_encoding'],
      ['AB'.repeat(96), 'bad_encoding'],
      [pointNotOnCurve(), 'not_on_curve'],
      [pointOutsideSubgroup(), 'not_in_subgroup'],
    ]
    for (const [blinded, code] of cases) {
      const response = await client.post(url(campaign.id)).bearerToken(token).json({ blinded })
      response.assertStatus(422)
      assert.equal(response.body().error, 'invalid_blinded', blinded)
      assert.equal(response.body().details.code, code, blinded)
    }
    const missing = await client.post(url(campaign.id)).bearerToken(token).json({})
    missing.assertStatus(422)
    assert.equal(missing.body().error, 'validation_failed')
    const [{ total }] = await db
      .from('credential_issuances')
      .where('campaign_id', campaign.id)
      .count('* as total')
    assert.equal(Number(total), 0)
  })

  test('campaign not in voting → 409 voting_closed (before and after)', async ({
    client,
    assert,
  }) => {
    for (const stage of ['review', 'results'] as const) {
      const { campaign, token } = await votingFixture(stage)
      const { blinded } = blindFor(campaign.id)
      const response = await client.post(url(campaign.id)).bearerToken(token).json({ blinded })
      response.assertStatus(409)
      assert.equal(response.body().error, 'voting_closed')
      assert.equal(response.body().details.stage, stage)
    }
  })

  test('drafts and unknown campaigns are 404 JSON', async ({ client, assert }) => {
    const { campaign, token } = await votingFixture('drafting')
    const { blinded } = blindFor(campaign.id)
    const draft = await client.post(url(campaign.id)).bearerToken(token).json({ blinded })
    draft.assertStatus(404)
    assert.equal(draft.body().error, 'not_found')
    const unknown = await client.post(url(2_000_000_000)).bearerToken(token).json({ blinded })
    unknown.assertStatus(404)
  })

  test('without a bearer token → 401 JSON; a session cookie alone is not accepted on /api', async ({
    client,
    assert,
  }) => {
    const { campaign, resident } = await votingFixture()
    const { blinded } = blindFor(campaign.id)
    const anonymous = await client.post(url(campaign.id)).json({ blinded })
    anonymous.assertStatus(401)
    assert.equal(anonymous.body().error, 'unauthorized')
    const session = await client.post(url(campaign.id)).loginAs(resident).json({ blinded })
    session.assertStatus(401)
  })

  test('census-only campaign: a resident not on the register → 403 not_eligible', async ({
    client,
    assert,
  }) => {
    const { campaign, token, north } = await votingFixture()
    campaign.eligibilityMode = 'census'
    await campaign.save()
    const { blinded } = blindFor(campaign.id)
    const refused = await client.post(url(campaign.id)).bearerToken(token).json({ blinded })
    refused.assertStatus(403)
    assert.equal(refused.body().error, 'not_eligible')
    assert.equal(refused.body().details.reason, 'not_in_register')

    const phone = freshPhone()
    await CensusEntry.create({
      campaignId: campaign.id,
      kind: 'phone',
      valueHash: censusHash('phone', phone),
      districtId: null,
      importedAt: DateTime.now(),
    })
    const listed = await makeResident(phone, north.id)
    const ok = await client
      .post(url(campaign.id))
      .bearerToken(await bearerFor(listed))
      .json({ blinded })
    ok.assertStatus(200)
  })

  test('minimum age: without a declared age → 403 age_unconfirmed; with it → 200', async ({
    client,
    assert,
  }) => {
    const { campaign, token } = await votingFixture()
    campaign.minAge = 16
    await campaign.save()
    const { blinded } = blindFor(campaign.id)
    const unconfirmed = await client.post(url(campaign.id)).bearerToken(token).json({ blinded })
    unconfirmed.assertStatus(403)
    assert.equal(unconfirmed.body().details.reason, 'age_unconfirmed')
    const young = await client.post(url(campaign.id)).bearerToken(token).json({ blinded, age: 15 })
    young.assertStatus(403)
    assert.equal(young.body().details.reason, 'under_age')
    const ok = await client.post(url(campaign.id)).bearerToken(token).json({ blinded, age: 16 })
    ok.assertStatus(200)
  })

  test('rate limited per resident → 429 + Retry-After', async ({ client, assert }) => {
    const { campaign, token, resident } = await votingFixture()
    await exhaustResidentCredentialLimit('credential:resident', String(resident.id))
    const { blinded } = blindFor(campaign.id)
    const response = await client.post(url(campaign.id)).bearerToken(token).json({ blinded })
    response.assertStatus(429)
    assert.equal(response.body().error, 'rate_limited')
    assert.isAbove(Number(response.header('retry-after')), 0)
  })

  test('the voting page route accepts the session with a CSRF token', async ({
    client,
    assert,
  }) => {
    const { campaign, resident } = await votingFixture()
    const { blinded } = blindFor(campaign.id)
    const response = await client
      .post(`/campaigns/${campaign.id}/credential`)
      .loginAs(resident)
      .withCsrfToken()
      .json({ blinded })
    response.assertStatus(200)
    assert.match(response.body().blindSignature, /^[0-9a-f]{192}$/)
    const invalid = await client
      .post(`/campaigns/${campaign.id}/credential`)
      .loginAs(resident)
      .withCsrfToken()
      .json({ age: 'old' })
    invalid.assertStatus(422)
    assert.equal(invalid.body().error, 'validation_failed')
    assert.isArray(invalid.body().details)
    const other = blindFor(campaign.id)
    const withoutCsrf = await client
      .post(`/campaigns/${campaign.id}/credential`)
      .loginAs(resident)
      .json({ blinded: other.blinded })
      .redirects(0)
    assert.notEqual(withoutCsrf.status(), 200)
    assert.notProperty(withoutCsrf.body(), 'blindSignature')
  })
})

test.group('Voting · registrar key', () => {
  test('entering voting creates the key; the public campaign shows it; never in plaintext', async ({
    client,
    assert,
  }) => {
    const { campaign } = await votingFixture('review')
    const before = await client.get(`/api/v1/campaigns/${campaign.id}`)
    assert.isNull(before.body().registrarPublicKey)
    assert.lengthOf(await db.from('campaign_registrar_keys').where('campaign_id', campaign.id), 0)

    const admin = await makeStaff('admin')
    const moved = await changeStage({ type: 'staff', id: admin.id }, campaign.id, {
      from: 'review',
      to: 'voting',
    })
    assert.equal(moved.outcome, 'ok')
    const [row] = await db.from('campaign_registrar_keys').where('campaign_id', campaign.id)
    assert.exists(row)
    assert.isTrue(verifyPop(row.public_key, row.pop))

    const after = await client.get(`/api/v1/campaigns/${campaign.id}`)
    assert.equal(after.body().registrarPublicKey, row.public_key)

    // The secret is only stored encrypted: decrypt it the way the registrar does and make sure
    // neither its hex nor its bytes appear anywhere in the stored row.
    const { default: encryption } = await import('@adonisjs/core/services/encryption')
    const { REGISTRAR_PURPOSE } = await import('#voting/registrar')
    const secretHex = encryption.decrypt<string>(row.secret_key_encrypted, REGISTRAR_PURPOSE)
    assert.match(secretHex!, /^[0-9a-f]{64}$/)
    const stored = JSON.stringify(row).toLowerCase()
    assert.notInclude(stored, secretHex!)
    assert.notInclude(stored, Buffer.from(secretHex!, 'hex').toString('base64'))
    assert.notInclude(stored, Buffer.from(secretHex!, 'hex').toString('base64url'))
    const { registrarPublicKey } = await import('@civic-budget/protocol')
    assert.equal(registrarPublicKey(secretHex!), row.public_key)
  })

  test('a campaign put into voting without the hook gets its key lazily, once', async ({
    client,
    assert,
  }) => {
    const { campaign } = await votingFixture()
    const [a, b] = await Promise.all([
      client.get(`/api/v1/campaigns/${campaign.id}`),
      client.get(`/api/v1/campaigns/${campaign.id}`),
    ])
    assert.match(a.body().registrarPublicKey, /^[0-9a-f]{96}$/)
    assert.equal(a.body().registrarPublicKey, b.body().registrarPublicKey)
    assert.lengthOf(await db.from('campaign_registrar_keys').where('campaign_id', campaign.id), 1)
  })

  test('campaigns before voting show no key', async ({ client, assert }) => {
    const { city } = await votingFixture()
    const ideas = await makeCampaign(city.id, { stage: 'ideas' })
    const response = await client.get(`/api/v1/campaigns/${ideas.id}`)
    assert.isNull(response.body().registrarPublicKey)
  })
})
