import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import ace from '@adonisjs/core/services/ace'
import { finishCredential } from '@civic-budget/protocol'
import { revokeTerminal } from '#voting/actions/create_terminal'
import CensusEntry from '#campaigns/models/census_entry'
import { censusHash } from '#campaigns/services/census'
import { personRef } from '#voting/person_ref'
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
  test('a terminal takes a credential for a person; the ID hash stored only as a keyed ref', async ({
    client,
    assert,
  }) => {
    const { campaign, city } = await votingFixture()
    const { terminal, token } = await makeTerminal(city.id)
    const shown = await client.get(`/api/v1/campaigns/${campaign.id}`)
    const registrarKey = shown.body().registrarPublicKey
    const idHash = '7a'.repeat(32)
    const { voterKey, blinded, r } = blindFor(campaign.id)
    const response = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json({ idHash, blinded })
    response.assertStatus(200)
    finishCredential(registrarKey, campaign.id, voterKey, response.body().blindSignature, r)

    const [row] = await db.from('credential_issuances').where('campaign_id', campaign.id)
    assert.equal(row.channel, 'terminal')
    assert.equal(row.terminal_id, terminal.id)
    assert.equal(row.person_ref, personRef(campaign.id, 'id_hash', idHash))
    assert.match(row.person_ref, /^id:[0-9a-f]{64}$/)
    assert.notInclude(JSON.stringify(row), idHash)

    // The same person again: same point → same answer, another point → 409.
    const again = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json({ idHash, blinded })
    assert.equal(again.body().blindSignature, response.body().blindSignature)
    const other = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json({ idHash, blinded: blindFor(campaign.id).blinded })
    other.assertStatus(409)
    assert.equal(other.body().error, 'credential_already_issued')

    // The token is stored only as its hash; no "last used" time next to credential calls.
    const stored = await db.from('terminals').where('id', terminal.id).first()
    assert.equal(stored.token_hash, terminalTokenHash(token))
    assert.notInclude(JSON.stringify(stored), token)
    assert.notProperty(stored, 'last_used_at')
  })

  test('unknown, malformed and revoked tokens → 401 JSON', async ({ client, assert }) => {
    const { campaign, city } = await votingFixture()
    const { terminal, token } = await makeTerminal(city.id)
    const body = { idHash: 'a1'.repeat(32), blinded: blindFor(campaign.id).blinded }
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
      .json({ idHash: 'a1'.repeat(32), blinded })
    outside.assertStatus(403)
    assert.equal(outside.body().details.reason, 'outside_terminal_area')

    const near = await makeTerminal(city.id)
    const invalid = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${near.token}`)
      .json({ idHash: 'a1'.repeat(32), blinded: 'c0' + '00'.repeat(95) })
    invalid.assertStatus(422)
    assert.equal(invalid.body().details.code, 'identity')

    campaign.stage = 'results'
    await campaign.save()
    const closed = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${near.token}`)
      .json({ idHash: 'a1'.repeat(32), blinded })
    closed.assertStatus(409)
    assert.equal(closed.body().error, 'voting_closed')
  })

  test('census-only campaign: the person must be on the register (ID hash or phone)', async ({
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
      .json({ idHash: 'b2'.repeat(32), blinded: blindFor(campaign.id).blinded })
    refused.assertStatus(403)
    assert.equal(refused.body().details.reason, 'not_in_register')
    const ok = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json({ idHash: listed.toUpperCase(), blinded: blindFor(campaign.id).blinded })
    ok.assertStatus(200)
    // Listed by phone: a terminal that identified the person by phone.
    await CensusEntry.create({
      campaignId: campaign.id,
      kind: 'phone',
      valueHash: censusHash('phone', '+79161230001'),
      districtId: null,
      importedAt: DateTime.now(),
    })
    const byPhone = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json({ phone: '8 916 123-00-01', blinded: blindFor(campaign.id).blinded })
    byPhone.assertStatus(200)
  })

  test('the person: phone and/or ID hash, at least one, each valid → else 422 with the field', async ({
    client,
    assert,
  }) => {
    const { campaign, city } = await votingFixture()
    const { token } = await makeTerminal(city.id)
    const cases: [Record<string, string>, string, string][] = [
      [{}, 'idHash', 'person_required'],
      [{ personKey: 'bank-customer-1' }, 'idHash', 'person_required'],
      [{ idHash: 'not-hex' }, 'idHash', 'id_hash'],
      [{ idHash: 'ab'.repeat(8) }, 'idHash', 'id_hash'],
      [{ phone: '12' }, 'phone', 'phone'],
      [{ phone: '+79161234567', idHash: 'zz' }, 'idHash', 'id_hash'],
    ]
    for (const [person, field, rule] of cases) {
      const response = await client
        .post(url(campaign.id))
        .header('authorization', `Terminal ${token}`)
        .header('accept-language', 'ru')
        .json({ ...person, blinded: blindFor(campaign.id).blinded })
      response.assertStatus(422)
      assert.equal(response.body().error, 'validation_failed')
      const [detail] = response.body().details
      assert.deepInclude(detail, { field, rule }, JSON.stringify(person))
      assert.match(detail.message, /[а-я]/, 'localized')
    }
    assert.lengthOf(await db.from('credential_issuances').where('campaign_id', campaign.id), 0)
  })

  test('rate limited per terminal → 429 + Retry-After', async ({ client, assert }) => {
    const { campaign, city } = await votingFixture()
    const { terminal, token } = await makeTerminal(city.id)
    await setRateLimit(`credential:terminal:${terminal.id}`, 100_000, 60)
    const response = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json({ idHash: 'a1'.repeat(32), blinded: blindFor(campaign.id).blinded })
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
      .json({ idHash: 'a1'.repeat(32), blinded: blindFor(campaign.id).blinded })
    ok.assertStatus(200)

    await setRateLimit(rateLimitKey('credential:terminal-auth-failures', '127.0.0.1'), 19, 600)
    const wrong = await client
      .post(url(campaign.id))
      .header('authorization', 'Terminal guessed-token')
      .json({ idHash: 'a1'.repeat(32), blinded: blindFor(campaign.id).blinded })
    wrong.assertStatus(401)
    // The 20th failure exhausted the budget: even the right token is refused from this IP now.
    const refused = await client
      .post(url(campaign.id))
      .header('authorization', `Terminal ${token}`)
      .json({ idHash: 'a2'.repeat(32), blinded: blindFor(campaign.id).blinded })
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
      .json({ idHash: 'd0'.repeat(32), blinded: blindFor(campaign.id).blinded })
    response.assertStatus(200)
  })
})
