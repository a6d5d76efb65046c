import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import CampaignPot from '#campaigns/models/campaign_pot'
import CampaignStageChange from '#campaigns/models/campaign_stage_change'
import savePot from '#campaigns/actions/save_pot'
import changeStage from '#campaigns/actions/change_stage'
import { advanceDueCampaigns } from '#campaigns/services/stage_scheduler'
import { at, makeCampaign, makeCity, makeStaff } from '#tests/helpers/campaigns'
import type { PotInput } from '#campaigns/validators/pot_validators'

/*
| Real concurrent transactions (no global test transaction here): the campaign row
| lock serialises competing commands. Rows are removed afterwards.
*/
test.group('Campaigns · concurrent commands', (group) => {
  const cleanup: (() => Promise<unknown>)[] = []
  group.each.teardown(async () => {
    while (cleanup.length > 0) await cleanup.pop()!()
  })

  async function fixture() {
    const { city, north, south, other } = await makeCity()
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id, { totalBudget: 1000 })
    cleanup.push(async () => {
      await db
        .from('audit_logs')
        .where('subject_type', 'campaign')
        .where('subject_id', String(campaign.id))
        .delete()
      await db.from('campaigns').where('id', campaign.id).delete()
      await db.from('staff_users').where('id', admin.id).delete()
      await db.from('communities').whereIn('id', [north.id, south.id]).delete()
      await db.from('communities').whereIn('id', [city.id, other.id]).delete()
    })
    const [pot] = await CampaignPot.query().where('campaignId', campaign.id)
    pot.budget = 400
    await pot.save()
    return { admin, campaign }
  }

  test('two admins adding pots at once cannot exceed the total budget', async ({ assert }) => {
    const { admin, campaign } = await fixture()
    const input: PotInput = {
      name: { en: 'Racing pot' },
      budget: 400,
      kind: 'size',
      rule: { kind: 'approval', minSelections: 1, maxSelections: 2 },
    }
    const actor = { type: 'staff' as const, id: admin.id }
    const results = await Promise.all([
      savePot(actor, campaign.id, null, input),
      savePot(actor, campaign.id, null, input),
      savePot(actor, campaign.id, null, input),
    ])
    assert.deepEqual(results.map((result) => result.outcome).sort(), ['invalid', 'invalid', 'ok'])
    const pots = await CampaignPot.query().where('campaignId', campaign.id)
    assert.equal(
      pots.reduce((sum, pot) => sum + pot.budget, 0),
      800
    )
  })

  test('a double-submitted stage change and the scheduler move the campaign once', async ({
    assert,
  }) => {
    const { admin, campaign } = await fixture()
    campaign.stage = 'ideas'
    campaign.reviewOpensAt = at('2020-01-01T00:00:00Z')
    await campaign.save()
    const actor = { type: 'staff' as const, id: admin.id }
    const [first, second, scheduled] = await Promise.all([
      changeStage(actor, campaign.id, { from: 'ideas', to: 'review' }),
      changeStage(actor, campaign.id, { from: 'ideas', to: 'review' }),
      advanceDueCampaigns(at('2027-01-01T00:00:00Z')),
    ])
    const okCount = [first, second].filter((result) => result.outcome === 'ok').length
    const scheduledMoves = scheduled.filter((move) => move.campaignId === campaign.id)
    assert.equal(okCount + scheduledMoves.length, 1, 'exactly one move')
    await campaign.refresh()
    assert.equal(campaign.stage, 'review')
    assert.lengthOf(await CampaignStageChange.query().where('campaignId', campaign.id), 1)
  })
})
