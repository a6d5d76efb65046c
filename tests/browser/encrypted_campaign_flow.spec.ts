import { randomInt } from 'node:crypto'
import { test } from '@japa/runner'
import type { Browser, Page } from 'playwright-core'
import db from '@adonisjs/lucid/services/db'
import Campaign from '#campaigns/models/campaign'
import type { Stage } from '#campaigns/stages'
import { projectBlocks } from '#ledger/projection/projector'
import { latestCombination, settleCombinations } from '#trustees/decryption/combine'
import { votingClosed } from '#trustees/decryption/voting_closed'
import { resetIntake } from '#voting/intake/intake'
import {
  appUrl,
  noHorizontalScroll,
  phone360,
  staffSignIn,
  withBrowser,
} from '#tests/helpers/browser'
import { withLedgerCluster } from '#tests/helpers/ledger_cluster'
import { commitQueued, resetReadModels, reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { createStaff } from '#tests/helpers/staff'
import { signIn } from '#tests/helpers/vote_page'
import { resetRateLimits } from '#tests/helpers/voting'

/*
| Issue #14 end to end in Debian's chromium against a real 4-replica cluster, every step on the
| pages people use, at 360 px: an admin names three trustees (2 of 3) on the staff trustees screen;
| each trustee, in their own browser, makes a key, deals and checks the shares on the trustee page;
| the admin opens voting on the campaign screen; three residents sign in by phone and vote (ballots
| encrypted in their browsers, receipts shown); the admin closes voting by hand (the `voting-closed`
| record reaches the ledger); two trustees decrypt on their pages, the third stays away; the
| combination runs by itself and the public results page shows exactly what the residents chose,
| while a resident's check page says the ballot was counted.
|
| The test drives only what the web server's background workers do in production (the outbox
| flush, the block projection) — never an API shortcut for a person's step.
*/
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** What the residents choose (project titles), and what the results page must then say. */
const PICKS = [['Project 0'], ['Project 0', 'Project 1'], ['Project 2']]
const EXPECTED_VOTES = { 'Project 0': 2, 'Project 1': 1, 'Project 2': 1 }

/** A fresh number in this file's own range (other files use +7912, +7916, +7925–7, +7999). */
const freshPhone = () => `+7928${String(randomInt(0, 10_000_000)).padStart(7, '0')}`

/** Errors thrown in a page's scripts (Vite's HMR socket aside: not the app's). */
function collectErrors(page: Page, errors: string[]) {
  page.on('pageerror', (error) => {
    if (!String(error).includes('WebSocket')) errors.push(String(error))
  })
}

/** The admin's stage control on the campaign screen: the move, its confirmation, the new stage. */
async function moveStage(staff: Page, campaignId: number, label: string, to: Stage) {
  await staff.goto(appUrl(`/staff/campaigns/${campaignId}/review`))
  await staff.getByRole('button', { name: label }).click()
  await staff.getByRole('button', { name: 'Yes, do it' }).click()
  for (let attempt = 0; attempt < 200; attempt++) {
    const campaign = await Campaign.findOrFail(campaignId)
    if (campaign.stage === to) return
    await sleep(100)
  }
  throw new Error(`the campaign did not reach ${to}`)
}

/** The trustee page showing the given step (reloaded: the token stays in sessionStorage). */
async function showStep(page: Page, heading: string) {
  await page.reload()
  await page.getByRole('heading', { name: heading }).waitFor()
}

/** A resident signs in by phone, votes for the given projects and opens their receipt's link. */
async function vote(browser: Browser, slug: string, titles: string[], errors: string[]) {
  const page = await phone360(browser)
  page.setDefaultTimeout(60_000)
  collectErrors(page, errors)
  await signIn(page, freshPhone(), `/campaigns/${slug}/vote`)
  await page.getByRole('note').filter({ hasText: 'encrypted in this browser' }).waitFor()
  for (const title of titles) await page.getByLabel(title).check()
  await page.getByRole('button', { name: 'Review my ballot' }).click()
  await page.getByRole('button', { name: 'Cast my vote' }).click()
  await page.getByRole('heading', { name: 'Your vote is recorded' }).waitFor({ timeout: 90_000 })
  const checkLink = await page.getByRole('link', { name: 'Check it now' }).getAttribute('href')
  await page.context().close()
  return checkLink!
}

/** The results page's count of every project, by title. */
async function shownVotes(page: Page): Promise<Record<string, number>> {
  const items = page.locator('.results-item')
  const votes: Record<string, number> = {}
  for (const item of await items.all()) {
    // The title's own text, without the "funded" mark that may follow it.
    const title = await item
      .locator('.results-title')
      .evaluate((element) => element.firstChild?.textContent ?? '')
    const count = await item.locator('.results-votes').innerText()
    votes[title.trim()] = Number(count.split(' ')[0])
  }
  return votes
}

test.group('Encrypted campaign end to end in the browser (real replicas)', (group) => {
  withLedgerCluster(group)
  const browser = withBrowser(group)
  group.each.setup(async () => {
    await resetRateLimits()
    await resetIntake()
    await resetReadModels()
    return async () => {
      await resetIntake()
      await resetReadModels()
    }
  })

  // Registered last, so its cleanup runs first: the combination the trustees' shares started in
  // the background finishes inside the test's own database state.
  group.each.setup(() => () => settleCombinations())

  test('trustees, ceremony, encrypted votes, close by hand, two trustees decrypt, results', async ({
    assert,
  }) => {
    const errors: string[] = []
    const { campaign } = await reviewCampaignWithProjects(3)
    const admin = await createStaff({ role: 'admin', communityId: campaign.communityId })

    // 1. The admin names three trustees (2 of 3) and reads their invite links.
    const staff = await staffSignIn(browser(), admin)
    collectErrors(staff, errors)
    await staff.setViewportSize({ width: 360, height: 740 })
    await staff.goto(appUrl(`/staff/campaigns/${campaign.id}/trustees`))
    const names = ['Ada', 'Boris', 'Chen']
    for (const [i, name] of names.entries()) {
      await staff.getByLabel(`Trustee ${i + 1}`, { exact: true }).fill(name)
    }
    await staff.getByLabel('Trustees needed to decrypt').fill('2')
    await staff.getByRole('button', { name: 'Save and show invite links' }).click()
    await staff.getByText('These links are shown only now').waitFor()
    const links = await Promise.all(
      names.map((name, i) => staff.getByLabel(`${i + 1}. ${name}`).inputValue())
    )
    assert.isTrue(await noHorizontalScroll(staff))
    await commitQueued(assert)

    // 2. Each trustee, in their own browser, runs the ceremony on the trustee page.
    const passphrases = names.map((name) => `${name}'s own long passphrase`)
    const trustees: Page[] = []
    for (const link of links) {
      const page = await phone360(browser())
      page.setDefaultTimeout(60_000)
      collectErrors(page, errors)
      await page.goto(link)
      await page.getByRole('heading', { name: 'Step 1: make your key' }).waitFor()
      trustees.push(page)
    }
    for (const [i, page] of trustees.entries()) {
      await page.getByLabel('Passphrase', { exact: true }).fill(passphrases[i])
      await page.getByLabel('Passphrase again').fill(passphrases[i])
      await page.getByRole('button', { name: 'Make my key' }).click()
      await page.getByText('Your key was sent.').waitFor()
    }
    await commitQueued(assert)
    for (const page of trustees) {
      await showStep(page, 'Step 2: deal your shares')
      await page.getByRole('button', { name: 'Deal my shares' }).click()
      await page.getByText('Your dealing was sent.').waitFor()
    }
    await commitQueued(assert)
    for (const [i, page] of trustees.entries()) {
      await showStep(page, 'Step 3: check the shares you received')
      await page.getByLabel('Passphrase', { exact: true }).fill(passphrases[i])
      await page.getByRole('button', { name: 'Check my shares' }).click()
      await page.getByText('All 3 dealings gave you a correct share.').waitFor()
    }
    await commitQueued(assert)
    const fingerprints = []
    for (const page of trustees) {
      await showStep(page, 'The ceremony is complete')
      fingerprints.push(await page.locator('code').first().innerText())
      assert.isTrue(await noHorizontalScroll(page))
    }
    assert.lengthOf(new Set(fingerprints), 1, 'one election key, the same for every trustee')
    // Trustee 3 stays away from here on.
    await trustees[2].context().close()

    // 3. The admin opens voting on the campaign screen; the campaign tx reaches the ledger.
    await moveStage(staff, campaign.id, 'Move to Voting', 'voting')
    await commitQueued(assert)

    // 4. Three residents vote on the vote page: encrypted ballots, receipts shown.
    const checkLinks: string[] = []
    for (const titles of PICKS)
      checkLinks.push(await vote(browser(), campaign.slug, titles, errors))

    // 5. The admin closes voting by hand; the `voting-closed` record is committed.
    assert.isFalse(await votingClosed(campaign.id), 'not closed while voting')
    await moveStage(staff, campaign.id, 'Move to Results', 'results')
    await commitQueued(assert)
    // Committed, but the trustees' list of ballots (the projection) has not reached the close yet.
    assert.isFalse(await votingClosed(campaign.id), 'closed only once the projection has the close')
    // The projection worker's pass: the committed ballots become the trustees' ballot list.
    await projectBlocks()
    assert.isTrue(await votingClosed(campaign.id), 'closed once voting-closed is committed')
    const stored = await db.from('encrypted_ballots').where('campaign_id', campaign.id)
    assert.lengthOf(stored, PICKS.length)

    // 6. Two of the three trustees decrypt on their pages.
    for (const [i, page] of trustees.slice(0, 2).entries()) {
      await showStep(page, 'Decryption')
      await page.getByLabel('Passphrase', { exact: true }).fill(passphrases[i])
      await page.getByRole('button', { name: 'Decrypt my shares' }).click()
      await page.getByText('Ballots 0–2: valid').waitFor()
      await page.getByText('1 batch(es) posted for 3 ballots.').waitFor()
      assert.isTrue(await noHorizontalScroll(page))
    }

    // 7. The second valid batch started the combination by itself.
    const combined = await latestCombination(campaign.id)
    assert.equal(combined?.status, 'combined', JSON.stringify(combined))
    await commitQueued(assert)
    const outcome = await db.from('campaign_outcomes').where('campaign_id', campaign.id).first()
    assert.exists(outcome, 'the outcome is published after the decryption')

    const results = await phone360(browser())
    collectErrors(results, errors)
    await results.goto(appUrl(`/campaigns/${campaign.slug}/results`))
    await results.getByText(`Ballots counted: ${PICKS.length}`).waitFor()
    await results
      .getByText('All 3 encrypted ballots were decrypted: 3 counted, 0 spoiled.')
      .waitFor()
    assert.deepEqual(await shownVotes(results), EXPECTED_VOTES)
    assert.isTrue(await noHorizontalScroll(results))

    // A resident's check page: the receipt verified, and the ballot counted.
    await results.goto(appUrl(checkLinks[1]))
    await results
      .getByRole('heading', { name: 'The receipt is valid: your ballot is in a committed block' })
      .waitFor({ timeout: 30_000 })
    const verdict = results.getByRole('region', { name: 'After the close' })
    await verdict.waitFor({ timeout: 30_000 })
    assert.equal(await verdict.getAttribute('data-verdict'), 'counted')
    assert.include(await verdict.innerText(), 'Decrypted and counted.')

    // The staff screen lists the two valid batches and offers nothing more to decrypt.
    await staff.goto(appUrl(`/staff/campaigns/${campaign.id}/trustees`))
    const table = staff.getByRole('table', { name: 'Decryption shares received' })
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector('th')?.textContent, tr.dataset.valid])
      )
    assert.sameDeepMembers(rows, [
      ['1. Ada', 'true'],
      ['2. Boris', 'true'],
    ])
    assert.equal(await staff.getByRole('button', { name: 'Decrypt now' }).count(), 0)
    assert.deepEqual(errors, [])
  }).timeout(360_000)
})
