import { test } from '@japa/runner'
import { appUrl, withBrowser, staffSignIn } from '#tests/helpers/browser'
import { openVoting, reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { createStaff } from '#tests/helpers/staff'
import { freshPhone } from '#tests/helpers/voting'

/*
| The staff paper-ballot page in a real browser: sheets and the voter list are two fields (the voter
| list only when the station sends one); a preview counts both; unequal counts are refused on the
| voter field; the page in Russian and Ukrainian.
*/
test.group('Staff paper ballots in a real browser', (group) => {
  const browser = withBrowser(group)

  test('sheets and voters as two lists: preview, count mismatch, ru/uk labels', async ({
    assert,
  }) => {
    const fx = await reviewCampaignWithProjects(2)
    await openVoting(fx.campaign.id, fx.admin.id)
    const [p1, p2] = fx.projects.map((p) => p.id)
    const admin = await createStaff({ role: 'admin', communityId: fx.campaign.communityId })
    const page = await staffSignIn(browser(), admin)
    await page.goto(appUrl(`/staff/campaigns/${fx.campaign.id}/paper`))

    await page.getByLabel('Polling station').fill('School 5')
    await page.getByLabel('Batch number').fill('1')
    await page.getByLabel('Or paste the sheet lines').fill(`sheet;projects\n1;${p1}\n2;${p2}`)
    assert.equal(await page.getByLabel('Or paste the voters (one a line)').count(), 0)
    await page.getByLabel('Voter list').selectOption('phone')
    const voters = page.getByLabel('Or paste the voters (one a line)')
    await voters.fill(freshPhone())
    await page.getByRole('button', { name: 'Check the file' }).click()
    await page.getByText('The voter list has 1 people but there are 2 sheets').waitFor()

    await voters.fill(`${freshPhone()}\n${freshPhone()}`)
    await page.getByRole('button', { name: 'Check the file' }).click()
    await page.getByRole('heading', { name: 'Ready to import' }).waitFor()
    await page.getByText('Sheets: 2').waitFor()
    await page.getByText('Voters marked: 2').waitFor()

    for (const [locale, label] of [
      ['ru', 'Список избирателей'],
      ['uk', 'Список виборців'],
    ]) {
      await page.goto(appUrl(`/staff/campaigns/${fx.campaign.id}/paper?lang=${locale}`))
      await page.getByLabel(label, { exact: true }).waitFor()
    }
    await page.context().close()
  }).timeout(120_000)
})
