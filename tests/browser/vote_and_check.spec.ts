import { test } from '@japa/runner'
import type { Browser } from 'playwright-core'
import { launchBrowser, appUrl } from '#tests/helpers/browser'
import { TestLedgerCluster } from '#tests/helpers/ledger_cluster'
import { configureLedger } from '#ledger/ledger'
import { clearOutbox, openVoting, reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { resetRateLimits } from '#tests/helpers/voting'
import { signIn, votePagePhone } from '#tests/helpers/vote_page'

/*
| End to end, nothing stood in: a resident signs in with their phone, votes on the voting page
| (credential from the registrar, ballot to the real ballot endpoint, a real 4-replica ledger),
| gets the receipt, opens the check page with it, and every check passes with every replica
| confirming the ballot.
*/
test.group('Vote and check, end to end', (group) => {
  let browser: Browser
  let cluster: TestLedgerCluster

  group.setup(async () => {
    cluster = await TestLedgerCluster.start()
    configureLedger({ replicas: cluster.urls, genesisPath: cluster.genesisPath })
    browser = await launchBrowser()
    return async () => {
      await browser.close()
      configureLedger({})
      await clearOutbox()
      await cluster.stop()
    }
  })

  test('sign in, vote, receipt, check: all checks pass', async ({ assert }) => {
    await resetRateLimits()
    const { campaign, admin } = await reviewCampaignWithProjects(2)
    await openVoting(campaign.id, admin.id)

    const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
    const page = await context.newPage()
    const errors: string[] = []
    // Vite's HMR socket may be refused when another dev server holds its port: not our page.
    page.on('pageerror', (error) => {
      if (!String(error).includes('WebSocket')) errors.push(String(error))
    })
    await signIn(page, votePagePhone(), `/campaigns/${campaign.slug}/vote`)

    await page.getByLabel('Project 1').check()
    await page.getByRole('button', { name: 'Review my ballot' }).click()
    await page.getByRole('button', { name: 'Cast my vote' }).click()
    await page.getByRole('heading', { name: 'Your vote is recorded' }).waitFor({ timeout: 90_000 })

    await page.getByRole('link', { name: 'Check it now' }).click()
    await page.waitForURL(/\/check#r=/)
    await page
      .getByRole('heading', { name: 'The receipt is valid: your ballot is in a committed block' })
      .waitFor({ timeout: 30_000 })
    const statuses = await page
      .locator('[data-check]')
      .evaluateAll((items) => items.map((item) => item.className))
    assert.deepEqual(statuses, Array(5).fill('check-passed'))
    await page.getByText('4 of 4 servers confirm your ballot.').waitFor({ timeout: 30_000 })
    assert.equal(page.url().startsWith(appUrl('/check')), true)
    assert.deepEqual(errors, [])
    await context.close()
  }).timeout(180_000)
})
