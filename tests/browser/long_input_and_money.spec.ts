/*
| Issue #17 items 1 and 2 in chromium: a resident's idea with a 3,000-character Russian
| description keeps its input and shows its errors; the cost is typed in roubles, refused with
| a message when it is not an amount (never rewritten), and stored in kopecks.
*/
import { test } from '@japa/runner'
import type { Browser } from 'playwright-core'
import Idea from '#proposals/models/idea'
import { launchBrowser, phonePage } from '#tests/helpers/browser'
import { ideasCampaign } from '#tests/helpers/proposals'
import { signIn, votePagePhone } from '#tests/helpers/vote_page'

const DESCRIPTION = 'Поставить скамейки и фонари вдоль пешеходной улицы у школы. '
  .repeat(60)
  .slice(0, 3000)

test.group('Idea form in a real browser: long input and money', (group) => {
  let browser: Browser
  group.setup(async () => {
    browser = await launchBrowser()
    return () => browser.close()
  })

  test('bad costs are refused in place; server errors keep 3,000 characters of input', async ({
    assert,
  }) => {
    const { campaign } = await ideasCampaign()
    const page = await phonePage(browser, 'en')
    page.setDefaultTimeout(30_000)
    const form = `/campaigns/${campaign.slug}/ideas/new`
    await signIn(page, votePagePhone(), form)
    const existing = await Idea.query().where('campaignId', campaign.id)
    const ideasBefore = existing.length

    const cost = page.getByLabel('Estimated cost')
    await page.getByText('In RUB, up to 2 decimal places, e.g. 1500000.50').waitFor()
    await page.getByLabel('Title').fill('Hi')
    await page.getByLabel('Description').fill(DESCRIPTION)
    const submit = page.getByRole('button', { name: 'Submit the idea' })

    for (const [typed, message] of [
      ['-5', 'The amount cannot be negative'],
      ['1e30', 'Enter the amount in digits, e.g. 1500000.50'],
      ['1500,505', 'RUB has at most 2 decimal places'],
      ['0', 'Enter an amount above zero'],
    ]) {
      await cost.fill(typed)
      await submit.click()
      await page.getByText(message).waitFor()
      assert.equal(await cost.inputValue(), typed, 'the typed amount is never rewritten')
    }
    assert.lengthOf(await Idea.query().where('campaignId', campaign.id), ideasBefore)

    // A valid cost: now the server answers, refusing the two-letter title.
    await cost.fill('1 500,50')
    await submit.click()
    await page.getByText('Must be at least 5 characters').waitFor()
    assert.equal(await page.getByLabel('Description').inputValue(), DESCRIPTION)
    assert.equal(await cost.inputValue(), '1 500,50')
    assert.equal(await page.getByLabel('Title').inputValue(), 'Hi')

    await page.getByLabel('Title').fill('Скамейки у школы')
    await submit.click()
    await page.waitForURL(/\/ideas\/\d+$/)
    const idea = await Idea.query()
      .where('campaignId', campaign.id)
      .where('title', 'Скамейки у школы')
      .firstOrFail()
    assert.equal(idea.estimatedCost, 150_050)
    assert.equal(idea.description, DESCRIPTION.trim())
    await page.context().close()
  })
})
