import { readFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import Campaign from '#campaigns/models/campaign'
import { parsePabulib } from '#outcomes/pabulib/parse'
import { selectedColumn } from '#outcomes/pabulib/pabulib_file'
import { computeOutcome } from '#outcomes/compute_outcome'
import { makeCity, makeStaff } from '#tests/helpers/campaigns'
import { auditRows, staffRequest } from '#tests/helpers/staff'
import {
  SMALL_PABULIB_FILES,
  importThroughRoute,
  importedState,
  pabulibPath,
  statusOf,
} from '#tests/helpers/outcomes'

/** A vote as a comparable string (ordinal keeps its order; others are sets). */
function voteKey(projects: string[], points: string[] | undefined, ordered: boolean) {
  const pairs = projects.map((p, i) => `${p}:${points?.[i] ?? ''}`)
  return (ordered ? pairs : [...new Set(pairs)].sort()).join(',')
}

test.group('Outcomes · Pabulib import and export', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  for (const name of SMALL_PABULIB_FILES) {
    test(`round trip: import → export → parse gives the same projects, votes and outcome (${name})`, async ({
      client,
      assert,
    }) => {
      const { city } = await makeCity()
      const admin = await makeStaff('admin', city.id)
      const imported = await importThroughRoute(client, admin, city.id, name)
      assert.equal(imported.status(), 201, JSON.stringify(imported.body()))
      const campaignId = imported.body().campaignId
      const campaign = await Campaign.findOrFail(campaignId)
      assert.equal(campaign.stage, 'finished')

      const exported = await staffRequest(
        client,
        'get',
        `/staff/campaigns/${campaignId}/export.pb`,
        admin
      )
      assert.equal(exported.status(), 200)
      const original = parsePabulib(await readFile(pabulibPath(name), 'utf8'))
      const roundTrip = parsePabulib(exported.text())

      assert.equal(roundTrip.voteType, original.voteType)
      assert.isTrue(roundTrip.budget.eq(original.budget))
      // Names come back when the file had them (otherwise the export names them "Project <id>").
      const named = original.projectColumns.includes('name')
      assert.deepEqual(
        roundTrip.projects.map((p) => [p.id, p.cost.toString(), named ? p.fields.name : '']),
        original.projects.map((p) => [p.id, p.cost.toString(), named ? p.fields.name.trim() : ''])
      )
      const ordered = original.voteType === 'ordinal'
      const keys = (file: typeof original) =>
        file.votes.map((v) => voteKey(v.projects, v.points?.map(String), ordered)).sort()
      assert.deepEqual(keys(roundTrip), keys(original))
      // Voter ids are pseudonymous 1..n.
      assert.deepEqual(
        roundTrip.votes.map((v) => v.voterId),
        roundTrip.votes.map((_, i) => String(i + 1))
      )
      const rules = [
        'greedy',
        ...(['approval', 'choose-1'].includes(original.voteType) ? ['equal-shares'] : []),
      ]
      for (const rule of rules) {
        assert.deepEqual(computeOutcome(roundTrip, rule), computeOutcome(original, rule), rule)
      }
      // `selected` = what the city funded (the file's column when it has one).
      const citySelection = selectedColumn(original)
      const funded = await db
        .from('projects')
        .where('campaign_id', campaignId)
        .where('funded', true)
        .select('external_id')
      const expected = citySelection ?? computeOutcome(original, 'greedy').selected
      assert.sameMembers(
        funded.map((r) => r.external_id),
        expected
      )
      assert.sameMembers(selectedColumn(roundTrip) ?? [], expected)
    })
  }

  test('the import keeps the tallies and the outcome with its tally hash; audited', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin', city.id)
    const name = 'US_Stanford_Dataset_PB_Vallejo_2018_vote_approvals.pb'
    const response = await importThroughRoute(client, admin, city.id, name)
    const campaignId = response.body().campaignId
    const file = parsePabulib(await readFile(pabulibPath(name), 'utf8'))
    const tallies = await db
      .from('tally_projects')
      .join('projects', 'projects.id', 'tally_projects.project_id')
      .where('tally_projects.campaign_id', campaignId)
      .select('projects.external_id', 'tally_projects.votes', 'tally_projects.channel')
    for (const project of file.projects) {
      const votes = file.votes.filter((v) => v.projects.includes(project.id)).length
      const row = tallies.find((t) => t.external_id === project.id)
      assert.equal(row?.votes, votes, project.id)
      assert.equal(row?.channel, 'import')
    }
    const outcome = await db
      .from('campaign_outcomes')
      .where('campaign_id', campaignId)
      .firstOrFail()
    assert.match(outcome.tally_hash, /^[0-9a-f]{64}$/)
    assert.isNull(outcome.ledger_tx_hash)
    assert.isNotNull(outcome.published_at)
    assert.lengthOf(await auditRows('campaign.imported', { type: 'campaign', id: campaignId }), 1)
    const records = await db.from('ballot_records').where('campaign_id', campaignId).count('* as n')
    assert.equal(Number(records[0].n), file.votes.length)
  })

  test('a Poznań file naming its district gets a district pot when the community has it', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const district = await db
      .table('communities')
      .insert({
        code: `stare-${Date.now()}`,
        name: '9 - Stare Miasto',
        kind: 'district',
        parent_id: city.id,
        population: 100,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
    const admin = await makeStaff('admin', city.id)
    const response = await importThroughRoute(
      client,
      admin,
      city.id,
      'Poland_Poznan_2023_9_-_Stare_Miasto.pb'
    )
    const pot = await db
      .from('campaign_pots')
      .where('campaign_id', response.body().campaignId)
      .firstOrFail()
    assert.equal(pot.kind, 'district')
    assert.equal(pot.district_id, district[0].id)
  })

  test('a malformed file is refused with 422 naming the line; nothing is written', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin', city.id)
    const before = await importedState()
    const contents =
      'META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;abc\nVOTES\nvoter_id;vote\n1;1\n'
    const response = await importThroughRoute(client, admin, city.id, { name: 'bad.pb', contents })
    assert.equal(response.status(), 422)
    const message = JSON.stringify(response.body())
    assert.include(message, 'line 7')
    assert.deepEqual(await importedState(), before)

    const unknown =
      'META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;10\nVOTES\nvoter_id;vote\n1;2\n'
    const second = await importThroughRoute(client, admin, city.id, {
      name: 'unknown.pb',
      contents: unknown,
    })
    assert.equal(second.status(), 422)
    assert.deepEqual(await importedState(), before)
  })

  test('amounts follow the file’s currency: yen and fils are whole minor units, the outcome comes back', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin', city.id)
    const file = (currency: string, costs: string[]) =>
      [
        'META',
        'key;value',
        'budget;1000',
        'vote_type;approval',
        `currency;${currency}`,
        'PROJECTS',
        'project_id;cost',
        ...costs.map((cost, i) => `${i + 1};${cost}`),
        'VOTES',
        'voter_id;vote',
        '1;1,2',
        '2;1',
        '',
      ].join('\n')
    const imported = async (currency: string, costs: string[]) => {
      const response = await importThroughRoute(client, admin, city.id, {
        name: `${currency.toLowerCase()}.pb`,
        contents: file(currency, costs),
      })
      assert.equal(response.status(), 201, JSON.stringify(response.body()))
      const campaignId = response.body().campaignId
      const projects = await db
        .from('projects')
        .where('campaign_id', campaignId)
        .orderBy('external_id')
        .select('cost', 'funded')
      const [pot] = await db.from('campaign_pots').where('campaign_id', campaignId)
      return { campaignId, projects, pot }
    }
    // JPY: 0 decimals — 600 yen is stored as 600, not 60,000
    const jpy = await imported('JPY', ['600', '300', '50'])
    assert.deepEqual(
      jpy.projects.map((p) => Number(p.cost)),
      [600, 300, 50]
    )
    assert.equal(Number(jpy.pot.budget), 1000)
    // the file's rule has no support threshold: project 3 (nobody's choice) is funded as greedy does
    assert.equal(jpy.pot.min_support, 0)
    assert.deepEqual(
      jpy.projects.map((p) => p.funded),
      [true, true, true]
    )
    // KWD: 3 decimals
    const kwd = await imported('KWD', ['600.125', '300', '99.875'])
    assert.deepEqual(
      kwd.projects.map((p) => Number(p.cost)),
      [600_125, 300_000, 99_875]
    )
    const exported = await staffRequest(
      client,
      'get',
      `/staff/campaigns/${kwd.campaignId}/export.pb`,
      admin
    )
    assert.include(exported.text(), '1;600.125;')

    // half a yen is not an amount
    const before = await importedState()
    const refused = await importThroughRoute(client, admin, city.id, {
      name: 'half-yen.pb',
      contents: file('JPY', ['600.5', '300', '50']),
    })
    assert.equal(refused.status(), 422)
    assert.include(JSON.stringify(refused.body()), 'whole minor units of JPY')
    assert.deepEqual(await importedState(), before)
  })

  test('observers export but do not import; other communities get 403; signed out goes to sign-in', async ({
    client,
    assert,
  }) => {
    const { city, other } = await makeCity()
    const admin = await makeStaff('admin', city.id)
    const response = await importThroughRoute(
      client,
      admin,
      city.id,
      'Hungary_Budapest_2022_VIII_Jozsefvaros.pb'
    )
    const campaignId = response.body().campaignId
    const observer = await makeStaff('observer', city.id)
    const moderator = await makeStaff('moderator', city.id)
    const outsider = await makeStaff('admin', other.id)
    const url = `/staff/campaigns/${campaignId}/export.pb`
    assert.equal(await statusOf(staffRequest(client, 'get', url, observer)), 200)
    assert.equal(await statusOf(staffRequest(client, 'get', url, moderator)), 403)
    assert.equal(await statusOf(staffRequest(client, 'get', url, outsider)), 403)
    assert.equal(await statusOf(staffRequest(client, 'get', url)), 302)
    const before = await importedState()
    const name = 'US_Stanford_Dataset_PB_Oakland_2017_District_1_vote_approvals.pb'
    assert.equal(await statusOf(importThroughRoute(client, observer, city.id, name)), 403)
    assert.equal(await statusOf(importThroughRoute(client, outsider, city.id, name)), 403)
    assert.deepEqual(await importedState(), before)
  })

  test('the export is refused while voting is open and live results are hidden', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin', city.id)
    const response = await importThroughRoute(
      client,
      admin,
      city.id,
      'Hungary_Budapest_2022_VIII_Jozsefvaros.pb'
    )
    const campaign = await Campaign.findOrFail(response.body().campaignId)
    campaign.merge({ stage: 'voting', liveResultsPublic: false })
    await campaign.save()
    const hidden = await staffRequest(
      client,
      'get',
      `/staff/campaigns/${campaign.id}/export.pb`,
      admin
    )
    assert.equal(hidden.status(), 409)
    assert.equal(hidden.body().error, 'counts_hidden')
    campaign.liveResultsPublic = true
    await campaign.save()
    assert.equal(
      await statusOf(
        staffRequest(client, 'get', `/staff/campaigns/${campaign.id}/export.pb`, admin)
      ),
      200
    )
  })
})
