import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Campaign from '#campaigns/models/campaign'
import { withBrowser, appUrl, noHorizontalScroll, phone360 } from '#tests/helpers/browser'
import { createStaff, STAFF_PASSWORD } from '#tests/helpers/staff'
import { reviewCampaignWithProjects } from '#tests/helpers/ledger'

/*
| The staff report charts on a 360 px phone: every project's label is drawn inside the chart
| (wrapped, full title as tooltip), bars carry their values, and the channels pie labels only
| channels with ballots (no pile of "0" labels).
*/
test.group('Report charts at 360 px', (group) => {
  const browser = withBrowser(group)

  test('all project labels visible, values on the bars, no zero labels on the pie', async ({
    assert,
  }) => {
    const fx = await reviewCampaignWithProjects(7)
    for (const [i, project] of fx.projects.entries()) {
      // Wide letters too: Cyrillic lines of the same length need more room than Latin ones.
      project.title =
        i % 2 === 0
          ? `Benches and shade trees along the river embankment, section ${i + 1}`
          : `Широкий пешеходный мост через реку, участок ${i + 1}`
      await project.save()
    }
    const campaign = await Campaign.findOrFail(fx.campaign.id)
    campaign.stage = 'results'
    await campaign.save()
    const votes = [5, 3, 2, 1]
    await db.table('tally_projects').multiInsert(
      votes.map((n, i) => ({
        campaign_id: campaign.id,
        project_id: fx.projects[i].id,
        channel: 'online',
        votes: n,
        points: n,
      }))
    )
    await db.table('tally_hours').insert({
      campaign_id: campaign.id,
      hour: '2026-11-01T10:00:00Z',
      channel: 'online',
      ballots: 6,
    })

    const observer = await createStaff({ role: 'observer', communityId: campaign.communityId })
    const page = await phone360(browser())
    page.setDefaultTimeout(30_000)
    await page.goto(appUrl('/staff/login'))
    await page.getByLabel('Email').fill(observer.email)
    await page.getByLabel('Password').fill(STAFF_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(appUrl('/staff'))
    await page.goto(appUrl(`/staff/campaigns/${campaign.id}/reports`))

    const chart = page.locator('[data-report="projects"] figure.report-chart')
    await chart.locator('.wrapped-tick').nth(6).waitFor()
    assert.equal(await chart.locator('.wrapped-tick').count(), 7)
    const frame = (await chart.boundingBox())!
    for (const tick of await chart.locator('.wrapped-tick text').all()) {
      const box = (await tick.boundingBox())!
      assert.isAtLeast(box.x, frame.x, 'label starts inside the chart')
      assert.isAtMost(box.x + box.width, frame.x + frame.width, 'label ends inside the chart')
    }
    // the full title is each tick's tooltip
    assert.include(
      await chart.locator('.wrapped-tick title').first().textContent(),
      'river embankment, section 1'
    )
    const values = await chart.locator('.recharts-label-list text').allTextContents()
    assert.includeMembers(values, ['5', '3', '2', '1'])

    const pie = page.locator('[data-report="channels"] figure.report-chart')
    await pie.locator('.recharts-pie-sector').first().waitFor()
    assert.deepEqual(await pie.locator('.recharts-pie-label-text').allTextContents(), ['6'])
    assert.isTrue(await noHorizontalScroll(page))
    await page.context().close()
  }).timeout(120_000)
})
