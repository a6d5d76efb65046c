import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import db from '@adonisjs/lucid/services/db'
import Community from '#communities/models/community'
import { appUrl, withBrowser, phone360, noHorizontalScroll } from '#tests/helpers/browser'
import { ballotCampaign, FOUR_POTS, signIn, votePagePhone } from '#tests/helpers/vote_page'

/*
| The resident profile in Debian's chromium on a 360 px phone: the voting page of a "residents only"
| campaign sends a resident without a district to the profile, the district is set with the
| keyboard, the resident comes back able to vote; then the account is deleted.
*/
async function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.textContent?.trim() ?? '')
}

test.group('Resident profile in a real browser', (group) => {
  const browser = withBrowser(group)

  test('residents only: the voting page links to the profile, the district is set with the keyboard, and the resident can vote', async ({
    assert,
  }) => {
    const { campaign } = await ballotCampaign([FOUR_POTS[0]])
    campaign.eligibilityMode = 'residents'
    await campaign.save()
    const [north] = await Community.query().where('parentId', campaign.communityId).orderBy('name')
    const votePath = `/campaigns/${campaign.slug}/vote`
    const phone = votePagePhone()
    const page = await phone360(browser())
    await signIn(page, phone, votePath)

    const toProfile = page.getByRole('link', { name: 'Set my district in my profile' })
    await toProfile.click()
    await page.waitForURL(/\/profile\?next=/)
    await page.getByRole('heading', { name: 'My profile', level: 1 }).waitFor()
    assert.isTrue(await noHorizontalScroll(page), 'no sideways scrolling at 360 px')

    const district = page.getByLabel('District', { exact: true })
    await district.selectOption(String(north.id))
    await district.focus()
    await page.keyboard.press('Tab')
    assert.equal(await focusedText(page), 'Save district')
    await page.keyboard.press('Enter')
    await page.waitForURL(appUrl(votePath))
    await page.getByText('Your district is saved.').waitFor()
    assert.equal(await page.getByText('You cannot vote here yet').count(), 0)
    const row = await db.from('residents').where('phone_e164', phone).first()
    assert.equal(row.district_id, north.id)
    assert.equal(row.district_source, 'declared')

    await page.goto(appUrl('/profile'))
    await page.getByText('Declared by you.').waitFor()
    await page.getByLabel('I understand that my account is deleted for good').focus()
    await page.keyboard.press('Space')
    await page.keyboard.press('Tab')
    assert.equal(await focusedText(page), 'Delete my account')
    await page.keyboard.press('Enter')
    await page.waitForURL(appUrl('/'))
    await page.getByText('Your account is deleted.').waitFor()
    await page.getByRole('link', { name: 'Sign in', exact: true }).waitFor()
    assert.notExists(await db.from('residents').where('phone_e164', phone).first())
    await page.context().close()
  })

  test("{locale}: the profile speaks the resident's language and fits a phone")
    .with([
      { locale: 'ru', heading: 'Мой профиль', delete: 'Удалить аккаунт' },
      { locale: 'uk', heading: 'Мій профіль', delete: 'Видалити акаунт' },
    ])
    .run(async ({ assert }, row) => {
      const page = await phone360(browser())
      await signIn(page, votePagePhone(), '/profile')
      await page.goto(appUrl(`/locale/${row.locale}`))
      await page.goto(appUrl('/profile'))
      assert.equal(await page.locator('html').getAttribute('lang'), row.locale)
      await page.getByRole('heading', { name: row.heading, level: 1 }).waitFor()
      await page.getByRole('button', { name: row.delete }).waitFor()
      assert.isTrue(await noHorizontalScroll(page))
      await page.context().close()
    })
})
