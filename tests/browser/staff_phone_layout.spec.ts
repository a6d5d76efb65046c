/*
| Staff screens on a phone (found by eye with bin/screenshots.js, issue #17): a wide table
| scrolls inside its own region and never widens the page (the communities table's hidden
| row-action labels once did, and the Russian queue links of /staff/proposals), and names and
| titles in tables (terminals, the moderation queue) wrap by words, not by letters.
*/
import { test } from '@japa/runner'
import { appUrl, noHorizontalScroll, staffSignIn, withBrowser } from '#tests/helpers/browser'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'
import { createStaff } from '#tests/helpers/staff'
import { makeTerminal } from '#tests/helpers/voting'

test.group('Staff screens on a phone', (group) => {
  const browser = withBrowser(group)

  test('wide tables scroll in their region; queue titles wrap by words', async ({ assert }) => {
    const { campaign, city, author } = await ideasCampaign()
    const title = 'Пандус и лифт в поликлинике на Северном холме'
    await makeIdea(campaign, author, { title, locale: 'ru' })
    await makeIdea(campaign, author, { status: 'in_review' })
    await makeTerminal(city.id, 'Kiosk in the Riverside library')
    const admin = await createStaff({ role: 'admin', communityId: city.id })
    const page = await staffSignIn(browser(), admin)
    page.setDefaultTimeout(60_000)
    await page.setViewportSize({ width: 360, height: 740 })

    for (const path of ['/staff/communities', '/staff/members', '/staff/audit']) {
      await page.goto(appUrl(path))
      await page.locator('table').first().waitFor()
      assert.isTrue(await noHorizontalScroll(page), path)
    }

    // A terminal's name wraps by words, like the queue's titles below.
    await page.goto(appUrl('/staff/terminals'))
    const name = page.locator('td', { hasText: 'Kiosk in the Riverside library' })
    assert.isAtLeast((await name.boundingBox())!.width, 120)

    // Russian labels are longer: the campaigns' queue links once pushed the page sideways.
    await page.goto(appUrl('/locale/ru'))
    await page.goto(appUrl('/staff/proposals'))
    await page.getByRole('link', { name: 'Модерация' }).first().waitFor()
    assert.isTrue(await noHorizontalScroll(page), '/staff/proposals in Russian')

    await page.goto(appUrl(`/staff/proposals/campaigns/${campaign.id}/moderation`))
    const cell = page.locator('.queue-title', { hasText: 'Пандус' })
    const box = await cell.boundingBox()
    // 8em at 16 px: long words such as "поликлинике" stay whole.
    assert.isAtLeast(box!.width, 120)
    assert.isTrue(await noHorizontalScroll(page))
    await page.context().close()
  }).timeout(300_000)
})
