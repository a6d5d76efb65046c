/*
| One campaign from setup to finished, driven through the real pages in chromium:
| the admin's wizard, residents' sign-in by phone, an idea with a photo, a support
| that reaches the threshold, the expert's review, the ballot, voting, results,
| implementation with a milestone, and the public progress page.
*/
import { randomBytes, randomInt } from 'node:crypto'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Browser, Locator, Page } from 'playwright-core'
import Campaign from '#campaigns/models/campaign'
import { configureLedger } from '#ledger/ledger'
import CampaignPot from '#campaigns/models/campaign_pot'
import type { Stage } from '#campaigns/stages'
import { smsOutbox } from '#identity/sms/sms_outbox'
import Idea from '#proposals/models/idea'
import Project from '#proposals/models/project'
import { appUrl, withBrowser, phonePage, staffSignIn } from '#tests/helpers/browser'
import { makeCity } from '#tests/helpers/campaigns'
import { createStaff } from '#tests/helpers/staff'

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
)

/** Phone → code from the dev SMS outbox → consent, then back to `next`. */
async function residentSignIn(browser: Browser, next: string): Promise<Page> {
  const phone = `+7912${String(randomInt(0, 10_000_000)).padStart(7, '0')}`
  const page = await phonePage(browser, 'en')
  page.setDefaultTimeout(30_000)
  await page.goto(appUrl(`/sign-in?next=${encodeURIComponent(next)}`))
  await page.getByLabel('Mobile phone number').fill(phone)
  await page.getByRole('button', { name: 'Send the code' }).click()
  await page.waitForURL(appUrl('/sign-in/code'))
  const [sent] = smsOutbox.for(phone)
  await page.getByLabel('Code', { exact: true }).fill(sent.code!)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.waitForURL(appUrl('/sign-in/consent'))
  await page.getByLabel(/I have read the notice/).check()
  await page.getByRole('button', { name: 'Accept and continue' }).click()
  await page.waitForURL(appUrl(next))
  return page
}

/** Waits until the database agrees (the pages answer before the test reads). */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await read()
    if (ok(value)) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('timed out waiting for the database')
}

async function campaignRecords(): Promise<number> {
  const [row] = await db.from('ledger_outbox').where('kind', 'campaign').count('* as total')
  return Number(row.total)
}

async function stageOf(id: number): Promise<Stage> {
  const campaign = await Campaign.findOrFail(id)
  return campaign.stage
}

/** The admin's stage control: press the move, confirm, and wait for the new stage. */
async function moveStage(page: Page, campaignId: number, label: string, to: Stage) {
  await page.goto(appUrl(`/staff/campaigns/${campaignId}/review`))
  await page.getByRole('button', { name: label }).click()
  await page.getByRole('button', { name: 'Yes, do it' }).click()
  await until(
    () => stageOf(campaignId),
    (stage) => stage === to
  )
}

/** The English input of a translatable field (one input per language; `*` marks a required one). */
const english = (scope: Page | Locator, legend: string) =>
  scope.getByRole('group', { name: legend }).getByLabel(/^English( \*)?$/)

/** Wizard: basics, then the default pot as a knapsack pot plus a small-projects approval pot. */
async function createCampaign(page: Page, cityName: string, slug: string): Promise<number> {
  await page.goto(appUrl('/staff/campaigns/create'))
  await page.getByLabel('Community').selectOption({ label: cityName })
  await english(page, 'Title').fill('Riverside walk budget')
  await english(page, 'Description').fill('Ideas for the riverside walk.')
  await page.getByLabel('Web address').fill(slug)
  await page.getByLabel('Total budget').fill('1000000')
  await page.getByLabel('Currency (ISO code)').fill('EUR')
  await page.getByLabel('Supports needed for an idea').fill('1')
  await page.getByRole('button', { name: 'Next step' }).click()
  await page.waitForURL(/\/staff\/campaigns\/\d+\/pots$/)
  const campaignId = Number(/campaigns\/(\d+)\/pots/.exec(page.url())![1])

  const existing = page.locator('form.card').first()
  const added = page.locator('form.card', { has: page.getByRole('button', { name: 'Add a pot' }) })
  await existing.getByLabel('Budget').fill('800000')
  await existing.getByLabel('Ballot rule').selectOption('knapsack')
  await existing.getByLabel('Spend at least (% of the pot)').fill('50')
  await existing.getByRole('button', { name: 'Save' }).click()
  await until(
    () => CampaignPot.query().where('campaignId', campaignId).orderBy('position'),
    (pots) => pots[0]?.ballotRule.kind === 'knapsack'
  )
  await english(added, 'Pot name').fill('Small projects')
  await added.getByLabel('Budget').fill('200000')
  await added.getByLabel('At most (projects)').fill('2')
  await added.getByRole('button', { name: 'Add a pot' }).click()
  await until(
    () => CampaignPot.query().where('campaignId', campaignId).orderBy('position'),
    (pots) => pots.length === 2
  )
  await moveStage(page, campaignId, 'Publish (open ideas)', 'ideas')
  return campaignId
}

test.group('One campaign through every stage in a real browser', (group) => {
  const browser = withBrowser(group)
  // An admin key makes entering voting queue the campaign's ledger record (no replicas needed).
  group.setup(() => {
    configureLedger({ adminSecretKeyHex: randomBytes(32).toString('hex') })
    return () => configureLedger({})
  })

  test('admin, residents and an expert take a campaign from setup to finished', async ({
    assert,
  }) => {
    const { city } = await makeCity()
    const admin = await createStaff({ role: 'admin', communityId: city.id, fullName: 'Ada Admin' })
    const expert = await createStaff({
      role: 'expert',
      communityId: city.id,
      fullName: 'Eve Expert',
    })
    const slug = `riverside-${city.id}`

    // The admin sets the campaign up and opens ideas.
    const adminPage = await staffSignIn(browser(), admin)
    const campaignId = await createCampaign(adminPage, city.name, slug)

    // A resident signs in by phone and submits an idea with a photo.
    const author = await residentSignIn(browser(), `/campaigns/${slug}/ideas/new`)
    await author.getByLabel('Title').fill('Benches along the river')
    await author.getByLabel('Description').fill('Ten benches with shade between the bridges.')
    await author.getByLabel('Pot').selectOption({ label: 'Small projects' })
    await author.getByRole('button', { name: 'Submit the idea' }).click()
    await author.waitForURL(/\/ideas\/\d+$/)
    const ideaId = Number(/ideas\/(\d+)$/.exec(author.url())![1])
    await author.goto(appUrl(`/ideas/${ideaId}/edit`))
    await author.locator('#idea-file').setInputFiles({
      name: 'benches.png',
      mimeType: 'image/png',
      buffer: PNG,
    })
    await author.getByRole('button', { name: 'Attach' }).click()
    await author.getByRole('link', { name: 'benches.png' }).waitFor()

    // Another resident supports it: the threshold (1) sends it to review.
    const supporter = await residentSignIn(browser(), `/ideas/${ideaId}`)
    await supporter.getByRole('button', { name: 'Support this idea' }).click()
    await supporter.getByText('Supports: 1').waitFor()
    await until(
      () => Idea.findOrFail(ideaId),
      (idea) => idea.status === 'in_review'
    )

    // Review stage: the admin assigns the expert, who records cost and feasibility.
    await moveStage(adminPage, campaignId, 'Move to Review', 'review')
    const reviews = `/staff/proposals/campaigns/${campaignId}/reviews`
    await adminPage.goto(appUrl(reviews))
    await adminPage.getByLabel('Expert', { exact: true }).selectOption({ label: 'Eve Expert' })
    await adminPage.getByRole('button', { name: 'Assign' }).click()
    await adminPage.getByText('Experts: Eve Expert').waitFor()
    const expertPage = await staffSignIn(browser(), expert)
    await expertPage.goto(appUrl(reviews))
    await expertPage.getByLabel('Feasibility').selectOption('feasible')
    // Amounts are typed in roubles and stored in kopecks.
    await expertPage.getByLabel('Cost estimate').fill('15000')
    await expertPage.getByRole('button', { name: 'Save review' }).click()
    await expertPage.getByText('Review saved').waitFor()

    // The admin approves it onto the ballot as a project.
    await adminPage.goto(appUrl(`/staff/proposals/campaigns/${campaignId}/ballot`))
    await adminPage.getByLabel('Final cost').first().fill('15 000,00')
    await adminPage.getByRole('button', { name: 'Put on the ballot' }).click()
    const project = await until(
      () => Project.findBy('ideaId', ideaId),
      (row) => row !== null
    )
    assert.equal(project!.cost, 1_500_000)

    // Nobody votes in this walk-through, and a pot funds only projects with at least its minimum
    // support (one vote unless set): this campaign's pots ask for none.
    await db.from('campaign_pots').where('campaign_id', campaignId).update({ min_support: 0 })

    // Voting (the campaign's record is queued for the ledger), results, funding.
    const queuedBefore = await campaignRecords()
    await moveStage(adminPage, campaignId, 'Move to Voting', 'voting')
    assert.equal(
      await campaignRecords(),
      queuedBefore + 1,
      'the campaign record waits for the ledger'
    )
    // Entering results computes the outcome (greedy) and funds what it selects.
    await moveStage(adminPage, campaignId, 'Move to Results', 'results')
    await until(
      () => Project.findOrFail(project!.id),
      (row) => row.funded
    )

    // Implementation: progress and a milestone, then finished.
    await moveStage(adminPage, campaignId, 'Move to Implementation', 'implementation')
    await adminPage.goto(appUrl(`/staff/implementation/projects/${project!.id}`))
    await adminPage.getByLabel('Status').selectOption('in_progress')
    await adminPage.getByLabel('Progress, %').fill('40')
    await adminPage.getByRole('button', { name: 'Save' }).click()
    await adminPage.getByText('40%').first().waitFor()
    await adminPage.getByLabel('Date').fill('2027-04-15')
    await adminPage.getByLabel('Description').fill('Six benches installed')
    await adminPage.getByRole('button', { name: 'Add milestone' }).click()
    await adminPage.getByRole('region', { name: '2027-04-15' }).waitFor()
    await moveStage(adminPage, campaignId, 'Move to Finished', 'finished')

    // The resident sees the public progress page.
    await author.goto(appUrl(`/campaigns/${slug}/progress`))
    await author.getByText('Benches along the river').first().waitFor()
    await author.getByText('40% complete').waitFor()
    await author.getByText('Six benches installed').waitFor()

    for (const page of [adminPage, expertPage, author, supporter]) await page.context().close()
  })
    // Every stage, four people, each page state checked by axe (tests/helpers/a11y.ts): long.
    .timeout(600_000)
})
