import { test } from '@japa/runner'
import type { Browser } from 'playwright-core'
import db from '@adonisjs/lucid/services/db'
import { launchBrowser, appUrl, noHorizontalScroll } from '#tests/helpers/browser'
import { TestLedgerCluster } from '#tests/helpers/ledger_cluster'
import { clearOutbox } from '#tests/helpers/ledger'
import { configureLedger } from '#ledger/ledger'
import { projectBlocks } from '#ledger/projection/projector'
import { resetIntake } from '#voting/intake/intake'
import {
  encryptedVotingCampaign,
  honestEncryptedBallot,
} from '#tests/helpers/decryption/encrypted_campaign'
import type { Receipt } from '@civic-budget/protocol'

/*
| The check page's verdict for a ballot of an encrypted campaign, in chromium against a real
| 4-replica cluster: the receipt is checked in the browser, then the page says what became of the
| ballot — encrypted and counted after the close, then (once the campaign is decrypted) spoiled
| with the localized reason. The receipt stays in the fragment; the app is asked by ballot hash.
*/
test.group('Check page · verdict of an encrypted ballot', (group) => {
  let browser: Browser
  let cluster: TestLedgerCluster

  group.setup(async () => {
    cluster = await TestLedgerCluster.start()
    browser = await launchBrowser()
    return async () => {
      await browser.close()
      await resetIntake()
      configureLedger({})
      await clearOutbox()
      await cluster.stop()
    }
  })
  group.each.setup(async () => {
    await resetIntake()
    configureLedger({ replicas: cluster.urls, genesisPath: cluster.genesisPath })
  })

  test('pending before the decryption, spoiled with its reason after', async ({ assert }) => {
    const { campaign, projects, ceremony } = await encryptedVotingCampaign(3)
    const ballot = await honestEncryptedBallot(ceremony, [{ projectId: projects[0].id, weight: 1 }])
    const answer = await fetch(appUrl(`/api/v1/campaigns/${campaign.id}/ballots`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept': 'application/json' },
      body: JSON.stringify(ballot.body),
    })
    assert.equal(answer.status, 200)
    const { receipt } = (await answer.json()) as { receipt: Receipt }
    const link = appUrl(`/check#r=${Buffer.from(JSON.stringify(receipt)).toString('base64url')}`)

    const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
    const asked: string[] = []
    context.on('request', (request) => asked.push(request.url()))
    const page = await context.newPage()
    await page.goto(link)
    const verdict = page.getByRole('region', { name: 'After the close' })
    await verdict.waitFor({ timeout: 20_000 })
    assert.include(await verdict.innerText(), 'it will be counted after the voting closes')
    assert.isTrue(await noHorizontalScroll(page), 'fits a 360 px screen')
    const sent = asked.filter((url) => url.startsWith(appUrl('/api/v1/ballots/')))
    assert.deepEqual(sent, [appUrl(`/api/v1/ballots/${receipt.ballotHash}`)])
    assert.isFalse(
      asked.some((url) => url.includes(receipt.tx.slice(0, 16))),
      'the receipt is sent nowhere'
    )

    // The trustees' decryption found it broke the rules (as the combination records it).
    await projectBlocks()
    const [stored] = await db.from('encrypted_ballots').where('ballot_hash', receipt.ballotHash)
    await db.table('spoiled_ballots').insert({
      campaign_id: campaign.id,
      position: stored.position,
      ballot_hash: receipt.ballotHash,
      reason: 'rule_violation: pot 1: too_many (max 2, actual 3)',
      created_at: new Date(),
    })
    await db.table('campaign_decryptions').insert({
      campaign_id: campaign.id,
      ballots: 1,
      counted: 0,
      spoiled: 1,
      decrypted_at: new Date(),
    })
    await page.reload()
    await verdict.waitFor({ timeout: 20_000 })
    await page.getByText("its choices broke the campaign's voting rules").waitFor()
    assert.notInclude(await verdict.innerText(), 'too_many')
    assert.equal(await verdict.getAttribute('data-verdict'), 'spoiled')
    await context.close()
  }).timeout(120_000)
})
