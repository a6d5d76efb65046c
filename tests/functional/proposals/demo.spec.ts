import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import Community from '#communities/models/community'
import { seedDemoCampaign } from '#campaigns/demo_campaign'
import { seedDemoIdeas } from '#proposals/demo_ideas'

test.group('Proposals · demo ideas', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a dozen ideas with supports, seeded once', async ({ assert }) => {
    const city = await Community.firstOrCreate(
      { code: 'riverside' },
      { name: 'Riverside', kind: 'city', parentId: null, population: 1000 }
    )
    await Community.firstOrCreate(
      { code: 'riverside-harbour' },
      { name: 'Harbour', kind: 'district', parentId: city.id, population: 500 }
    )
    for (let run = 0; run < 2; run++) {
      await db.transaction(async (trx) => {
        const campaign = await seedDemoCampaign(city.id, trx)
        await seedDemoIdeas(campaign, trx)
      })
    }
    const campaign = await db.from('campaigns').where('slug', 'riverside-2027').first()
    const ideas = await db.from('ideas').where('campaign_id', campaign.id)
    assert.lengthOf(ideas, 12)
    assert.sameMembers([...new Set(ideas.map((idea) => idea.locale))], ['en', 'ru', 'uk'])
    for (const idea of ideas) {
      const [row] = await db
        .from('idea_supports')
        .where('idea_id', idea.id)
        .whereNull('withdrawn_at')
        .count('* as total')
      assert.equal(Number(row.total), idea.support_count)
      assert.equal(
        idea.status,
        idea.support_count >= campaign.support_threshold ? 'in_review' : 'published'
      )
    }
  })
})
