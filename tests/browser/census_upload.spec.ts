import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { appUrl, staffSignIn, withBrowser } from '#tests/helpers/browser'
import { makeCampaign, makeCity } from '#tests/helpers/campaigns'
import { createStaff } from '#tests/helpers/staff'

/*
| Issue #17 (uploads): the census screen takes a 200,000-line CSV as a file — previewed in the
| browser chunk by chunk with a progress bar (never loaded into a textarea), uploaded, and read by
| the server as a stream.
*/
test.group('Census register upload in a real browser', (group) => {
  const browser = withBrowser(group)
  let dir: string
  let campaignId = 0
  group.setup(async () => {
    dir = await mkdtemp(join(tmpdir(), 'census-browser-'))
    return async () => {
      await rm(dir, { recursive: true, force: true })
      // 200,000 rows left behind would slow every later test that reads the table.
      await db.from('campaign_census_entries').where('campaign_id', campaignId).delete()
    }
  })

  test('a 200,000-line file: progress, first lines and count, then imported', async ({
    assert,
  }) => {
    const { city } = await makeCity()
    const campaign = await makeCampaign(city.id)
    campaignId = campaign.id
    const admin = await createStaff({ role: 'admin', communityId: city.id })
    const lines = ['phone']
    for (let i = 0; i < 199_999; i++) lines.push(`+7999${2_000_000 + i}`)
    const path = join(dir, 'census.csv')
    await writeFile(path, `${lines.join('\n')}\n`)

    const page = await staffSignIn(browser(), admin)
    page.setDefaultTimeout(120_000)
    // Whether a progress bar was ever on screen (reading or sending), however briefly.
    await page.addInitScript(() => {
      new MutationObserver(() => {
        if (document.querySelector('progress')) (window as any).sawProgress = true
      }).observe(document, { subtree: true, childList: true })
    })
    await page.goto(appUrl(`/staff/campaigns/${campaign.id}/census`))
    await page.getByLabel('CSV file').setInputFiles(path)
    await page.getByText('200,000 lines in the file.').waitFor()
    assert.match(await page.locator('.csv-preview pre').innerText(), /^phone\n\+79992000000\n/)
    assert.isTrue(await page.evaluate(() => (window as any).sawProgress === true))
    assert.equal(await page.locator('textarea').count(), 0)

    await page.getByRole('button', { name: 'Import the census' }).click()
    await page.getByText(/Census imported: 199999 added/).waitFor()
    const [{ total }] = await db
      .from('campaign_census_entries')
      .where('campaign_id', campaign.id)
      .count('* as total')
    assert.equal(Number(total), 199_999)
    await page.context().close()
  }).timeout(600_000)
})
