import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import Terminal from '#voting/models/terminal'
import { terminalTokenHash } from '#voting/terminal_tokens'
import { auditRows, createCommunity, createStaff, staffRequest } from '#tests/helpers/staff'
import { blindFor, makeTerminal, resetRateLimits, votingFixture } from '#tests/helpers/voting'

/*
| The terminals screen (issue #15): register (token shown once), rotate (the old token stops at
| once), revoke (the next request gets 401), coarse use (credentials issued, the day of the last
| one — nothing written when a terminal calls), admins only within their scope, CSRF.
*/
let idHashes = 0
/** A terminal's credential request for a fresh person: its status. */
async function issue(client: ApiClient, campaignId: number, token: string): Promise<number> {
  idHashes++
  const idHash = idHashes.toString(16).padStart(64, 'c')
  const response = await client
    .post(`/api/v1/terminal/campaigns/${campaignId}/credential`)
    .header('authorization', `Terminal ${token}`)
    .json({ idHash, blinded: blindFor(campaignId).blinded })
  return response.status()
}

async function terminalCount() {
  const [row] = await db.from('terminals').count('* as n')
  return Number(row.n)
}

test.group('Staff · terminals screen', (group) => {
  group.each.setup(() => resetRateLimits())

  test('an admin registers a terminal: token shown once, only its hash stored, works at once', async ({
    client,
    assert,
  }) => {
    const { campaign, city } = await votingFixture()
    const admin = await createStaff({ role: 'admin' })
    const response = await staffRequest(client, 'post', '/staff/terminals', admin).form({
      name: 'Bank branch 3',
      communityId: city.id,
    })
    response.assertStatus(302)
    const shown = response.flashMessage('newTerminalToken') as { name: string; token: string }
    assert.equal(shown.name, 'Bank branch 3')
    assert.match(shown.token, /^cbt_[\w-]{43}$/)
    const terminal = await Terminal.findByOrFail('tokenHash', terminalTokenHash(shown.token))
    assert.equal(terminal.communityId, city.id)
    assert.equal(terminal.createdByStaffId, admin.id)
    const [row] = await auditRows('terminal.created', { type: 'terminal', id: terminal.id })
    assert.equal(row.actor_id, admin.id)

    assert.equal(await issue(client, campaign.id, shown.token), 200)

    const page = await staffRequest(client, 'get', '/staff/terminals', admin).withInertia()
    page.assertStatus(200)
    assert.isNull(page.inertiaProps.newToken)
    assert.notInclude(JSON.stringify(page.inertiaProps), shown.token)
    const listed = page.inertiaProps.terminals.find((t: { id: number }) => t.id === terminal.id)
    assert.include(listed, { name: 'Bank branch 3', revoked: false, credentialsIssued: 1 })
  })

  test('rotate: the old token stops at once, the new one works; audited', async ({
    client,
    assert,
  }) => {
    const { campaign, city } = await votingFixture()
    const admin = await createStaff({ role: 'admin' })
    const { terminal, token: old } = await makeTerminal(city.id)
    const response = await staffRequest(
      client,
      'post',
      `/staff/terminals/${terminal.id}/rotate`,
      admin
    )
    response.assertStatus(302)
    const shown = response.flashMessage('newTerminalToken') as { token: string }
    assert.notEqual(shown.token, old)
    assert.equal(await issue(client, campaign.id, old), 401)
    assert.equal(await issue(client, campaign.id, shown.token), 200)
    assert.lengthOf(
      await auditRows('terminal.token_rotated', { type: 'terminal', id: terminal.id }),
      1
    )
  })

  test('revoke: the next request with the token gets 401; a revoked terminal cannot be rotated', async ({
    client,
    assert,
  }) => {
    const { campaign, city } = await votingFixture()
    const admin = await createStaff({ role: 'admin' })
    const { terminal, token } = await makeTerminal(city.id)
    assert.equal(await issue(client, campaign.id, token), 200)

    const revoke = await staffRequest(
      client,
      'post',
      `/staff/terminals/${terminal.id}/revoke`,
      admin
    )
    revoke.assertStatus(302)
    assert.equal(await issue(client, campaign.id, token), 401)

    const rotate = await staffRequest(
      client,
      'post',
      `/staff/terminals/${terminal.id}/rotate`,
      admin
    ).accept('json')
    rotate.assertStatus(409)
    assert.equal(rotate.body().error, 'already_revoked')
    const again = await staffRequest(
      client,
      'post',
      `/staff/terminals/${terminal.id}/revoke`,
      admin
    ).accept('json')
    again.assertStatus(409)
    assert.equal(await issue(client, campaign.id, token), 401)
    await terminal.refresh()
    assert.equal(terminal.tokenHash, terminalTokenHash(token))
  })

  test('use is shown coarsely and read from issuances: a terminal call writes nothing', async ({
    client,
    assert,
  }) => {
    const { campaign, city } = await votingFixture()
    const admin = await createStaff({ role: 'admin' })
    const { terminal, token } = await makeTerminal(city.id)
    const version = async () => {
      const result = await db.rawQuery('SELECT xmin::text AS v FROM terminals WHERE id = ?', [
        terminal.id,
      ])
      return result.rows[0].v as string
    }
    const before = await version()
    assert.equal(await issue(client, campaign.id, token), 200)
    assert.equal(await issue(client, campaign.id, token), 200)
    assert.equal(await version(), before)

    const page = await staffRequest(client, 'get', '/staff/terminals', admin).withInertia()
    const listed = page.inertiaProps.terminals.find((t: { id: number }) => t.id === terminal.id)
    assert.equal(listed.credentialsIssued, 2)
    assert.equal(listed.lastUsedDay, new Date().toISOString().slice(0, 10))
    const unused = await makeTerminal(city.id, 'Unused kiosk')
    const again = await staffRequest(client, 'get', '/staff/terminals', admin).withInertia()
    const idle = again.inertiaProps.terminals.find(
      (t: { id: number }) => t.id === unused.terminal.id
    )
    assert.include(idle, { credentialsIssued: 0, lastUsedDay: null })
  })

  test('only admins, within their scope; CSRF; bad input changes nothing', async ({
    client,
    assert,
  }) => {
    const districtA = await createCommunity()
    const districtB = await createCommunity()
    const { terminal: inA } = await makeTerminal(districtA.id, 'Kiosk A')
    const { terminal: inB } = await makeTerminal(districtB.id, 'Kiosk B')
    const before = await terminalCount()

    for (const role of ['moderator', 'expert', 'observer', 'terminal'] as const) {
      const member = await createStaff({ role })
      const list = await staffRequest(client, 'get', '/staff/terminals', member)
      assert.equal(list.status(), 403, `list as ${role}`)
      const create = await staffRequest(client, 'post', '/staff/terminals', member).form({
        name: 'Mine',
        communityId: districtA.id,
      })
      assert.equal(create.status(), 403, `create as ${role}`)
      const badInput = await staffRequest(client, 'post', '/staff/terminals', member)
        .json({ name: '' })
        .accept('json')
      assert.equal(badInput.status(), 403, `bad input as ${role}`)
      for (const action of ['rotate', 'revoke']) {
        const write = await staffRequest(
          client,
          'post',
          `/staff/terminals/${inA.id}/${action}`,
          member
        )
        assert.equal(write.status(), 403, `${action} as ${role}`)
      }
    }

    const adminA = await createStaff({ role: 'admin', communityId: districtA.id })
    const list = await staffRequest(client, 'get', '/staff/terminals', adminA).withInertia()
    const ids = list.inertiaProps.terminals.map((t: { id: number }) => t.id)
    assert.include(ids, inA.id)
    assert.notInclude(ids, inB.id)
    for (const action of ['rotate', 'revoke']) {
      const outside = await staffRequest(
        client,
        'post',
        `/staff/terminals/${inB.id}/${action}`,
        adminA
      )
      assert.equal(outside.status(), 403, `${action} outside the scope`)
    }
    const createOutside = await staffRequest(client, 'post', '/staff/terminals', adminA).form({
      name: 'Elsewhere',
      communityId: districtB.id,
    })
    createOutside.assertStatus(403)

    const anonymous = await staffRequest(client, 'get', '/staff/terminals', null)
    anonymous.assertStatus(302)

    const admin = await createStaff({ role: 'admin' })
    const forged = await client
      .post(`/staff/terminals/${inA.id}/revoke`)
      .withGuard('staff')
      .loginAs(admin)
      .redirects(0)
    assert.notEqual(forged.status(), 200)
    for (const body of [
      { name: '', communityId: districtA.id },
      { name: 'x'.repeat(121), communityId: districtA.id },
      { name: 'Kiosk', communityId: 'north' },
      { name: 'Kiosk', communityId: districtA.id, publicKey: 'zz' },
    ]) {
      const response = await staffRequest(client, 'post', '/staff/terminals', admin)
        .json(body)
        .accept('json')
      assert.equal(response.status(), 422, JSON.stringify(body))
    }
    const unknown = await staffRequest(client, 'post', '/staff/terminals', admin)
      .json({ name: 'Kiosk', communityId: 2_000_000_000 })
      .accept('json')
    unknown.assertStatus(422)
    const missing = await staffRequest(client, 'post', '/staff/terminals/2000000000/revoke', admin)
    missing.assertStatus(404)

    assert.equal(await terminalCount(), before)
    for (const terminal of [inA, inB]) {
      await terminal.refresh()
      assert.isNull(terminal.revokedAt)
    }
  }).timeout(120_000)
})
