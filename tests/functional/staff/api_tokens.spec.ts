import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import StaffApiToken from '#identity/models/staff_api_token'
import Campaign from '#campaigns/models/campaign'
import Idea from '#proposals/models/idea'
import { createStaffApiToken } from '#identity/api_tokens/manage_staff_api_tokens'
import { staffApiTokenHash } from '#identity/api_tokens/staff_api_tokens'
import type { StaffApiScope } from '#identity/api_tokens/scopes'
import type StaffUser from '#identity/models/staff_user'
import { auditRows, createCommunity, createStaff, staffRequest } from '#tests/helpers/staff'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'
import { resetRateLimits } from '#tests/helpers/voting'

/*
| Staff API tokens (issue #15): the admin screen (unscoped admins only, CSRF, token shown once,
| revoke) and the `/api/v1/staff` guard (scopes per route, expiry, revocation, the maker's rights).
*/
async function tokenFor(admin: StaffUser, scopes: StaffApiScope[]) {
  const made = await createStaffApiToken(
    { type: 'staff', id: admin.id, ip: null },
    { name: `script ${scopes.join('+')}`, scopes, expiresInDays: 30 }
  )
  return { token: made.token, secret: made.secret }
}

async function tokenCount() {
  const [row] = await db.from('staff_api_tokens').count('* as n')
  return Number(row.n)
}

test.group('Staff API tokens · screen', (group) => {
  // Many requests each; the shared machine is slow.
  group.each.timeout(120_000)
  test('an admin creates a token: shown once, only its hash stored, audited', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const response = await staffRequest(client, 'post', '/staff/api-tokens', admin).form({
      name: 'Open-data export',
      scopes: ['read', 'ideas:moderate'],
      expiresInDays: 30,
    })
    response.assertStatus(302)
    assert.equal(response.header('location'), '/staff/api-tokens')
    const shown = response.flashMessage('newStaffApiToken') as { id: number; secret: string }
    assert.match(shown.secret, /^cbs_[\w-]{43}$/)

    const stored = await StaffApiToken.findOrFail(shown.id)
    assert.equal(stored.tokenHash, staffApiTokenHash(shown.secret))
    assert.deepEqual(stored.scopes, ['read', 'ideas:moderate'])
    assert.equal(stored.createdByStaffId, admin.id)
    const days = stored.expiresAt.diff(DateTime.now(), 'days').days
    assert.isAbove(days, 29.9)
    assert.isBelow(days, 30.1)

    // The next page (a new request: the flash is gone) lists the token without any secret.
    const page = await staffRequest(client, 'get', '/staff/api-tokens', admin).withInertia()
    page.assertStatus(200)
    assert.isNull(page.inertiaProps.newToken)
    const listed = page.inertiaProps.tokens.find((t: { id: number }) => t.id === stored.id)
    assert.equal(listed.state, 'active')
    assert.notInclude(JSON.stringify(page.inertiaProps), shown.secret)

    const [row] = await auditRows('staff_api_token.created', {
      type: 'staff_api_token',
      id: stored.id,
    })
    assert.equal(row.actor_id, admin.id)
    assert.notInclude(JSON.stringify(row.changes), shown.secret)

    // The token works at once.
    const api = await client
      .get('/api/v1/staff/campaigns')
      .header('authorization', `Bearer ${shown.secret}`)
    api.assertStatus(200)
  })

  test('the form is CSRF-protected and bad input creates nothing', async ({ client, assert }) => {
    const admin = await createStaff({ role: 'admin' })
    const before = await tokenCount()
    const forged = await client
      .post('/staff/api-tokens')
      .withGuard('staff')
      .loginAs(admin)
      .form({ name: 'Forged', scopes: ['read'], expiresInDays: 30 })
      .redirects(0)
    assert.notEqual(forged.status(), 200)
    assert.isUndefined(forged.flashMessage('newStaffApiToken'))
    for (const body of [
      { name: '', scopes: ['read'], expiresInDays: 30 },
      { name: 'x'.repeat(121), scopes: ['read'], expiresInDays: 30 },
      { name: 'No scope', scopes: [], expiresInDays: 30 },
      { name: 'Unknown scope', scopes: ['admin:everything'], expiresInDays: 30 },
      { name: 'Forever', scopes: ['read'], expiresInDays: 100000 },
      { name: 'Shape', scopes: 'read', expiresInDays: 'soon' },
    ]) {
      const response = await staffRequest(client, 'post', '/staff/api-tokens', admin)
        .json(body)
        .accept('json')
      assert.equal(response.status(), 422, JSON.stringify(body))
      assert.isNotEmpty(response.body().errors, JSON.stringify(body))
    }
    assert.equal(await tokenCount(), before)
  })

  test('only unscoped admins reach the screen; everyone else is refused', async ({
    client,
    assert,
  }) => {
    const district = await createCommunity()
    const admin = await createStaff({ role: 'admin' })
    const { token } = await tokenFor(admin, ['read'])
    const others = [
      await createStaff({ role: 'admin', communityId: district.id }),
      await createStaff({ role: 'moderator' }),
      await createStaff({ role: 'expert' }),
      await createStaff({ role: 'observer' }),
      await createStaff({ role: 'terminal' }),
    ]
    const before = await tokenCount()
    for (const member of others) {
      const list = await staffRequest(client, 'get', '/staff/api-tokens', member)
      assert.equal(list.status(), 403, `list as ${member.email}`)
      const create = await staffRequest(client, 'post', '/staff/api-tokens', member).form({
        name: 'Mine',
        scopes: ['read'],
        expiresInDays: 7,
      })
      assert.equal(create.status(), 403, `create as ${member.email}`)
      const revoke = await staffRequest(client, 'delete', `/staff/api-tokens/${token.id}`, member)
      assert.equal(revoke.status(), 403, `revoke as ${member.email}`)
    }
    const anonymous = await staffRequest(client, 'get', '/staff/api-tokens', null)
    anonymous.assertStatus(302)
    assert.equal(await tokenCount(), before)
    await token.refresh()
    assert.isNull(token.revokedAt)
  })

  test('a revoked token gets 401 at once; revoking is audited and idempotent', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const { token, secret } = await tokenFor(admin, ['read'])
    const call = () =>
      client.get('/api/v1/staff/campaigns').header('authorization', `Bearer ${secret}`)
    const allowed = await call()
    allowed.assertStatus(200)

    const revoke = await staffRequest(client, 'delete', `/staff/api-tokens/${token.id}`, admin)
    revoke.assertStatus(302)
    const refused = await call()
    refused.assertStatus(401)
    assert.equal(refused.body().error, 'unauthorized')
    assert.equal(refused.header('www-authenticate'), 'Bearer')
    assert.lengthOf(
      await auditRows('staff_api_token.revoked', { type: 'staff_api_token', id: token.id }),
      1
    )
    const again = await staffRequest(client, 'delete', `/staff/api-tokens/${token.id}`, admin)
    again.assertStatus(302)
    assert.lengthOf(
      await auditRows('staff_api_token.revoked', { type: 'staff_api_token', id: token.id }),
      1
    )
  })
})

test.group('Staff API tokens · the /api/v1/staff guard', (group) => {
  // Many requests each; the shared machine is slow.
  group.each.timeout(120_000)
  group.each.setup(() => resetRateLimits())
  test('expired, unknown, malformed and resident tokens get 401 JSON', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const { token, secret } = await tokenFor(admin, ['read'])
    await db
      .from('staff_api_tokens')
      .where('id', token.id)
      .update({ expires_at: DateTime.now().minus({ minutes: 1 }).toJSDate() })
    for (const header of [
      `Bearer ${secret}`,
      `Bearer cbs_${'A'.repeat(43)}`,
      'Bearer',
      `Bearer ${'x'.repeat(5000)}`,
      `Terminal ${secret}`,
      'Basic YWRtaW46YWRtaW4=',
    ]) {
      const response = await client.get('/api/v1/staff/campaigns').header('authorization', header)
      assert.equal(response.status(), 401, header.slice(0, 40))
      assert.equal(response.body().error, 'unauthorized')
    }
  })

  test('an address with 20 failed tokens in 15 minutes is refused (429 JSON) even with a good token; the limiter rows name no IP', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const { secret } = await tokenFor(admin, ['read'])
    const good = () =>
      client.get('/api/v1/staff/campaigns').header('authorization', `Bearer ${secret}`)
    const allowed = await good()
    allowed.assertStatus(200)
    for (let i = 0; i < 20; i++) {
      const response = await client
        .get('/api/v1/staff/campaigns')
        .header('authorization', `Bearer cbs_${'A'.repeat(43)}`)
      assert.equal(response.status(), 401, `failed try ${i + 1}`)
    }
    const refused = await good()
    refused.assertStatus(429)
    assert.equal(refused.body().error, 'rate_limited')
    assert.isAbove(Number(refused.header('retry-after')), 0)
    const rows = await db.from('rate_limits').select('key')
    assert.isAbove(rows.length, 0)
    for (const row of rows) assert.notInclude(String(row.key), '127.0.0.1')
  })

  test('a staff session is not enough: the API takes tokens only', async ({ client }) => {
    const admin = await createStaff({ role: 'admin' })
    const response = await client.get('/api/v1/staff/campaigns').withGuard('staff').loginAs(admin)
    response.assertStatus(401)
  })

  test('scopes: a read token cannot write (403 JSON, nothing changes), a write token cannot read', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    const reader = await tokenFor(admin, ['read'])
    const writer = await tokenFor(admin, ['campaigns:write'])
    const as = (secret: string) => ({ authorization: `Bearer ${secret}` })

    const put = await client
      .put(`/api/v1/staff/campaigns/${campaign.id}/stage-dates`)
      .headers(as(reader.secret))
      .json({ finishesAt: '2035-01-01T00:00:00Z' })
    put.assertStatus(403)
    assert.equal(put.body().error, 'insufficient_scope')
    assert.deepEqual(put.body().details, { required: 'campaigns:write' })
    const hide = await client
      .post(`/api/v1/staff/ideas/${idea.id}/hide`)
      .headers(as(writer.secret))
      .json({ reason: 'Spam spam' })
    hide.assertStatus(403)
    assert.deepEqual(hide.body().details, { required: 'ideas:moderate' })
    const read = await client.get('/api/v1/staff/campaigns').headers(as(writer.secret))
    read.assertStatus(403)

    await campaign.refresh()
    assert.isNull(campaign.finishesAt)
    await idea.refresh()
    assert.equal(idea.status, 'published')
  })

  test('a token stops when its maker is deactivated or loses the unscoped admin grant', async ({
    client,
  }) => {
    const district = await createCommunity()
    const deactivated = await createStaff({ role: 'admin' })
    const demoted = await createStaff({ role: 'admin' })
    const first = await tokenFor(deactivated, ['read'])
    const second = await tokenFor(demoted, ['read'])
    deactivated.active = false
    await deactivated.save()
    await db
      .from('staff_roles')
      .where('staff_user_id', demoted.id)
      .update({ community_id: district.id })
    for (const { secret } of [first, second]) {
      const response = await client
        .get('/api/v1/staff/campaigns')
        .header('authorization', `Bearer ${secret}`)
      response.assertStatus(401)
    }
  })

  test('writes reuse the actions and are audited as the maker, with the token id', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    const { token, secret } = await tokenFor(admin, ['campaigns:write', 'ideas:moderate'])
    const auth = { authorization: `Bearer ${secret}` }

    const dates = await client
      .put(`/api/v1/staff/campaigns/${campaign.id}/stage-dates`)
      .headers(auth)
      .json({ finishesAt: '2035-01-01T00:00:00+03:00' })
    dates.assertStatus(200)
    assert.equal(dates.body().stageDates.finishesAt, '2034-12-31T21:00:00.000Z')
    const changed = await Campaign.findOrFail(campaign.id)
    assert.equal(changed.finishesAt?.toUTC().toISO(), '2034-12-31T21:00:00.000Z')
    const [campaignAudit] = await auditRows('campaign.updated', {
      type: 'campaign',
      id: campaign.id,
    })
    assert.equal(campaignAudit.actor_type, 'staff')
    assert.equal(campaignAudit.actor_id, admin.id)
    assert.equal(campaignAudit.changes.viaStaffApi, token.id)

    // Out of order: 422 with the field, nothing saved.
    const bad = await client
      .put(`/api/v1/staff/campaigns/${campaign.id}/stage-dates`)
      .headers(auth)
      .json({ ideasOpensAt: '2040-01-01T00:00:00Z' })
    bad.assertStatus(422)
    assert.equal(bad.body().details[0].field, 'finishesAt')
    await changed.refresh()
    assert.isNull(changed.ideasOpensAt)

    const hidden = await client
      .post(`/api/v1/staff/ideas/${idea.id}/hide`)
      .headers(auth)
      .json({ reason: 'Advertising' })
    hidden.assertStatus(200)
    assert.equal(hidden.body().status, 'hidden')
    const stored = await Idea.findOrFail(idea.id)
    assert.equal(stored.hiddenReason, 'Advertising')
    const [ideaAudit] = await auditRows('idea.hidden', { type: 'idea', id: idea.id })
    assert.equal(ideaAudit.actor_id, admin.id)
    assert.equal(ideaAudit.changes.viaStaffApi, token.id)
  })
})
