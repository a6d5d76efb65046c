/*
| Issue #17 item 4 in Debian's chromium on a 360 px phone: an idea's author and day and the
| support progress bar; comments, a reply, a report and a moderator hiding the comment with a
| reason; following and unfollowing; the ideas list with its filters folded behind a toggle.
*/
import { randomInt } from 'node:crypto'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Browser, Page } from 'playwright-core'
import { smsOutbox } from '#identity/sms/sms_outbox'
import {
  appUrl,
  withBrowser,
  phone360,
  noHorizontalScroll,
  staffSignIn,
} from '#tests/helpers/browser'
import { createStaff } from '#tests/helpers/staff'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'

/** A fresh number in this file's own range (+7927…). */
const freshPhone = () => `+7927${String(randomInt(0, 10_000_000)).padStart(7, '0')}`

/** Phone → code from the dev SMS outbox → consent when asked, then back to `next`. */
async function signIn(browser: Browser, next: string, phone = freshPhone()): Promise<Page> {
  const page = await phone360(browser)
  page.setDefaultTimeout(30_000)
  await page.goto(appUrl(`/sign-in?next=${encodeURIComponent(next)}`))
  await page.getByLabel('Mobile phone number').fill(phone)
  await page.getByRole('button', { name: 'Send the code' }).click()
  await page.waitForURL(appUrl('/sign-in/code'))
  const [sent] = smsOutbox.for(phone)
  await page.getByLabel('Code', { exact: true }).fill(sent.code!)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in/code'))
  if (page.url().includes('/sign-in/consent')) {
    await page.getByLabel(/I have read the notice/).check()
    await page.getByRole('button', { name: 'Accept and continue' }).click()
  }
  await page.waitForURL(appUrl(next))
  return page
}

async function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.textContent?.trim() ?? '')
}

test.group('Ideas: discussion, following, progress and the phone layout', (group) => {
  const browser = withBrowser(group)

  test('author (display name) and day, and the progress bar to the support threshold', async ({
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign({ threshold: 5 })
    const idea = await makeIdea(campaign, author, { title: 'Shade trees', supportCount: 2 })
    // The author names themselves on the profile, with the keyboard.
    const page = await signIn(browser(), '/profile', author.phoneE164)
    await page.getByLabel('Display name').fill('Anna K.')
    await page.keyboard.press('Tab')
    assert.equal(await focusedText(page), 'Save name')
    await page.keyboard.press('Enter')
    await page.getByText('Your display name is saved.').waitFor()

    await page.goto(appUrl(`/ideas/${idea.id}`))
    const line = page.locator('.author-line').first()
    assert.include(await line.innerText(), 'Anna K.')
    assert.equal(await line.locator('time').getAttribute('datetime'), idea.publishedAt!.toISODate())
    assert.notInclude(await page.content(), author.phoneE164)
    const bar = page.getByRole('progressbar', { name: 'Supports towards the review threshold' })
    assert.equal(await bar.getAttribute('aria-valuenow'), '2')
    assert.equal(await bar.getAttribute('aria-valuemax'), '5')
    await page.getByText('2 of 5 supports needed for review').waitFor()
    assert.isTrue(await noHorizontalScroll(page))

    // The list's card shows them too.
    await page.goto(appUrl(`/campaigns/${campaign.slug}/ideas`))
    const card = page.locator('.idea-card', { hasText: 'Shade trees' })
    assert.include(await card.locator('.author-line').innerText(), 'Anna K.')
    await card.getByRole('progressbar').waitFor()
    await page.context().close()
  })

  test('comment, reply, report; a moderator hides the comment with a reason', async ({
    assert,
  }) => {
    const { campaign, city, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { title: 'A fountain in the square' })
    const path = `/ideas/${idea.id}`

    const writer = await signIn(browser(), path)
    const box = writer.getByLabel('Your comment')
    // Too long: a translated field message, and the text stays.
    const tooLong = 'a'.repeat(2001)
    await box.fill(tooLong)
    await writer.getByRole('button', { name: 'Publish comment' }).click()
    await writer.getByText('Must be at most 2000 characters').waitFor()
    assert.equal(await box.inputValue(), tooLong)
    await box.fill('The square needs water in summer.')
    await box.focus()
    await writer.keyboard.press('Tab')
    assert.equal(await focusedText(writer), 'Publish comment')
    await writer.keyboard.press('Enter')
    await writer.locator('.comment-body', { hasText: 'The square needs water' }).waitFor()
    assert.equal(await box.inputValue(), '')
    await writer.getByRole('heading', { name: 'Comments (1)' }).waitFor()

    // Another resident replies and reports the comment, all with the keyboard.
    const reader = await signIn(browser(), path)
    const reply = reader.getByRole('button', { name: 'Reply' })
    await reply.focus()
    await reader.keyboard.press('Enter')
    await reader.getByLabel('Your reply').fill('Yes, and benches around it.')
    await reader.keyboard.press('Tab')
    assert.equal(await focusedText(reader), 'Publish reply')
    await reader.keyboard.press('Enter')
    await reader.locator('.comment-replies .comment-body', { hasText: 'benches' }).waitFor()
    await reader.getByRole('button', { name: 'Report' }).first().click()
    await reader.getByLabel('Why should moderators look at this comment?').fill('Looks like spam')
    await reader.getByRole('button', { name: 'Send report' }).click()
    await reader.getByText('Thank you: moderators will look at this comment').waitFor()
    await reader.getByText('Reported', { exact: true }).waitFor()
    assert.isTrue(await noHorizontalScroll(reader))

    // The moderator sees the report in the queue and hides the comment with a reason.
    const moderator = await createStaff({ role: 'moderator', communityId: city.id })
    const staff = await staffSignIn(browser(), moderator)
    await staff.goto(appUrl(`/staff/proposals/campaigns/${campaign.id}/comments`))
    await staff.getByText('Looks like spam').waitFor()
    await staff.getByLabel('Reason (its author sees it)').fill('Advertising is not allowed')
    await staff.getByRole('button', { name: 'Hide comment' }).click()
    await staff.getByText('Hidden: Advertising is not allowed').waitFor()

    // Residents see a placeholder (the reply stays); the writer sees their comment and the reason.
    await reader.reload()
    await reader.getByText('This comment was hidden by a moderator.').waitFor()
    assert.equal(await reader.getByText('The square needs water').count(), 0)
    await reader.locator('.comment-body', { hasText: 'benches' }).waitFor()
    await writer.reload()
    await writer.getByText(/A moderator hid your comment: Advertising is not allowed/).waitFor()
    const [row] = await db.from('idea_discussion_comments').where('idea_id', idea.id).orderBy('id')
    assert.equal(row.hidden_reason, 'Advertising is not allowed')
    for (const page of [writer, reader, staff]) await page.context().close()
  })

  test('follow and unfollow an idea', async ({ assert }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    const page = await signIn(browser(), `/ideas/${idea.id}`)
    const follow = page.getByRole('button', { name: 'Follow', exact: true })
    await follow.focus()
    await page.keyboard.press('Enter')
    await page.getByText('You follow this idea').waitFor()
    const unfollow = page.getByRole('button', { name: 'Unfollow' })
    assert.equal(await unfollow.getAttribute('aria-pressed'), 'true')
    const box = await unfollow.boundingBox()
    assert.isAtLeast(box!.height, 24)
    assert.lengthOf(await db.from('idea_follows').where('idea_id', idea.id), 1)
    await unfollow.click()
    await page.getByText('You no longer follow this idea').waitFor()
    assert.equal(
      await page.getByRole('button', { name: 'Follow', exact: true }).getAttribute('aria-pressed'),
      'false'
    )
    assert.lengthOf(await db.from('idea_follows').where('idea_id', idea.id), 0)
    await page.context().close()
  })

  test('360 px phone: filters behind a toggle, the first idea above the fold', async ({
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    for (const title of ['Bike racks', 'Night lights', 'A dog park']) {
      await makeIdea(campaign, author, { title })
    }
    const page = await phone360(browser())
    page.setDefaultTimeout(30_000)
    await page.goto(appUrl(`/campaigns/${campaign.slug}/ideas`))
    const search = page.getByLabel('Search ideas')
    assert.isFalse(await search.isVisible(), 'filters folded on a phone')
    const first = page.locator('.idea-card').first()
    const box = await first.locator('h2').boundingBox()
    assert.isAtMost(box!.y + box!.height, 740, 'the first idea is above the fold')
    assert.isTrue(await noHorizontalScroll(page))

    const toggle = page.getByRole('button', { name: 'Show filters' })
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false')
    await toggle.focus()
    await page.keyboard.press('Enter')
    assert.isTrue(await search.isVisible())
    assert.equal(
      await page.getByRole('button', { name: 'Hide filters' }).getAttribute('aria-expanded'),
      'true'
    )
    await search.fill('dog')
    await page.keyboard.press('Enter')
    await page.waitForURL(/q=dog/)
    // Active filters stay open after the search.
    assert.isTrue(await page.getByLabel('Search ideas').isVisible())
    await page.context().close()

    // A wide screen shows the filters without the toggle.
    const wide = await browser().newContext({ viewport: { width: 1280, height: 800 } })
    const desk = await wide.newPage()
    await desk.goto(appUrl(`/campaigns/${campaign.slug}/ideas`))
    assert.isTrue(await desk.getByLabel('Search ideas').isVisible())
    assert.isFalse(await desk.getByRole('button', { name: 'Show filters' }).isVisible())
    await wide.close()
  })
})
