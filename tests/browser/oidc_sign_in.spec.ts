import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Community from '#communities/models/community'
import {
  appUrl,
  noHorizontalScroll,
  phone360,
  staffSignIn,
  withBrowser,
} from '#tests/helpers/browser'
import { votePagePhone } from '#tests/helpers/vote_page'
import { TestLedgerCluster } from '#tests/helpers/ledger_cluster'
import { configureLedger } from '#ledger/ledger'
import { clearOutbox, openVoting, reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { resetRateLimits } from '#tests/helpers/voting'
import { replicaTally } from '#tests/helpers/ballots'
import { smsOutbox } from '#identity/sms/sms_outbox'
import { createStaff } from '#tests/helpers/staff'
import { randomHex, startTestProvider, type TestProvider } from '#tests/helpers/oidc'
import { useOidcSettings } from '#identity/oidc/oidc_settings'

/*
| The "done when" (#15, items 1–2), in Debian's chromium on a 360 px phone: a resident
| signs in through a real OpenID provider (oidc-provider, started here on a free port), whose
| district claim makes their district verified; they vote in a "residents only" campaign that
| accepts verified districts only — credential, ballot and receipt through the real endpoints and a
| real 4-replica ledger, nothing stood in; the staff turnout report counts them in that district.
*/
test.group('OpenID Connect sign-in in a real browser', (group) => {
  const browser = withBrowser(group)
  let provider: TestProvider
  let cluster: TestLedgerCluster
  group.setup(async () => {
    cluster = await TestLedgerCluster.start()
    configureLedger({ replicas: cluster.urls, genesisPath: cluster.genesisPath })
    provider = await startTestProvider(appUrl())
    useOidcSettings(provider.settings('Test ID'))
    return async () => {
      useOidcSettings(null)
      await provider.stop()
      configureLedger({})
      await clearOutbox()
      await cluster.stop()
    }
  })

  test('sign in with the provider, vote in a residents-only campaign, counted in the district on the staff report', async ({
    assert,
  }) => {
    await resetRateLimits()
    const { campaign, admin } = await reviewCampaignWithProjects(2)
    campaign.eligibilityMode = 'residents'
    campaign.acceptedDistrictSource = 'verified'
    await campaign.save()
    await openVoting(campaign.id, admin.id)
    const [north] = await Community.query().where('parentId', campaign.communityId).orderBy('name')
    const votePath = `/campaigns/${campaign.slug}/vote`
    const idHash = randomHex()
    provider.nextLogin = {
      sub: `browser-${randomHex(4)}`,
      id_hash: idHash,
      district_code: north.code,
    }

    const page = await phone360(browser())
    page.setDefaultTimeout(30_000)
    await page.goto(appUrl(`/sign-in?next=${encodeURIComponent(votePath)}`))
    assert.isTrue(await noHorizontalScroll(page))
    const button = page.getByRole('link', { name: 'Sign in with Test ID' })
    await button.focus()
    await page.keyboard.press('Enter')
    // Off to the provider and back: the notice comes first for a new person.
    await page.waitForURL(appUrl('/sign-in/consent'))
    await page.getByLabel(/I have read the notice/).check()
    await page.getByRole('button', { name: 'Accept and continue' }).click()
    await page.waitForURL(appUrl(votePath))

    const link = await db.from('resident_oidc_links').where('id_hash', idHash).firstOrFail()
    const resident = await db.from('residents').where('id', link.resident_id).firstOrFail()
    assert.equal(resident.district_id, north.id)
    assert.equal(resident.district_source, 'verified')
    assert.isNull(resident.phone_e164)

    // The profile shows the linked provider; it cannot be unlinked while it is the only way in.
    await page.goto(appUrl('/profile'))
    await page.getByText('Linked: Test ID.').waitFor()
    await page.getByText('No phone number linked.').waitFor()
    assert.isTrue(await noHorizontalScroll(page))
    await page.getByRole('button', { name: 'Unlink Test ID' }).click()
    await page.getByText('You sign in only with your identity provider').waitFor()
    assert.exists(await db.from('resident_oidc_links').where('id_hash', idHash).first())
    // Linking a phone by SMS code, with the keyboard.
    const phone = votePagePhone()
    await page.getByLabel('Mobile phone number').fill(phone)
    await page.keyboard.press('Enter')
    await page.getByText('We sent a code to the number.').waitFor()
    await page.getByLabel(/Code sent to/).fill(smsOutbox.for(phone).at(-1)!.code!)
    await page.keyboard.press('Enter')
    await page.getByText('Your phone number is linked.').waitFor()
    assert.isTrue(await noHorizontalScroll(page))
    const withPhone = await db.from('residents').where('id', resident.id).firstOrFail()
    assert.equal(withPhone.phone_e164, phone)
    await page.goto(appUrl(votePath))

    await page.getByLabel('Project 1').check()
    await page.getByRole('button', { name: 'Review my ballot' }).click()
    await page.getByRole('button', { name: 'Cast my vote' }).click()
    await page.getByRole('heading', { name: 'Your vote is recorded' }).waitFor({ timeout: 90_000 })
    await page.context().close()
    // A receipt means a quorum committed it; each replica counts it once it executed the block.
    const tallies = await Promise.all(cluster.urls.map((url) => replicaTally(url, campaign.id)))
    assert.equal(Math.max(...tallies.map((t) => t.ballots)), 1, 'the ballot is on the ledger')

    campaign.stage = 'results'
    await campaign.save()
    const observer = await createStaff({ role: 'observer', communityId: campaign.communityId })
    const staff = await staffSignIn(browser(), observer)
    await staff.goto(appUrl(`/staff/campaigns/${campaign.id}/reports`))
    const northRow = staff.locator('[data-report="turnout"] tbody tr', { hasText: north.name })
    await northRow.waitFor()
    const northVoters = await northRow.locator('td').nth(2).textContent()
    assert.equal(northVoters?.trim(), '1')
    const voters = await staff
      .locator('[data-report="turnout"] tbody tr td:nth-child(3)')
      .allTextContents()
    assert.equal(
      voters.map(Number).reduce((a, b) => a + b, 0),
      1,
      'counted once, in North only'
    )
    await staff.context().close()
  }).timeout(240_000)
})
