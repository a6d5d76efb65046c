/*
| Issue #17 item 2 on the staff screens in chromium: one money model. The campaign budget, the
| expert's estimate and the ballot's final cost are typed in the campaign currency's units (its
| own decimals), refused with a message — never rewritten — when negative, in exponent form or
| too precise, and stored in minor units. An unknown currency code is refused; a Cyrillic
| title with markup gets a transliterated slug. (The resident's idea cost:
| long_input_and_money.spec.ts; amounts shown in JPY and KWD: staff_ux.spec.ts.)
*/
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import db from '@adonisjs/lucid/services/db'
import Campaign from '#campaigns/models/campaign'
import Idea from '#proposals/models/idea'
import Project from '#proposals/models/project'
import { appUrl, staffSignIn, withBrowser } from '#tests/helpers/browser'
import { makeCity } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'
import { createStaff } from '#tests/helpers/staff'

/** Types each refused amount into `field`, submits, and expects its message with the input kept. */
async function refusesAmounts(
  page: Page,
  label: string,
  submit: string,
  cases: [typed: string, message: string][]
) {
  const field = page.getByLabel(label)
  for (const [typed, message] of cases) {
    await field.fill(typed)
    await page.getByRole('button', { name: submit }).click()
    await page.getByText(message, { exact: true }).waitFor()
    if ((await field.inputValue()) !== typed) throw new Error(`${label}: "${typed}" was rewritten`)
  }
}

/** Polls the database until `read` finds something (the page answers before it is read). */
async function until<T>(read: () => Promise<T | null>): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await read()
    if (value) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('timed out waiting for the database')
}

async function campaignCount(): Promise<number> {
  const [row] = await db.from('campaigns').count('* as total')
  return Number(row.total)
}

test.group('Staff amounts and slugs in a real browser', (group) => {
  const browser = withBrowser(group)

  test('campaign create: the budget in currency units, an unknown currency refused, a Cyrillic slug', async ({
    assert,
  }) => {
    const { city } = await makeCity()
    const admin = await createStaff({ role: 'admin', communityId: city.id })
    const page = await staffSignIn(browser(), admin)
    await page.goto(appUrl('/staff/campaigns/create'))
    await page.getByLabel('Community').selectOption({ label: city.name })
    await page
      .getByRole('group', { name: 'Title' })
      .getByLabel(/^English/)
      .fill(`<b>Бюджет</b> Львова ${city.id}`)
    await page.getByLabel('Currency (ISO code)').fill('UAH')
    await page.getByText('In UAH, up to 2 decimal places, e.g. 1500000.50').waitFor()
    const campaignsBefore = await campaignCount()

    await refusesAmounts(page, 'Total budget', 'Next step', [
      ['-5', 'The amount cannot be negative'],
      ['1e30', 'Enter the amount in digits, e.g. 1500000.50'],
      ['100.505', 'UAH has at most 2 decimal places'],
    ])

    // A valid amount with an unknown currency: the server refuses the code, the input stays.
    await page.getByLabel('Total budget').fill('1 000 000,50')
    await page.getByLabel('Currency (ISO code)').fill('xyz')
    await page.getByRole('button', { name: 'Next step' }).click()
    await page.getByText(/ISO 4217/).waitFor()
    assert.equal(await page.getByLabel('Total budget').inputValue(), '1 000 000,50')
    assert.equal(await page.getByLabel('Currency (ISO code)').inputValue(), 'XYZ')
    assert.equal(await campaignCount(), campaignsBefore)

    await page.getByLabel('Currency (ISO code)').fill('UAH')
    await page.getByRole('button', { name: 'Next step' }).click()
    await page.waitForURL(/\/staff\/campaigns\/\d+\/pots$/)
    const id = Number(/campaigns\/(\d+)\/pots/.exec(page.url())![1])
    const campaign = await Campaign.findOrFail(id)
    assert.equal(campaign.slug, `byudzhet-lvova-${city.id}`)
    assert.equal(campaign.currency, 'UAH')
    assert.equal(campaign.totalBudget, 100_000_050)
    await page.context().close()
  }).timeout(300_000)

  test('KWD (3 decimals): the expert’s estimate and the final cost refused or stored in fils', async ({
    assert,
  }) => {
    const { campaign, city, author } = await ideasCampaign({ stage: 'review' })
    campaign.currency = 'KWD'
    await campaign.save()
    const idea = await makeIdea(campaign, author, { title: 'Shade sails', status: 'in_review' })
    const admin = await createStaff({ role: 'admin', communityId: city.id })
    const expert = await createStaff({
      role: 'expert',
      communityId: city.id,
      fullName: 'Kim Expert',
    })
    const reviews = appUrl(`/staff/proposals/campaigns/${campaign.id}/reviews`)
    const adminPage = await staffSignIn(browser(), admin)
    await adminPage.goto(reviews)
    await adminPage.getByLabel('Expert', { exact: true }).selectOption({ label: 'Kim Expert' })
    await adminPage.getByRole('button', { name: 'Assign' }).click()
    await adminPage.getByText('Experts: Kim Expert').waitFor()

    const expertPage = await staffSignIn(browser(), expert)
    await expertPage.goto(reviews)
    await expertPage.getByText('In KWD, up to 3 decimal places, e.g. 1500000.500').waitFor()
    await refusesAmounts(expertPage, 'Cost estimate', 'Save review', [
      ['-5', 'The amount cannot be negative'],
      ['1e30', 'Enter the amount in digits, e.g. 1500000.500'],
      ['12.3456', 'KWD has at most 3 decimal places'],
    ])
    await expertPage.getByLabel('Cost estimate').fill('12,5')
    await expertPage.getByRole('button', { name: 'Save review' }).click()
    await expertPage.getByText('Review saved').waitFor()
    const review = await until(() =>
      db.from('idea_reviews').where('idea_id', idea.id).whereNotNull('cost_estimate').first()
    )
    assert.equal(Number(review.cost_estimate), 12_500)

    await adminPage.goto(appUrl(`/staff/proposals/campaigns/${campaign.id}/ballot`))
    await refusesAmounts(adminPage, 'Final cost', 'Put on the ballot', [
      ['-5', 'The amount cannot be negative'],
      ['1e30', 'Enter the amount in digits, e.g. 1500000.500'],
    ])
    assert.isNull(await Project.findBy('ideaId', idea.id))
    await adminPage.getByLabel('Final cost').fill('12.750')
    await adminPage.getByRole('button', { name: 'Put on the ballot' }).click()
    const project = await until(() => Project.findBy('ideaId', idea.id))
    assert.equal(project.cost, 12_750)
    const onBallot = await Idea.findOrFail(idea.id)
    assert.equal(onBallot.status, 'on_ballot')
    for (const page of [adminPage, expertPage]) await page.context().close()
  }).timeout(300_000)
})
