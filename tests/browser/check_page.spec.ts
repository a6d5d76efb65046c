import { test } from '@japa/runner'
import type { Browser, Page } from 'playwright-core'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { launchBrowser, appUrl } from '#tests/helpers/browser'
import { TestLedgerCluster } from '#tests/helpers/ledger_cluster'
import { castBallot } from '#tests/helpers/protocol_fixtures'
import { configureLedger } from '#ledger/ledger'
import { encodeCampaign, encodeCampaignTx } from '#ledger/tx'
import {
  bytesToBase64,
  generateRegistrarKey,
  genesisFingerprint,
  hexToBytes,
  txHash,
  verifyReceipt,
  type Receipt,
} from '#voting/protocol/index'

/*
| The check-my-ballot page in chromium against a real 4-replica `pb` cluster: ballots submitted to
| the replicas directly, a replica's receipt checked in the browser (offline checks against the
| genesis the app serves, then each replica asked directly — CORS), and tampered receipts refused
| with the failing check named.
*/
const CAMPAIGN_ID = 9001

async function postToAll(cluster: TestLedgerCluster, txs: Uint8Array[]) {
  await Promise.all(
    cluster.urls.map((url) =>
      fetch(`${url}/txs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ txs: txs.map(bytesToBase64) }),
      })
    )
  )
}

async function committed(cluster: TestLedgerCluster, hash: string, replica = 0) {
  for (let i = 0; i < 200; i++) {
    const response = await fetch(`${cluster.url(replica)}/txs/${hash}`)
    const answer = await response.json()
    if (answer.status === 'committed' && answer.receipt) return answer.receipt as Receipt
    if (answer.status === 'rejected') throw new Error(`rejected: ${answer.reason}`)
    await new Promise((resolve) => setTimeout(resolve, 150))
  }
  throw new Error(`tx ${hash} not committed`)
}

/** A check link: the receipt in the fragment (`legacy`: the query, as links were before). */
const link = (receipt: unknown, legacy = false) =>
  appUrl(
    `/check${legacy ? '?' : '#'}r=${Buffer.from(JSON.stringify(receipt)).toString('base64url')}`
  )

async function checkStatuses(page: Page) {
  return page
    .locator('[data-check]')
    .evaluateAll((items) =>
      Object.fromEntries(
        items.map((item) => [item.getAttribute('data-check'), item.className.replace('check-', '')])
      )
    )
}

test.group('Check-my-ballot page against a real ledger', (group) => {
  let browser: Browser
  let cluster: TestLedgerCluster
  let receipt: Receipt

  group.setup(async () => {
    cluster = await TestLedgerCluster.start()
    configureLedger({ replicas: cluster.urls, genesisPath: cluster.genesisPath })
    browser = await launchBrowser()

    const admin = hexToBytes(readFileSync(join(cluster.dir, 'admin.key'), 'utf8').trim())
    const registrar = generateRegistrarKey()
    const campaignTx = encodeCampaignTx(
      encodeCampaign({
        id: CAMPAIGN_ID,
        registrarPublicKey: registrar.publicKey,
        votingOpensAtMs: Date.now() - 60_000,
        votingClosesAtMs: Date.now() + 3_600_000,
        pots: [
          {
            id: 1,
            budget: 500_000,
            rule: { kind: 'approval', minSelections: 1, maxSelections: 3 },
          },
        ],
        projects: [
          { id: 12, cost: 120_000, potId: 1 },
          { id: 13, cost: 200_000, potId: 1 },
        ],
      }),
      admin
    )
    await postToAll(cluster, [campaignTx])
    await committed(cluster, txHash(campaignTx))
    // Three ballots in one block, so the audit path is not empty.
    const votes = [[12], [13], [12, 13]].map((ids) =>
      castBallot(
        registrar,
        CAMPAIGN_ID,
        ids.map((projectId) => ({ projectId, weight: 1 }))
      )
    )
    await postToAll(
      cluster,
      votes.map((vote) => vote.txBytes)
    )
    receipt = await committed(cluster, txHash(votes[1].txBytes), 2)
    if (!verifyReceipt(receipt, cluster.genesis).ok)
      throw new Error('the replica receipt is invalid')

    return async () => {
      await browser.close()
      configureLedger({})
      await cluster.stop()
    }
  })

  test('a replica receipt: every check passes and every replica confirms it', async ({
    assert,
  }) => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
    const page = await context.newPage()
    await page.goto(link(receipt))
    await page
      .getByRole('heading', { name: 'The receipt is valid: your ballot is in a committed block' })
      .waitFor({ timeout: 20_000 })
    assert.deepEqual(await checkStatuses(page), {
      format: 'passed',
      ballot_hash: 'passed',
      merkle_path: 'passed',
      header_hash: 'passed',
      commit: 'passed',
    })
    const fingerprint = genesisFingerprint(cluster.genesis).replace(/(.{4})(?=.)/g, '$1 ')
    await page.getByText(fingerprint).waitFor()
    await page.getByText('4 of 4 servers confirm your ballot.').waitFor({ timeout: 20_000 })
    assert.equal(await page.locator('.check-confirmed').count(), 4)
    assert.equal(
      await page.getByLabel('Receipt (JSON)').inputValue(),
      JSON.stringify(receipt, null, 2)
    )
    await page.context().close()
  })

  test('an old ?r= link is checked too, and the address no longer carries the receipt', async ({
    assert,
  }) => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(link(receipt, true))
    await page
      .getByRole('heading', { name: 'The receipt is valid: your ballot is in a committed block' })
      .waitFor({ timeout: 20_000 })
    assert.equal(new URL(page.url()).search, '')
    await page.context().close()
  })

  test('tampered receipts fail, naming the check: {name}')
    .with([
      {
        name: 'merkle_path',
        tamper: (r: Receipt) => ({
          ...r,
          auditPath: [
            r.auditPath[0].replace(/^./, (c) => (c === '0' ? '1' : '0')),
            ...r.auditPath.slice(1),
          ],
        }),
        expected: { ballot_hash: 'passed', merkle_path: 'failed', commit: 'not_checked' },
      },
      {
        name: 'commit',
        tamper: (r: Receipt) => ({
          ...r,
          commit: { ...r.commit, signers: r.commit.signers.slice(0, 2) },
        }),
        expected: { merkle_path: 'passed', header_hash: 'passed', commit: 'failed' },
      },
      {
        name: 'ballot_hash',
        tamper: (r: Receipt) => ({ ...r, ballotHash: 'ab'.repeat(32) }),
        expected: { format: 'passed', ballot_hash: 'failed', merkle_path: 'not_checked' },
      },
    ])
    .run(async ({ assert }, row) => {
      const page = await browser.newPage()
      await page.goto(appUrl('/check'))
      // pasted this time (the other path of the page)
      await page.getByLabel('Receipt (JSON)').fill(JSON.stringify(row.tamper(receipt)))
      await page.getByRole('button', { name: 'Check' }).click()
      await page
        .getByRole('heading', { name: 'The receipt is NOT valid' })
        .waitFor({ timeout: 20_000 })
      const statuses = await checkStatuses(page)
      for (const [name, status] of Object.entries(row.expected)) {
        assert.equal(statuses[name], status, name)
      }
      await page.locator(`[data-check="${row.name}"]`).getByText('FAILED').waitFor()
      await page.close()
    })
})
