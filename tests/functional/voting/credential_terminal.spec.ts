import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import ace from '@adonisjs/core/services/ace'
import { finishCredential } from '#voting/protocol/index'
import { revokeTerminal } from '#voting/actions/create_terminal'
import CensusEntry from '#campaigns/models/census_entry'
import { censusHash } from '#campaigns/services/census'
import { terminalPersonRef } from '#voting/person_ref'
import { terminalTokenHash } from '#voting/terminal_tokens'
import Terminal from '#voting/models/terminal'
import { setRateLimit } from '#tests/helpers/identity'
import { rateLimitKey } from '#shared/rate_limit_keys'
import {
  blindFor,
  exhaustResidentCredentialLimit,
  makeTerminal,
  votingFixture,
} from '#tests/helpers/voting'

const url = (id: number) => `/api/v1/terminal/campaigns/${id}/credential`

test.group('Voting · terminal credentials', () => {
  test('a terminal takes a credential for a person; personKey stored only as an HMAC', async ({
    client,
    assert,
  }) => {
    const { campaign, city } = await votingFixture()
    const { terminal, token } = await makeTerminal(city.id)
    const shown = await client.get(`/api/v1/campaigns/${campaign.id}`)
    const registrarKey = shown.body().registrarPublicKey
    const personKey = 'bank-customer-7731'
    const { voterKey, blinded, r } = blindFor(campaign.id)
    const response = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json({ personKey, blinded })
    response.assertStatus(200)
    finishCredential(registrarKey, campaign.id, voterKey, response.body().blindSignature, r)

    const [row] = await db.from('credential_issuances').where('campaign_id', campaign.id)
    assert.equal(row.channel, 'terminal')
    assert.equal(row.terminal_id, terminal.id)
    assert.equal(row.person_ref, terminalPersonRef(terminal.id, personKey))
    assert.match(row.person_ref, /^terminal:[0-9a-f]{64}$/)
    assert.notInclude(JSON.stringify(row), personKey)

    // The same person again: same point → same answer, another point → 409.
    const again = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json({ personKey, blinded })
    assert.equal(again.body().blindSignature, response.body().blindSignature)
    const other = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json({ personKey, blinded: blindFor(campaign.id).blinded })
    other.assertStatus(409)
    assert.equal(other.body().error, 'credential_already_issued')

    // The token is stored only as its hash; last use is recorded.
    const stored = await db.from('terminals').where('id', terminal.id).first()
    assert.equal(stored.token_hash, terminalTokenHash(token))
    assert.notInclude(JSON.stringify(stored), token)
    assert.isNotNull(stored.last_used_at)
  })

  test('unknown, malformed and revoked tokens → 401 JSON', async ({ client, assert }) => {
    const { campaign, city } = await votingFixture()
    const { terminal, token } = await makeTerminal(city.id)
    const body = { personKey: 'p-1', blinded: blindFor(campaign.id).blinded }
    for (const header of [undefined, 'Terminal nope', `Bearer ${token}`, 'Terminal']) {
      const request = client.post(url(campaign.id)).json(body)
      if (header) request.header('authorization', header)
      const response = await request
      response.assertStatus(401)
      assert.equal(response.body().error, 'unauthorized')
    }
    const revoked = await revokeTerminal({ type: 'system', id: null }, terminal.id)
    assert.equal(revoked.outcome, 'ok')
    const response = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json(body)
    response.assertStatus(401)
    assert.lengthOf(await db.from('credential_issuances').where('campaign_id', campaign.id), 0)
  })

  test('a terminal outside the campaign area → 403; not voting → 409; bad point → 422', async ({
    client,
    assert,
  }) => {
    const { campaign, other, city } = await votingFixture()
    const far = await makeTerminal(other.id)
    const blinded = blindFor(campaign.id).blinded
    const outside = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${far.token}`)
      .json({ personKey: 'p-1', blinded })
    outside.assertStatus(403)
    assert.equal(outside.body().details.reason, 'outside_terminal_area')

    const near = await makeTerminal(city.id)
    const invalid = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${near.token}`)
      .json({ personKey: 'p-1', blinded: 'c0' + '00'.repeat(95) })
    invalid.assertStatus(422)
    assert.equal(invalid.body().details.code, 'identity')

    campaign.stage = 'results'
    await campaign.save()
    const closed = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${near.token}`)
      .json({ personKey: 'p-1', blinded })
    closed.assertStatus(409)
    assert.equal(closed.body().error, 'voting_closed')
  })

  test('census-only campaign: the personKey must be on the ID-hash register', async ({
    client,
    assert,
  }) => {
    const { campaign, city } = await votingFixture()
    campaign.eligibilityMode = 'census'
    await campaign.save()
    const { token } = await makeTerminal(city.id)
    const listed = 'a1'.repeat(32)
    await CensusEntry.create({
      campaignId: campaign.id,
      kind: 'id_hash',
      valueHash: censusHash('id_hash', listed),
      districtId: null,
      importedAt: DateTime.now(),
    })
    const refused = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json({ personKey: 'b2'.repeat(32), blinded: blindFor(campaign.id).blinded })
    refused.assertStatus(403)
    assert.equal(refused.body().details.reason, 'not_in_register')
    const ok = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json({ personKey: listed, blinded: blindFor(campaign.id).blinded })
    ok.assertStatus(200)
  })

  test('rate limited per terminal → 429 + Retry-After', async ({ client, assert }) => {
    const { campaign, city } = await votingFixture()
    const { terminal, token } = await makeTerminal(city.id)
    await setRateLimit(`credential:terminal:${terminal.id}`, 100_000, 60)
    const response = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json({ personKey: 'p-1', blinded: blindFor(campaign.id).blinded })
    response.assertStatus(429)
    assert.isAbove(Number(response.header('retry-after')), 0)
  })

  test('wrong terminal tokens are limited per IP; valid terminals are not limited by IP', async ({
    client,
    assert,
  }) => {
    const { campaign, city } = await votingFixture()
    const { token } = await makeTerminal(city.id)
    // Far more requests than any per-IP limit from this IP: a terminal is limited per token only.
    await exhaustResidentCredentialLimit('credential:ip', '127.0.0.1')
    const ok = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json({ personKey: 'p-1', blinded: blindFor(campaign.id).blinded })
    ok.assertStatus(200)

    await setRateLimit(rateLimitKey('credential:terminal-auth-failures', '127.0.0.1'), 19, 600)
    const wrong = await client
      .post(url(campaign.id))
      .header('authorization', 'Terminal guessed-token')
      .json({ personKey: 'p-1', blinded: blindFor(campaign.id).blinded })
    wrong.assertStatus(401)
    // The 20th failure exhausted the budget: even the right token is refused from this IP now.
    const refused = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json({ personKey: 'p-2', blinded: blindFor(campaign.id).blinded })
    refused.assertStatus(429)
    assert.equal(refused.body().error, 'rate_limited')
    assert.isAbove(Number(refused.header('retry-after')), 0)
  })

  test('terminals:create stores the hash and prints the token once', async ({ assert }) => {
    const { city } = await votingFixture()
    const community = await db.from('communities').where('id', city.id).first()
    const { default: CreateTerminalCommand } = await import('#voting/commands/create_terminal')
    const command = await ace.create(CreateTerminalCommand, [
      '--name',
      'Bank branch 3',
      '--community',
      community.code,
    ])
    command.ui.switchMode('raw')
    const lines: string[] = []
    const originalLog = console.log
    console.log = (line: string) => lines.push(String(line))
    try {
      await command.exec()
    } finally {
      console.log = originalLog
    }
    command.assertSucceeded()
    const token = lines.find((line) => line.startsWith('cbt_'))!
    assert.match(token, /^cbt_[A-Za-z0-9_-]{43}$/)
    const terminal = await Terminal.findByOrFail('tokenHash', terminalTokenHash(token))
    assert.equal(terminal.name, 'Bank branch 3')
    assert.equal(terminal.communityId, city.id)
    const audit = await db
      .from('audit_logs')
      .where('action', 'terminal.created')
      .where('subject_id', String(terminal.id))
    assert.lengthOf(audit, 1)
    assert.notInclude(JSON.stringify(audit), token)
  })

  test('the demo terminal (development seed) uses DEMO_TERMINAL_TOKEN, default dev-terminal-token', async ({
    client,
    assert,
  }) => {
    const { campaign, city } = await votingFixture()
    const { seedDemoTerminal } = await import('#voting/demo_terminal')
    const first = await seedDemoTerminal(city.id)
    const second = await seedDemoTerminal(city.id)
    assert.exists(first)
    assert.equal(first!.id, second!.id, 'idempotent')
    const response = await client
      .post(url(campaign.id))
      .header(
        'authorization',
        `Terminal ${process.env.DEMO_TERMINAL_TOKEN || 'dev-terminal-token'}`
      )
      .json({ personKey: 'demo-person', blinded: blindFor(campaign.id).blinded })
    response.assertStatus(200)
  })
})
