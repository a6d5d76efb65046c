import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { encodeDecryptionShareBatch } from '@civic-budget/protocol/decryption'
import type { DecryptionShareBatch } from '@civic-budget/protocol/decryption'
import { configureLedger } from '#ledger/ledger'
import { receiveShares } from '#trustees/decryption/share_intake'
import { trusteeByToken } from '#trustees/trustee_token'
import { withBrowser, appUrl, noHorizontalScroll, staffSignIn } from '#tests/helpers/browser'
import { createStaff } from '#tests/helpers/staff'
import {
  encryptedCampaign,
  type EncryptedCampaign,
} from '#tests/helpers/decryption/encrypted_campaign'
import { trusteeBatches, withWrongShare } from '#tests/helpers/decryption/election'

/*
| The staff trustees screen after the close, in chromium on a phone with the keyboard: the share
| batches with their verdicts (the trustee whose share failed its proof named), "Decrypt now"
| refused with a clear message while shares are missing, then decrypting (totals shown).
*/
async function share(fx: EncryptedCampaign, index: number, batch?: DecryptionShareBatch) {
  const trustee = await trusteeByToken(fx.tokens[index - 1])
  const bytes = encodeDecryptionShareBatch(batch ?? trusteeBatches(fx.election, index)[0])
  const result = await receiveShares(trustee!, bytes, null)
  if (!result.ok) throw new Error(JSON.stringify(result))
}

test.group('Staff trustees screen · decryption', (group) => {
  const browser = withBrowser(group)
  group.setup(() => {
    configureLedger({ adminSecretKeyHex: '66'.repeat(32) })
    return () => configureLedger({})
  })

  test('batches with verdicts, "Decrypt now" refused while shares are missing, then decrypted', async ({
    assert,
  }) => {
    const fx = await encryptedCampaign({
      threshold: 2,
      trustees: 3,
      projects: 3,
      choices: (ids) =>
        [[0], [0, 1], [0, 1, 2]].map((b) => b.map((i) => ({ projectId: ids[i], weight: 1 }))),
    })
    await share(fx, 1)
    await share(fx, 2, withWrongShare(trusteeBatches(fx.election, 2)[0], 1))
    const admin = await createStaff({ role: 'admin', communityId: fx.campaign.communityId })
    const page = await staffSignIn(browser(), admin)
    await page.goto(appUrl(`/staff/campaigns/${fx.campaign.id}/trustees`))

    const table = page.getByRole('table', { name: 'Decryption shares received' })
    await table.waitFor()
    const rows = await table.locator('tbody tr').allInnerTexts()
    assert.lengthOf(rows, 2)
    assert.include(rows[0], 'Trustee 1')
    assert.include(rows[0], 'valid')
    assert.include(rows[1], 'Trustee 2')
    assert.include(rows[1], 'INVALID proof for ballots 1')
    await page.getByText('Trustee 2 (Trustee 2) posted shares that failed their proof').waitFor()
    assert.isTrue(await noHorizontalScroll(page), 'fits a 360 px screen')

    const decrypt = page.getByRole('button', { name: 'Decrypt now' })
    await decrypt.focus()
    await page.keyboard.press('Enter')
    await page.getByText('Not yet: 1 of 3 ballots still lack decryption shares').waitFor()
    assert.isNull(
      await db.from('campaign_decryptions').where('campaign_id', fx.campaign.id).first()
    )

    await share(fx, 3)
    await page.reload()
    await decrypt.focus()
    await page.keyboard.press('Enter')
    await page.getByText('The ballots are decrypted: 2 counted, 1 spoiled').waitFor()
    await page.getByText('All 3 encrypted ballots were decrypted: 2 counted, 1 spoiled.').waitFor()
    assert.equal(await decrypt.count(), 0, 'no button once decrypted')
  }).timeout(120_000)
})
