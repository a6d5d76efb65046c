/*
| The city's time zone and content languages (config/deployment.ts) in a real browser whose own
| zone is another one: staff type a stage date as the city's wall-clock time and see it back
| unchanged; residents see dates in the city's zone, rendered by the server and by the browser.
*/
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import deploymentConfig from '#config/deployment'
import Campaign from '#campaigns/models/campaign'
import type { ContentLocale } from '#start/deployment_env'
import { appUrl, phonePage, staffSignIn, withBrowser } from '#tests/helpers/browser'
import { at, makeCampaign, makeCity } from '#tests/helpers/campaigns'
import { createStaff } from '#tests/helpers/staff'
import { formatDateTime } from '../../resources/js/lib/dates.js'

/** Runs `body` with the city's settings changed, then restores them. */
async function withCity(
  settings: { timeZone?: string; contentLanguages?: ContentLocale[] },
  body: () => Promise<void>
) {
  const before = { ...deploymentConfig }
  Object.assign(deploymentConfig, settings)
  try {
    await body()
  } finally {
    Object.assign(deploymentConfig, before)
  }
}

/** Puts the browser tab in `timeZone` (what `new Date().toString()` would use there). */
async function browserZone(page: Page, timeZone: string): Promise<string> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: timeZone })
  return page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)
}

test.group('The city’s time zone and content languages in a real browser', (group) => {
  const browser = withBrowser(group)

  test('staff enter a stage date in the city’s zone and see it back unchanged', async ({
    assert,
  }) => {
    const { city } = await makeCity()
    const admin = await createStaff({ role: 'admin', communityId: city.id })
    const slug = `new-york-${Date.now()}`
    await withCity({ timeZone: 'America/New_York', contentLanguages: ['ru'] }, async () => {
      const page = await staffSignIn(browser(), admin)
      assert.equal(await browserZone(page, 'Asia/Tokyo'), 'Asia/Tokyo')
      await page.goto(appUrl('/staff/campaigns/create'))
      await page.getByLabel('Community').selectOption({ label: city.name })

      // The city's content language first, and the only one required.
      const title = page.getByRole('group', { name: 'Title', exact: true })
      assert.deepEqual(await title.locator('label').allInnerTexts(), [
        'Russian *',
        'English',
        'Ukrainian',
      ])
      await title.getByLabel('Russian *').fill('Бюджет Нью-Йорка')
      await page.getByLabel('Web address').fill(slug)
      await page.getByLabel('Total budget').fill('100000')
      await page.getByLabel('Currency (ISO code)').fill('USD')

      // The zone is named next to the inputs; New York moves to summer time on 2027-03-14.
      await page.getByText("Times are in the city's time zone, America/New_York.").waitFor()
      const votingOpens = page.getByLabel('Voting opens')
      assert.equal(
        await page.locator(`#${await votingOpens.getAttribute('aria-describedby')}`).innerText(),
        'America/New_York'
      )
      await votingOpens.fill('2027-03-14T09:30')
      await page.getByRole('button', { name: 'Next step' }).click()
      await page.waitForURL(/\/staff\/campaigns\/\d+\/pots$/)

      const campaign = await Campaign.findByOrFail('slug', slug)
      assert.deepEqual(campaign.title, { ru: 'Бюджет Нью-Йорка' })
      assert.equal(campaign.votingOpensAt?.toUTC().toISO(), '2027-03-14T13:30:00.000Z')

      await page.goto(appUrl(`/staff/campaigns/${campaign.id}`))
      assert.equal(await page.getByLabel('Voting opens').inputValue(), '2027-03-14T09:30')
      await page.context().close()
    })
  })

  test('a resident page shows a stage date in the city’s zone, not the browser’s', async ({
    assert,
  }) => {
    const { city } = await makeCity()
    await withCity({ timeZone: 'Asia/Tokyo' }, async () => {
      // 16:00 UTC on 1 March is 01:00 on 2 March in Tokyo (and 08:00 on 1 March in Los Angeles).
      const campaign = await makeCampaign(city.id, {
        title: { en: `Tokyo parks ${Date.now()}` },
        stage: 'ideas',
        ideasOpensAt: at('2027-03-01T16:00:00Z'),
      })
      const shown = `from ${formatDateTime('2027-03-01T16:00:00.000Z', 'en', 'Asia/Tokyo')}`
      assert.include(shown, 'Mar 2, 2027')

      const page = await phonePage(browser(), 'en')
      page.setDefaultTimeout(30_000)
      assert.equal(await browserZone(page, 'America/Los_Angeles'), 'America/Los_Angeles')

      // Rendered by the server, then hydrated in the browser.
      await page.goto(appUrl(`/campaigns/${campaign.slug}`))
      await page.waitForLoadState('networkidle')
      await page.getByText(shown).waitFor()

      // Rendered by the browser alone (an Inertia visit from the list).
      await page.goto(appUrl('/campaigns'))
      await page.waitForLoadState('networkidle')
      await page.getByRole('link', { name: campaign.title.en }).click()
      await page.waitForURL(appUrl(`/campaigns/${campaign.slug}`))
      await page.getByText(shown).waitFor()
      assert.equal(await page.getByText('Mar 1, 2027').count(), 0)
      await page.context().close()
    })
  })
})
