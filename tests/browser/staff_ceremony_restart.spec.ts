import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { configureLedger } from '#ledger/ledger'
import nameTrustees from '#trustees/actions/name_trustees'
import { withBrowser, appUrl, noHorizontalScroll, staffSignIn } from '#tests/helpers/browser'
import { reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { createStaff } from '#tests/helpers/staff'

/*
| The staff trustees screen after a failed key ceremony, in chromium at 360 px with the keyboard:
| "Start the ceremony again" explains itself, proposes the current trustees, and answers with the
| new invite links.
*/
const SYSTEM = { type: 'system' as const, id: null, ip: null }

test.group('Staff trustees screen · starting the ceremony again', (group) => {
  const browser = withBrowser(group)
  group.setup(() => {
    configureLedger({ adminSecretKeyHex: '67'.repeat(32) })
    return () => configureLedger({})
  })

  test('after a failure: the restart section, prefilled, gives new invite links', async ({
    assert,
  }) => {
    const { campaign } = await reviewCampaignWithProjects(2)
    const named = await nameTrustees(SYSTEM, campaign.id, {
      names: ['Ada', 'Boris', 'Chen'],
      threshold: 2,
    })
    assert.equal(named.outcome, 'ok')
    // As if the ceremony had run and failed, its records on the ledger.
    await db.from('ledger_outbox').update({ status: 'committed', committed_height: 1 })
    await db
      .from('campaign_ceremonies')
      .where('campaign_id', campaign.id)
      .update({ status: 'failed', outcome: JSON.stringify({ reason: 'too_few_qualified' }) })

    const admin = await createStaff({ role: 'admin', communityId: campaign.communityId })
    const page = await staffSignIn(browser(), admin)
    await page.setViewportSize({ width: 360, height: 740 })
    await page.goto(appUrl(`/staff/campaigns/${campaign.id}/trustees`))
    await page.getByRole('heading', { name: 'Start the ceremony again' }).waitFor()
    await page.getByText('the current links stop working').waitFor()
    assert.equal(await page.getByLabel('Trustee 1', { exact: true }).inputValue(), 'Ada')
    assert.isTrue(await noHorizontalScroll(page), 'fits a 360 px screen')

    // Two trustees instead of three, by keyboard.
    const count = page.getByLabel('Number of trustees')
    await count.focus()
    await page.keyboard.press('Control+A')
    await page.keyboard.type('2')
    await page.getByLabel('Trustee 2', { exact: true }).focus()
    await page.keyboard.press('Control+A')
    await page.keyboard.type('Emil')
    await page.getByRole('button', { name: 'Start again and show the new invite links' }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Invite links' }).waitFor()
    const links = await page
      .locator('input[readonly]')
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))
    assert.lengthOf(links, 2)
    assert.isTrue(links.every((url) => url.includes('/trustee#token=')))
    const row = await db.from('campaign_ceremonies').where('campaign_id', campaign.id).first()
    assert.include(row, { status: 'keys', threshold: 2, trustees: 2, restarts: 1 })
    const names = await db
      .from('campaign_trustees')
      .where('campaign_id', campaign.id)
      .orderBy('index')
      .select('name')
    assert.deepEqual(
      names.map((n) => n.name),
      ['Ada', 'Emil']
    )
    assert.equal(await page.getByRole('heading', { name: 'Start the ceremony again' }).count(), 0)
  }).timeout(120_000)
})
