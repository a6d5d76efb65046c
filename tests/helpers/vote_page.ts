import type { Page } from 'playwright-core'
import CampaignPot from '#campaigns/models/campaign_pot'
import Project from '#proposals/models/project'
import type Campaign from '#campaigns/models/campaign'
import type { BallotRule } from '#campaigns/ballot_rules'
import { smsOutbox } from '#identity/sms/sms_outbox'
import { makeCampaign, makeCity } from '#tests/helpers/campaigns'
import { makeIdea, resident } from '#tests/helpers/proposals'
import { appUrl } from '#tests/helpers/browser'
import { resetRateLimits } from '#tests/helpers/voting'

/*
| Fixtures of the voting-page browser tests: a campaign in voting, open to anyone, with one pot of
| each rule kind, and a resident signed in through the real phone flow.
*/
export interface PotSpec {
  name: string
  budget: number
  rule: BallotRule
  projects: [title: string, cost: number][]
}

export const FOUR_POTS: PotSpec[] = [
  {
    name: 'Parks',
    budget: 300_000,
    rule: { kind: 'approval', minSelections: 1, maxSelections: 2 },
    projects: [
      ['Benches', 50_000],
      ['Trees', 80_000],
      ['Fountain', 120_000],
    ],
  },
  {
    name: 'Streets',
    budget: 200_000,
    rule: { kind: 'knapsack', minSharePercent: 50 },
    projects: [
      ['Crossing', 120_000],
      ['Lights', 90_000],
      ['Bike lane', 60_000],
    ],
  },
  {
    name: 'Culture',
    budget: 100_000,
    rule: { kind: 'cumulative', points: 5, maxPerProject: 3 },
    projects: [
      ['Library', 40_000],
      ['Concerts', 30_000],
    ],
  },
  {
    name: 'Schools',
    budget: 150_000,
    rule: { kind: 'ranked', maxRanks: 2 },
    projects: [
      ['Gym', 70_000],
      ['Garden', 20_000],
      ['Computers', 60_000],
    ],
  },
]

/** A voting campaign with the given pots (the first replaces the default pot). */
export async function ballotCampaign(pots: PotSpec[] = FOUR_POTS, minAge: number | null = null) {
  await resetRateLimits()
  const { city, north } = await makeCity()
  const campaign: Campaign = await makeCampaign(city.id, { stage: 'voting' })
  campaign.eligibilityMode = 'anyone'
  campaign.minAge = minAge
  await campaign.save()
  const author = await resident(north.id)
  const [defaultPot] = await CampaignPot.query().where('campaignId', campaign.id)
  const projects = new Map<string, Project>()
  for (const [index, spec] of pots.entries()) {
    const pot =
      index === 0
        ? defaultPot
        : await CampaignPot.create({
            campaignId: campaign.id,
            name: { en: spec.name },
            budget: spec.budget,
            kind: 'size',
            districtId: null,
            ballotRule: spec.rule,
            position: index,
          })
    if (index === 0) {
      pot.name = { en: spec.name }
      pot.budget = spec.budget
      pot.ballotRule = spec.rule
      await pot.save()
    }
    for (const [position, [title, cost]] of spec.projects.entries()) {
      const idea = await makeIdea(campaign, author, { status: 'on_ballot', potId: pot.id })
      const project = await Project.create({
        ideaId: idea.id,
        campaignId: campaign.id,
        potId: pot.id,
        title,
        cost,
        position,
      })
      projects.set(title, project)
    }
  }
  return { campaign, projects }
}

/** The real phone sign-in (code from the log driver's outbox), ending on `next`. */
export async function signIn(page: Page, phone: string, next: string) {
  await page.goto(appUrl(`/sign-in?next=${encodeURIComponent(next)}`))
  await page.getByLabel('Mobile phone number').fill(phone)
  await page.getByRole('button', { name: 'Send the code' }).click()
  await page.waitForURL(appUrl('/sign-in/code'))
  const sent = smsOutbox.for(phone).at(-1)!
  await page.getByLabel('Code', { exact: true }).fill(sent.code!)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.waitForURL(/\/sign-in\/consent|\/campaigns\//)
  if (page.url().includes('/sign-in/consent')) {
    await page.getByLabel(/I have read the notice/).check()
    await page.getByRole('button', { name: 'Accept and continue' }).click()
  }
  await page.waitForURL(appUrl(next))
}

/** A fresh number in this test file's own range (other files use +7916…, +7999…). */
let counter = 0
export function votePagePhone(): string {
  counter++
  return `+7925${String((Date.now() % 100_000) * 100 + (counter % 100))
    .padStart(7, '0')
    .slice(-7)}`
}
