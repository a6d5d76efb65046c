import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import { appUrl, withBrowser, phone360, noHorizontalScroll } from '#tests/helpers/browser'
import { ballotCampaign, FOUR_POTS, signIn } from '#tests/helpers/vote_page'
import { registrarPublicKeyOf } from '#voting/registrar'
import { base64ToBytes, ballotHash, bytesToHex, cborEncode } from '@civic-budget/protocol'
import { checkEncryptedBallot } from '@civic-budget/protocol/encrypted_ballot'
import { completeCeremony, decryptStored } from '#tests/helpers/decryption/encrypted_campaign'

/*
| Voting in an encrypted campaign in Debian's chromium on a 360 px phone: the page says that the
| choices are encrypted and counted only after the close by the trustees, checks the rules as
| always, and sends a ballot v2 — which passes every check a replica makes and opens, with two of
| the three trustees' shares, to exactly what was chosen. The ballot endpoint is stood in for by
| request interception (so the test opens exactly the ballot the page sent); the real credential endpoint
| issues the credential. The receipt is shown; the results page then says the counts are sealed.
*/
function pageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => {
    if (!String(error).includes('WebSocket')) errors.push(String(error))
  })
  return errors
}

/** A fresh number in this file's own range (other files use +7916…, +7925…, +7999…). */
let counter = 0
function phone(): string {
  counter++
  return `+7926${String((Date.now() % 100_000) * 100 + (counter % 100))
    .padStart(7, '0')
    .slice(-7)}`
}

test.group('Voting page in an encrypted campaign', (group) => {
  const browser = withBrowser(group)

  test('360 px: told the ballot is encrypted, rules checked, ballot v2 sent, receipt shown', async ({
    assert,
  }) => {
    const { campaign, projects } = await ballotCampaign([FOUR_POTS[0]])
    const ceremony = await completeCeremony(campaign)
    const page = await phone360(browser())
    const errors = pageErrors(page)
    await signIn(page, phone(), `/campaigns/${campaign.slug}/vote`)

    const note = page.getByRole('note').filter({ hasText: 'encrypted in this browser' })
    await note.waitFor()
    assert.include(await note.innerText(), 'at least 2 of')
    assert.isTrue(await noHorizontalScroll(page), 'fits a 360 px screen')

    const posts: string[] = []
    await page.route(`**/api/v1/campaigns/${campaign.id}/ballots`, async (route) => {
      const body = route.request().postData()!
      posts.push(body)
      const hash = ballotHash(base64ToBytes(JSON.parse(body).ballot))
      return route.fulfill({
        json: { receipt: { version: 1, ballotHash: hash, campaignId: campaign.id } },
      })
    })

    // The rules are checked before anything is encrypted: three projects where two may be chosen.
    await page.getByLabel('Benches').check()
    await page.getByLabel('Trees').check()
    await page.getByLabel('Fountain').check()
    await page.getByRole('button', { name: 'Review my ballot' }).click()
    assert.equal(await page.getByRole('button', { name: 'Cast my vote' }).count(), 0)
    await page.getByLabel('Fountain').uncheck()
    await page.getByLabel('Benches').uncheck()
    await page.getByRole('button', { name: 'Review my ballot' }).click()
    await note.waitFor()
    await page.getByRole('button', { name: 'Cast my vote' }).click()
    await page.getByRole('heading', { name: 'Your vote is recorded' }).waitFor({ timeout: 30_000 })
    assert.isTrue(await noHorizontalScroll(page))
    assert.lengthOf(posts, 1)

    // What the browser sent: a ballot v2 every replica check accepts, opening to "Trees" only.
    const { ballot, signature } = JSON.parse(posts[0])
    const bytes = base64ToBytes(ballot)
    assert.equal(bytes[1], 2, 'ballot version 2')
    const registrarKey = (await registrarPublicKeyOf(campaign.id))!.publicKey
    const check = checkEncryptedBallot(
      bytes,
      base64ToBytes(signature),
      registrarKey,
      ceremony.context
    )
    assert.isTrue(check.ok, check.ok ? '' : `${check.reason}: ${check.message}`)
    const trees = projects.get('Trees')!
    assert.deepEqual(decryptStored(ceremony, bytes), {
      ok: true,
      choices: [{ projectId: trees.id, weight: 1 }],
    })
    assert.notInclude(bytesToHex(bytes), bytesToHex(cborEncode([[trees.id, 1]])))

    // The results page while the campaign is sealed: turnout and why there is nothing per project.
    await page.goto(appUrl(`/campaigns/${campaign.slug}/results`))
    await page.getByRole('note').filter({ hasText: 'stay sealed' }).waitFor()
    assert.equal(await page.locator('.results-pot').count(), 0, 'no project counts, not even zeros')
    assert.isTrue(await noHorizontalScroll(page))
    assert.deepEqual(errors, [])
    await page.context().close()
  }).timeout(120_000)
})
