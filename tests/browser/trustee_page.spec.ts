import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { configureLedger } from '#ledger/ledger'
import {
  appUrl,
  noHorizontalScroll,
  phone360,
  staffSignIn,
  withBrowser,
} from '#tests/helpers/browser'
import { clearOutbox, reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { createStaff } from '#tests/helpers/staff'
import { TEST_KDF, TEST_PASSPHRASE } from '#tests/helpers/trustees'
import {
  closeOnLedger,
  commitCeremonyRecords,
  encryptedCampaign,
} from '#tests/helpers/decryption/encrypted_campaign'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import {
  ceremonyState,
  makeDealing,
  makeTrusteeKey,
  parseKeyFile,
  sealKeyFile,
} from '@civic-budget/protocol/trustee'
import { settleCombinations } from '#trustees/decryption/combine'

/*
| The staff trustees screen and the trustee page in a real browser at 360 px: the admin names three
| trustees and sees their links once; trustee 1 opens the link (the token leaves the address bar),
| makes a key with a passphrase typed twice, downloads the key file, sends the key and, once the two
| others' keys are in (sent by the test through the API), deals with the keyboard; once the others
| have dealt, checks the shares (a wrong passphrase refused first). On an encrypted campaign still in
| voting the page shows a note instead of the decryption form; once voting has closed, a trustee
| decrypts on the page: shares posted and judged valid, a second run posts nothing.
*/
async function api(token: string, path: string, body?: object) {
  const response = await fetch(appUrl(`/api/v1/trustee/${path}`), {
    method: body ? 'POST' : 'GET',
    headers: { 'Authorization': `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  })
  if (!response.ok) throw new Error(`${path}: ${await response.text()}`)
  return response.json()
}

async function postKey(token: string, campaignId: number, index: number) {
  const key = await makeTrusteeKey(campaignId, index, TEST_PASSPHRASE, { kdf: TEST_KDF })
  await api(token, 'key', { record: bytesToHex(key.record) })
}

test.group('Trustees in a real browser', (group) => {
  const browser = withBrowser(group)
  group.setup(() => {
    configureLedger({ adminSecretKeyHex: randomBytes(32).toString('hex') })
    return async () => {
      configureLedger({})
      await clearOutbox()
    }
  })

  // Registered last, so its cleanup runs first: a combination the test's shares started in the
  // background finishes inside the test's own database state.
  group.each.setup(() => () => settleCombinations())

  test('name trustees, then a trustee makes, keeps and sends a key, deals and reviews', async ({
    assert,
  }) => {
    const fx = await reviewCampaignWithProjects(2)
    const admin = await createStaff({ role: 'admin', communityId: fx.campaign.communityId })
    const staff = await staffSignIn(browser(), admin)
    await staff.setViewportSize({ width: 360, height: 740 })
    await staff.goto(appUrl(`/staff/campaigns/${fx.campaign.id}/review`))
    await staff.getByRole('link', { name: 'Trustees and secret ballots' }).click()
    for (const [i, name] of ['Ada', 'Boris', 'Chen'].entries()) {
      await staff.getByLabel(`Trustee ${i + 1}`, { exact: true }).fill(name)
    }
    assert.equal(await staff.getByLabel('Trustees needed to decrypt').inputValue(), '2')
    await staff.getByRole('button', { name: 'Save and show invite links' }).click()
    await staff.getByText('These links are shown only now').waitFor()
    const links = await Promise.all(
      ['1. Ada', '2. Boris', '3. Chen'].map((label) => staff.getByLabel(label).inputValue())
    )
    assert.isTrue(links.every((link) => link.includes('/trustee#token=')))
    assert.isTrue(await noHorizontalScroll(staff))
    await staff.reload()
    assert.equal(await staff.getByText('These links are shown only now').count(), 0)

    const page = await phone360(browser())
    page.setDefaultTimeout(60_000)
    await page.goto(links[0])
    await page.getByText('Step 1: make your key').waitFor()
    assert.notInclude(page.url(), 'token=')
    assert.equal(
      await page.evaluate(() => sessionStorage.getItem('civic-budget:trustee-token')),
      links[0].split('#token=')[1]
    )

    const passphrase = 'my own long passphrase'
    await page.getByLabel('Passphrase', { exact: true }).fill(passphrase)
    await page.getByLabel('Passphrase again').fill('something else entirely')
    await page.getByRole('button', { name: 'Make my key' }).click()
    await page.getByText('The two passphrases differ').waitFor()
    await page.getByLabel('Passphrase again').fill(passphrase)
    await page.getByRole('button', { name: 'Make my key' }).click()
    await page.getByText('Your key was sent.').waitFor()
    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Download the key file' }).click()
    const downloaded = await download
    const path = await downloaded.path()
    const file = parseKeyFile(await readFile(path, 'utf8'))
    assert.equal(file.index, 1)
    assert.equal(file.campaignId, fx.campaign.id)
    const trustee = await db
      .from('campaign_trustees')
      .where({ campaign_id: fx.campaign.id, index: 1 })
      .first()
    assert.equal(trustee.ceremony_key, file.ceremonyKey)

    for (const index of [2, 3]) {
      await postKey(links[index - 1].split('#token=')[1], fx.campaign.id, index)
    }
    await page.getByRole('button', { name: 'Refresh' }).click()
    const deal = page.getByRole('button', { name: 'Deal my shares' })
    await deal.focus()
    await page.keyboard.press('Enter')
    await page.getByText('Your dealing was sent.').waitFor()
    assert.isTrue(await noHorizontalScroll(page))

    // The two others deal (in this process); trustee 1 checks the shares with the passphrase.
    for (const index of [2, 3]) {
      const token = links[index - 1].split('#token=')[1]
      const { params } = ceremonyState(await api(token, 'ceremony'))
      await api(token, 'dealing', { record: bytesToHex(makeDealing(params!, index)) })
    }
    await page.getByRole('button', { name: 'Refresh' }).click()
    await page.getByText('Step 3: check the shares you received').waitFor()
    await page.getByLabel('Passphrase', { exact: true }).fill('not my passphrase at all')
    await page.getByRole('button', { name: 'Check my shares' }).click()
    await page.getByText('Wrong passphrase for this key file').waitFor()
    await page.getByLabel('Passphrase', { exact: true }).fill(passphrase)
    await page.getByRole('button', { name: 'Check my shares' }).click()
    await page.getByText('All 3 dealings gave you a correct share.').waitFor()
    const dealings = await db
      .from('ceremony_records')
      .where({ campaign_id: fx.campaign.id, kind: 'dkg-dealing' })
    assert.lengthOf(dealings, 3)
    const reviewed = await db
      .from('campaign_trustees')
      .where({ campaign_id: fx.campaign.id, index: 1 })
      .first()
    assert.isNotNull(reviewed.reviewed_at)
  })

  test('no decryption form before the close; after it a trustee decrypts, a rerun posts nothing', async ({
    assert,
  }) => {
    const fx = await encryptedCampaign({
      threshold: 2,
      trustees: 3,
      projects: 3,
      stage: 'voting',
      choices: ([a, b, c]) => [
        [{ projectId: a, weight: 1 }],
        [{ projectId: b, weight: 1 }],
        [{ projectId: c, weight: 1 }],
      ],
    })
    await commitCeremonyRecords(fx.campaign.id)
    const secret = fx.election.trusteeSecrets[0]
    const file = await sealKeyFile(fx.campaign.id, 1, secret, TEST_PASSPHRASE, { kdf: TEST_KDF })

    const page = await phone360(browser())
    page.setDefaultTimeout(60_000)
    await page.goto(appUrl(`/trustee#token=${fx.tokens[0]}`))
    await page.getByText('The ceremony is complete').waitFor()
    await page.evaluate(
      ([key, value]) => localStorage.setItem(key, value),
      [`civic-budget:trustee-key:${fx.campaign.id}:1`, JSON.stringify(file)]
    )
    await page.reload()
    await page.getByRole('heading', { name: 'Decryption' }).waitFor()
    await page.getByText('Decryption opens after voting closes.').waitFor()
    const start = page.getByRole('button', { name: 'Decrypt my shares' })
    assert.equal(await start.count(), 0)
    assert.equal(await page.getByLabel('Passphrase', { exact: true }).count(), 0)
    assert.isTrue(await noHorizontalScroll(page))

    // Voting closes; Refresh (by keyboard) brings the form.
    await closeOnLedger(fx.campaign.id)
    await page.getByRole('button', { name: 'Refresh' }).focus()
    await page.keyboard.press('Enter')
    await start.waitFor()
    assert.equal(await page.getByText('Decryption opens after voting closes.').count(), 0)
    await page.getByLabel('Passphrase', { exact: true }).fill('not my passphrase at all')
    await page.getByRole('button', { name: 'Decrypt my shares' }).click()
    await page.getByText('Wrong passphrase for this key file').waitFor()

    await page.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE)
    await start.focus()
    await page.keyboard.press('Enter')
    await page.getByText('Ballots 0–2: valid').waitFor()
    await page.getByText('1 batch(es) posted for 3 ballots.').waitFor()
    const batches = await db.from('decryption_batches').where('campaign_id', fx.campaign.id)
    assert.deepEqual(
      batches.map((b) => [b.trustee_index, b.first, b.count, b.valid]),
      [[1, 0, 3, true]]
    )
    assert.isTrue(await noHorizontalScroll(page))

    await start.click()
    await page
      .getByText('Nothing new to post: your shares of all 3 ballots are on record.')
      .waitFor()
    const after = await db.from('decryption_batches').where('campaign_id', fx.campaign.id)
    assert.lengthOf(after, 1)
  })
})
