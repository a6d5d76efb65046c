import { test } from '@japa/runner'
import { pathToFileURL } from 'node:url'
import app from '@adonisjs/core/services/app'
import { appUrl, withBrowser } from '#tests/helpers/browser'
import { ballotCampaign, FOUR_POTS } from '#tests/helpers/vote_page'

/*
| docs' example of the city's own site (examples/city_site_results.html) run in Debian's chromium
| from another origin (a file:// page): it can read the public API only because of its CORS header.
*/
test.group('City site example (CORS) in a real browser', (group) => {
  const browser = withBrowser(group)

  test("another origin's page fetches a campaign and its results by slug and renders them", async ({
    assert,
  }) => {
    const { campaign } = await ballotCampaign([FOUR_POTS[0]])
    const example = pathToFileURL(app.makePath('examples/city_site_results.html'))
    example.search = new URLSearchParams({
      api: appUrl('').replace(/\/$/, ''),
      campaign: campaign.slug,
    }).toString()
    const page = await browser().newPage()
    await page.goto(example.href)
    await page.getByRole('heading', { name: 'Parks' }).waitFor()
    assert.match((await page.locator('#summary').textContent()) ?? '', /^0 ballots/)
    const rows = await page.locator('tbody tr td:first-child').allTextContents()
    assert.sameMembers(rows, ['Benches', 'Trees', 'Fountain'])
    await page.close()
  })
})
