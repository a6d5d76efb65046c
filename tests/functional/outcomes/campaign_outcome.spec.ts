import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import changeStage from '#campaigns/actions/change_stage'
import Project from '#proposals/models/project'
import { configureLedger } from '#ledger/ledger'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import { cborDecode } from '@civic-budget/protocol/cbor'
import { tallyChoices, tallyHash } from '#outcomes/platform/tally_hash'
import { votingCampaign } from '#tests/helpers/outcomes'
import { makeStaff } from '#tests/helpers/campaigns'
import {
  reviewCampaignWithProjects,
  clearOutbox,
  openVoting,
  outboxRows,
} from '#tests/helpers/ledger'
import { decodeLedgerTx } from '@civic-budget/protocol/tx'
import { auditRows, staffRequest } from '#tests/helpers/staff'

const ADMIN_KEY = '11'.repeat(32)

async function enterResults(campaignId: number, adminId: number) {
  const result = await changeStage({ type: 'staff', id: adminId }, campaignId, {
    from: 'voting',
    to: 'results',
  })
  if (result.outcome !== 'ok') throw new Error(JSON.stringify(result))
}

function decodeOutcomeTx(payload: Buffer) {
  const tx = cborDecode(new Uint8Array(payload)) as unknown[]
  return { kind: tx[1], record: cborDecode(tx[2] as Uint8Array) as unknown[] }
}

test.group('Outcomes · the campaign outcome', (group) => {
  group.each.setup(async () => {
    configureLedger({ adminSecretKeyHex: ADMIN_KEY })
    await clearOutbox()
    return testUtils.db().withGlobalTransaction()
  })
  group.teardown(() => configureLedger({}))

  test('entering results runs the rule per pot, stores the outcome, funds the winners and queues the record', async ({
    assert,
  }) => {
    // Budget 1,000,000: greedy takes p0 (4 votes, 600,000), skips p1 (3 votes, 500,000: no room),
    // takes p2 (2 votes, 300,000); p3 (0 votes, 100,000) would fit but is below the pot's minimum
    // support (default 1 vote): nobody voted for it, so it is not funded.
    const fx = await votingCampaign(
      [600_000, 500_000, 300_000, 100_000],
      [
        [0, 1],
        [0, 1],
        [0, 1, 2],
        [0, 2],
      ]
    )
    await enterResults(fx.campaign.id, fx.admin.id)

    const row = await db
      .from('campaign_outcomes')
      .where('campaign_id', fx.campaign.id)
      .firstOrFail()
    assert.equal(row.rule, 'greedy')
    const [pot] = row.pots
    assert.deepEqual(
      pot.selected.map((s: { projectId: number }) => s.projectId),
      [fx.ids[0], fx.ids[2]]
    )
    assert.deepInclude(pot.skipped, { projectId: fx.ids[1], reason: 'over_budget' })
    assert.deepInclude(pot.skipped, { projectId: fx.ids[3], reason: 'below_min_score' })
    assert.equal(pot.minSupport, 1)
    assert.equal(row.tally_hash, tallyHash(fx.campaign.id, tallyChoices(fx.ids, fx.choiceSets)))
    assert.isNotNull(row.published_at)

    const funded = await Project.query().where('campaignId', fx.campaign.id).where('funded', true)
    assert.sameMembers(
      funded.map((p) => p.id),
      [fx.ids[0], fx.ids[2]]
    )
    assert.lengthOf(await db.from('project_implementation').whereIn('project_id', fx.ids), 2)

    const queued = await outboxRows()
    const outcomeRows = queued.filter((r) => r.kind === 'outcome')
    assert.lengthOf(outcomeRows, 1)
    assert.equal(outcomeRows[0].tx_hash, row.ledger_tx_hash)
    const { kind, record } = decodeOutcomeTx(outcomeRows[0].payload)
    assert.equal(kind, 'outcome')
    assert.deepEqual(record.slice(0, 3), [1, fx.campaign.id, 'greedy'])
    assert.equal(bytesToHex(record[3] as Uint8Array), row.tally_hash)
    assert.deepEqual(record[4], [[fx.pot.id, [fx.ids[0], fx.ids[2]]]])
    assert.equal(record[5], '')
    assert.lengthOf(
      await auditRows('outcome.published', { type: 'campaign', id: fx.campaign.id }),
      1
    )
  })

  test('equal shares: the campaign rule decides, with ρ kept per selection', async ({ assert }) => {
    // 4 voters, budget 1,000,000 (250,000 each). p0 (600,000) by all four; p1 (500,000) by voters 0,1.
    const fx = await votingCampaign([600_000, 500_000], [[0, 1], [0, 1], [0], [0]])
    fx.campaign.outcomeRule = 'equal_shares'
    await fx.campaign.save()
    await enterResults(fx.campaign.id, fx.admin.id)
    const row = await db
      .from('campaign_outcomes')
      .where('campaign_id', fx.campaign.id)
      .firstOrFail()
    assert.equal(row.rule, 'equal_shares')
    // p0 costs 150,000 each (ρ = 1/4); voters 0 and 1 then hold 100,000 each < 500,000: p1 is out.
    assert.deepEqual(
      row.pots[0].selected.map((s: { projectId: number }) => s.projectId),
      [fx.ids[0]]
    )
    assert.equal(row.pots[0].selected[0].rho, '0.25')
    assert.deepInclude(row.pots[0].skipped, { projectId: fx.ids[1], reason: 'not_affordable' })
  })

  test('observers compare rules side by side; an admin overrides with a reason (required), audited and on the ledger', async ({
    client,
    assert,
  }) => {
    const fx = await votingCampaign(
      [600_000, 500_000, 300_000],
      [
        [0, 1],
        [0, 1],
        [0, 1, 2],
        [0, 2],
      ]
    )
    await enterResults(fx.campaign.id, fx.admin.id)
    const observer = await makeStaff('observer', fx.campaign.communityId)
    const page = await staffRequest(
      client,
      'get',
      `/staff/campaigns/${fx.campaign.id}/outcome`,
      observer
    ).withInertia()
    assert.equal(page.status(), 200)
    const pots = page.inertiaProps.pots as {
      rules: { rule: string; selected: { projectId: number }[] }[]
    }[]
    assert.deepEqual(
      pots[0].rules.map((r) => r.rule),
      ['greedy', 'equal_shares', 'equal_shares_add1']
    )
    assert.isFalse(page.inertiaProps.canOverride as boolean)

    const url = `/staff/campaigns/${fx.campaign.id}/outcome/override`
    const body = { reason: '', pots: [{ potId: fx.pot.id, projectIds: [fx.ids[2], fx.ids[1]] }] }
    const refused = await staffRequest(client, 'post', url, observer)
      .json({ ...body, reason: 'A long enough reason' })
      .accept('json')
    assert.equal(refused.status(), 403)
    const noReason = await staffRequest(client, 'post', url, fx.admin).json(body).accept('json')
    assert.equal(noReason.status(), 422)
    const foreign = await staffRequest(client, 'post', url, fx.admin)
      .json({
        reason: 'Council decision 12/2026',
        pots: [{ potId: fx.pot.id, projectIds: [999999] }],
      })
      .accept('json')
    assert.equal(foreign.status(), 422)
    const before = await db
      .from('campaign_outcomes')
      .where('campaign_id', fx.campaign.id)
      .firstOrFail()
    assert.isNull(before.override_reason)

    const reason = 'Council decision 12/2026: the school roof is urgent'
    const ok = await staffRequest(client, 'post', url, fx.admin)
      .json({ ...body, reason })
      .accept('json')
    assert.equal(ok.status(), 200)
    const row = await db
      .from('campaign_outcomes')
      .where('campaign_id', fx.campaign.id)
      .firstOrFail()
    assert.equal(row.override_reason, reason)
    assert.equal(row.overridden_by, fx.admin.id)
    assert.deepEqual(
      row.pots[0].selected.map((s: { projectId: number }) => s.projectId),
      [fx.ids[2], fx.ids[1]]
    )
    const funded = await Project.query().where('campaignId', fx.campaign.id).where('funded', true)
    assert.sameMembers(
      funded.map((p) => p.id),
      [fx.ids[1], fx.ids[2]]
    )
    const [audited] = await auditRows('outcome.overridden', {
      type: 'campaign',
      id: fx.campaign.id,
    })
    assert.equal(audited.actor_id, fx.admin.id)
    const queuedAll = await outboxRows()
    const records = queuedAll.filter((r) => r.kind === 'outcome')
    assert.lengthOf(records, 2)
    // The record lists the selected ids ascending (the replicas' order), not in the admin's order.
    const { record } = decodeOutcomeTx(records[1].payload)
    assert.deepEqual(record[4], [[fx.pot.id, [fx.ids[1], fx.ids[2]]]])
    assert.equal(record[5], reason)
  })

  test('the comparison’s greedy column funds no project below the pot’s minimum support (default 1 vote)', async ({
    client,
    assert,
  }) => {
    // Budget 1,000,000: project 0 (2 votes), 1 (no votes, fits), 2 (1 vote).
    const fx = await votingCampaign([400_000, 100_000, 300_000], [[0], [0, 2]])
    await enterResults(fx.campaign.id, fx.admin.id)
    const greedyOf = async () => {
      const page = await staffRequest(
        client,
        'get',
        `/staff/campaigns/${fx.campaign.id}/outcome`,
        fx.admin
      ).withInertia()
      page.assertStatus(200)
      const [pot] = page.inertiaProps.pots as {
        minSupport: number
        rules: {
          rule: string
          selected: { projectId: number }[]
          skipped: { projectId: number; reason: string }[]
        }[]
      }[]
      const greedy = pot.rules.find((r) => r.rule === 'greedy')!
      return { minSupport: pot.minSupport, greedy }
    }

    const byDefault = await greedyOf()
    assert.equal(byDefault.minSupport, 1)
    assert.deepEqual(
      byDefault.greedy.selected.map((s) => s.projectId),
      [fx.ids[0], fx.ids[2]]
    )
    assert.deepInclude(byDefault.greedy.skipped, {
      projectId: fx.ids[1],
      reason: 'below_min_score',
    })

    await db.from('campaign_pots').where('id', fx.pot.id).update({ min_support: 2 })
    const two = await greedyOf()
    assert.deepEqual(
      two.greedy.selected.map((s) => s.projectId),
      [fx.ids[0]]
    )

    await db.from('campaign_pots').where('id', fx.pot.id).update({ min_support: 0 })
    const off = await greedyOf()
    assert.sameMembers(
      off.greedy.selected.map((s) => s.projectId),
      fx.ids
    )
  })

  test('every rule and the published outcome leave out projects below the pot’s minimum support', async ({
    client,
    assert,
  }) => {
    // 4 voters, budget 1,000,000 (250,000 each). p0 (200,000) by all four: ρ 1/4; then p1
    // (200,000) by voter 0 alone, who still holds 200,000: equal shares funds it — with 1 vote.
    const fx = await votingCampaign([200_000, 200_000], [[0, 1], [0], [0], [0]])
    fx.campaign.outcomeRule = 'equal_shares'
    await fx.campaign.save()
    await db.from('campaign_pots').where('id', fx.pot.id).update({ min_support: 2 })

    const page = await staffRequest(
      client,
      'get',
      `/staff/campaigns/${fx.campaign.id}/outcome`,
      fx.admin
    ).withInertia()
    page.assertStatus(200)
    const [pot] = page.inertiaProps.pots as {
      minSupport: number
      rules: {
        rule: string
        minSupport: number
        selected: { projectId: number }[]
        skipped: { projectId: number; reason: string }[]
      }[]
    }[]
    assert.equal(pot.minSupport, 2)
    assert.deepEqual(
      pot.rules.map((r) => r.rule),
      ['greedy', 'equal_shares', 'equal_shares_add1']
    )
    for (const column of pot.rules) {
      assert.deepEqual(
        column.selected.map((s) => s.projectId),
        [fx.ids[0]],
        column.rule
      )
      assert.deepInclude(column.skipped, { projectId: fx.ids[1], reason: 'below_min_score' })
      assert.equal(column.minSupport, 2)
    }

    await enterResults(fx.campaign.id, fx.admin.id)
    const row = await db
      .from('campaign_outcomes')
      .where('campaign_id', fx.campaign.id)
      .firstOrFail()
    assert.deepEqual(
      row.pots[0].selected.map((s: { projectId: number }) => s.projectId),
      [fx.ids[0]]
    )
    const funded = await Project.query().where('campaignId', fx.campaign.id).where('funded', true)
    assert.deepEqual(
      funded.map((p) => p.id),
      [fx.ids[0]]
    )
    const queuedRows = await outboxRows()
    const [queued] = queuedRows.filter((r) => r.kind === 'outcome')
    assert.deepEqual(decodeOutcomeTx(queued.payload).record[4], [[fx.pot.id, [fx.ids[0]]]])

    // without the minimum, the same ballots fund the 1-vote project
    await db.from('campaign_pots').where('id', fx.pot.id).update({ min_support: 0 })
    const off = await staffRequest(
      client,
      'get',
      `/staff/campaigns/${fx.campaign.id}/outcome`,
      fx.admin
    ).withInertia()
    const [offPot] = off.inertiaProps.pots as (typeof pot)[]
    const mes = offPot.rules.find((r) => r.rule === 'equal_shares')!
    assert.deepEqual(
      mes.selected.map((s) => s.projectId),
      [fx.ids[0], fx.ids[1]]
    )
  })

  // [currency, endowment of the kept run in currency units, its step k]; dividing every currency by
  // 100 would give 5001 for JPY and 5005 / k 5 for KWD.
  for (const [currency, endowment, step] of [
    ['JPY', '500001', 1],
    ['KWD', '501', 1],
    ['RUB', '5005', 5],
  ] as const) {
    test(`equal shares with add-one counts whole units of the currency: ${currency}`, async ({
      assert,
    }) => {
      // Budget 1,000,000 minor units, 2 voters. p0 costs 500,500 minor units (voter 0), p1 499,000
      // (voter 1). Plain equal shares funds p1 only; k more currency units each fund both (KWD:
      // 1 dinar = 1,000 fils is enough; RUB: 5 roubles).
      const fx = await votingCampaign([500_500, 499_000], [[0], [1]])
      if (currency === 'JPY') {
        // 0 decimals: p0 500,001 yen, so that 1 yen more than B / n = 500,000 pays for it.
        await Project.query().where('id', fx.ids[0]).update({ cost: 500_001 })
      }
      fx.campaign.currency = currency
      fx.campaign.outcomeRule = 'equal_shares_add1'
      await fx.campaign.save()
      await enterResults(fx.campaign.id, fx.admin.id)
      const row = await db
        .from('campaign_outcomes')
        .where('campaign_id', fx.campaign.id)
        .firstOrFail()
      const [pot] = row.pots
      assert.sameMembers(
        pot.selected.map((s: { projectId: number }) => s.projectId),
        fx.ids
      )
      // the endowment is in whole currency units: floor(B / n) + k
      assert.equal(pot.endowment, endowment)
      assert.equal(pot.completionStep, step)
      assert.equal(pot.totalCost, (currency === 'JPY' ? 500_001 : 500_500) + 499_000)
      assert.equal(pot.budget, 1_000_000)
    })
  }

  test('the campaign record carries each pot’s minimum support and the currency’s decimals', async ({
    assert,
  }) => {
    for (const [currency, digits, minSupport] of [
      ['KWD', 3, 3],
      ['JPY', 0, 1],
      ['RUB', undefined, 0],
    ] as const) {
      await clearOutbox()
      const fx = await reviewCampaignWithProjects(2)
      fx.campaign.currency = currency
      await fx.campaign.save()
      await db.from('campaign_pots').where('id', fx.pot.id).update({ min_support: minSupport })
      await openVoting(fx.campaign.id, fx.admin.id)
      const rows = await outboxRows()
      const [row] = rows.filter((r) => r.kind === 'campaign')
      const tx = decodeLedgerTx(new Uint8Array(row.payload))
      if (tx.kind !== 'campaign') throw new Error('not a campaign tx')
      assert.equal(tx.campaign.minorDigits, digits, currency)
      assert.equal(tx.campaign.pots[0].minSupport, minSupport || undefined, currency)
    }
  })

  test('no override before results', async ({ client, assert }) => {
    const fx = await votingCampaign([600_000], [[0]])
    const response = await staffRequest(
      client,
      'post',
      `/staff/campaigns/${fx.campaign.id}/outcome/override`,
      fx.admin
    )
      .json({ reason: 'Council decision 12/2026', pots: [{ potId: fx.pot.id, projectIds: [] }] })
      .accept('json')
    assert.equal(response.status(), 409)
    assert.isNull(await db.from('campaign_outcomes').where('campaign_id', fx.campaign.id).first())
  })
})
