import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import Campaign from '#campaigns/models/campaign'
import CampaignPot from '#campaigns/models/campaign_pot'
import CampaignCategory from '#campaigns/models/campaign_category'
import { seedDemoCampaign, DEMO_CAMPAIGN_SLUG } from '#campaigns/demo_campaign'
import { makeCity } from '#tests/helpers/campaigns'

function flatKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([key, inner]) =>
    flatKeys(inner, prefix ? `${prefix}.${key}` : key)
  )
}

test.group('Campaigns · demo data and translations', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the demo campaign "Riverside 2027" is seeded once, in ideas, with two pots', async ({
    assert,
  }) => {
    const { city } = await makeCity()
    await db.transaction((trx) => seedDemoCampaign(city.id, trx))
    await db.transaction((trx) => seedDemoCampaign(city.id, trx))
    const campaigns = await Campaign.query().where('slug', DEMO_CAMPAIGN_SLUG)
    assert.lengthOf(campaigns, 1)
    const [campaign] = campaigns
    assert.equal(campaign.stage, 'ideas')
    const pots = await CampaignPot.query().where('campaignId', campaign.id).orderBy('position')
    assert.deepEqual(
      pots.map((pot) => pot.name.en),
      ['Large projects', 'Small projects']
    )
    assert.isAtMost(
      pots.reduce((sum, pot) => sum + pot.budget, 0),
      campaign.totalBudget
    )
    const categories = await CampaignCategory.query().where('campaignId', campaign.id)
    assert.isAbove(categories.length, 0)
  })

  test('en, ru and uk have the same campaign messages', async ({ assert }) => {
    for (const file of [
      'ui/campaigns.json',
      'campaigns.json',
      'validator/shared/messages/campaigns.json',
    ]) {
      const keys: Record<string, string[]> = {}
      for (const locale of ['en', 'ru', 'uk']) {
        const text = await readFile(app.languageFilesPath(locale, file), 'utf8')
        keys[locale] = flatKeys(JSON.parse(text)).sort()
      }
      assert.deepEqual(keys.ru, keys.en, `ru/${file}`)
      assert.deepEqual(keys.uk, keys.en, `uk/${file}`)
    }
  })
})
