import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { withBrowser, appUrl, noHorizontalScroll, staffSignIn } from '#tests/helpers/browser'
import { createStaff } from '#tests/helpers/staff'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'
import { votingCampaign } from '#tests/helpers/outcomes'

/*
| Staff screens in a real browser on a phone, with the keyboard: the dashboard's to-dos lead to
| the moderation queue, whose compact rows expand one at a time and whose bulk hide works from
| the keyboard; the outcome comparison marks projects below the pot's minimum support in every
| rule's column.
*/
test.group('Staff UX in a real browser', (group) => {
  const browser = withBrowser(group)

  test('dashboard to-do → moderation queue: one row per idea, one open at a time, bulk hide by keyboard', async ({
    assert,
  }) => {
    const { campaign, author, city } = await ideasCampaign()
    const ideas = []
    for (const title of ['Benches by the river', 'Swings in the park', 'Buy my sofa']) {
      ideas.push(await makeIdea(campaign, author, { title, description: 'x'.repeat(600) }))
    }
    const moderator = await createStaff({ role: 'moderator', communityId: city.id })
    const page = await staffSignIn(browser(), moderator)

    const todo = page.getByRole('link', { name: `ideas to moderate in “${campaign.title.en}”` })
    await todo.waitFor()
    assert.equal(await page.locator('[data-todo="ideas_to_moderate"] .todo-count').innerText(), '3')
    await todo.click()
    await page.waitForURL(appUrl(`/staff/proposals/campaigns/${campaign.id}/moderation`))
    await page.getByRole('row').nth(3).waitFor()
    assert.equal(await page.locator('tr[data-idea]').count(), 3)
    assert.equal(await page.locator('.queue-details').count(), 0)
    assert.isTrue(await noHorizontalScroll(page))

    // expand with the keyboard; opening another closes the first
    const details = page.getByRole('button', { name: 'Details' })
    await details.nth(0).focus()
    await page.keyboard.press('Enter')
    assert.equal(await details.nth(0).getAttribute('aria-expanded'), 'true')
    assert.equal(await page.locator('.queue-details').count(), 1)
    await details.nth(1).focus()
    await page.keyboard.press('Enter')
    assert.equal(await details.nth(0).getAttribute('aria-expanded'), 'false')
    assert.equal(await page.locator('.queue-details').count(), 1)

    // select the spam idea with the keyboard and hide it with a reason
    const sofa = ideas[2]
    await page.getByLabel(`Select #${sofa.id}`).focus()
    await page.keyboard.press('Space')
    await page.getByText('1 selected (at most 100)').waitFor()
    await page.getByLabel('With the selected ideas').selectOption('hide')
    await page.getByLabel('Reason (required to hide; authors see it)').fill('Advertising')
    await page.getByRole('button', { name: 'Apply' }).press('Enter')
    await page.getByText('1 idea hidden').waitFor()
    await page.locator(`tr[data-idea="${sofa.id}"]`).waitFor({ state: 'detached' })
    const row = await db.from('ideas').where('id', sofa.id).first()
    assert.deepEqual([row.status, row.hidden_reason], ['hidden', 'Advertising'])
    assert.equal(await page.locator('tr[data-idea]').count(), 2)
    await page.context().close()
  }).timeout(120_000)

  test('the outcome comparison marks a project below the minimum support in every column', async ({
    assert,
  }) => {
    // 4 voters: p0 by all, p1 by one (equal shares would fund it), p2 by nobody (fits greedy)
    const fx = await votingCampaign([200_000, 200_000, 100_000], [[0, 1], [0], [0], [0]])
    await db.from('campaign_pots').where('id', fx.pot.id).update({ min_support: 2 })
    const observer = await createStaff({ role: 'observer', communityId: fx.campaign.communityId })
    const page = await staffSignIn(browser(), observer)
    await page.goto(appUrl(`/staff/campaigns/${fx.campaign.id}/outcome`))
    await page.getByText('minimum support', { exact: false }).first().waitFor()
    const cells = (projectIndex: number) =>
      page.locator('tbody tr').nth(projectIndex).locator('td[data-rule]')
    for (const index of [1, 2]) {
      const texts = await cells(index).allInnerTexts()
      assert.lengthOf(texts, 3)
      for (const text of texts) {
        assert.notInclude(text, '✓')
        assert.include(text.toLowerCase(), 'below')
      }
    }
    const funded = await cells(0).allInnerTexts()
    assert.deepEqual(
      funded.map((text) => text.trim()),
      ['✓ 1', '✓ 1', '✓ 1']
    )
    assert.isTrue(await noHorizontalScroll(page))
    await page.context().close()
  }).timeout(120_000)

  test('the comparison shows amounts in the currency’s own decimals (JPY 0, KWD 3)', async ({
    assert,
  }) => {
    for (const [currency, budget] of [
      ['JPY', '¥1,000,000'],
      ['KWD', 'KWD 1,000.000'],
    ] as const) {
      const fx = await votingCampaign([500_500, 499_000], [[0], [1]])
      fx.campaign.currency = currency
      await fx.campaign.save()
      const observer = await createStaff({
        role: 'observer',
        communityId: fx.campaign.communityId,
      })
      const page = await staffSignIn(browser(), observer)
      await page.goto(appUrl(`/staff/campaigns/${fx.campaign.id}/outcome`))
      const summary = page.locator('section.card p').filter({ hasText: 'minimum support' }).first()
      await summary.waitFor()
      // Intl puts a no-break space between the code and the number
      const text = await summary.innerText()
      assert.include(text.replaceAll('\u00a0', ' '), budget, currency)
      await page.context().close()
    }
  }).timeout(120_000)
})
