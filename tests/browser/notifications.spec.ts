import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import db from '@adonisjs/lucid/services/db'
import { deliverDueWebhooks } from '#notifications/webhooks/deliver'
import { unsubscribeToken } from '#notifications/notices/unsubscribe_token'
import {
  appUrl,
  noHorizontalScroll,
  phone360,
  staffSignIn,
  withBrowser,
} from '#tests/helpers/browser'
import { makeResident } from '#tests/helpers/campaigns'
import { createStaff } from '#tests/helpers/staff'
import { nextPhone } from '#tests/helpers/proposals'
import { startWebhookListener } from '#tests/helpers/webhook_listener'

/*
| The new screens in Debian's chromium on a 360 px phone, with the keyboard: an admin adds a
| webhook, copies its secret, sends a test event and reads the delivery log; a resident stops
| notices from the link of a message.
*/
async function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.textContent?.trim() ?? '')
}

test.group('Webhooks and notices in a real browser', (group) => {
  const browser = withBrowser(group)

  test('an admin adds a webhook with the keyboard, sees the secret once and the test delivery in the log', async ({
    assert,
  }) => {
    const listener = await startWebhookListener([200])
    try {
      const admin = await createStaff({ role: 'admin' })
      const page = await staffSignIn(browser(), admin)
      await page.setViewportSize({ width: 360, height: 740 })
      await page.goto(appUrl('/staff/webhooks'))
      await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor()
      assert.isTrue(await noHorizontalScroll(page), 'no sideways scrolling at 360 px')

      await page.getByLabel('URL (http or https)').fill(listener.url)
      await page.getByLabel('Voting opened').focus()
      await page.keyboard.press('Space')
      await page.getByLabel('Milestone reached').focus()
      await page.keyboard.press('Space')
      await page.keyboard.press('Tab')
      assert.equal(await focusedText(page), 'Add the webhook')
      await page.keyboard.press('Enter')
      await page.getByRole('heading', { name: 'Webhook added', level: 1 }).waitFor()
      const secretText = await page.getByTestId('webhook-secret').textContent()
      const secret = secretText?.trim() ?? ''
      assert.match(secret, /^[0-9a-f]{64}$/)
      assert.isTrue(await noHorizontalScroll(page), 'the secret wraps at 360 px')
      const [endpoint] = await db.from('webhook_endpoints').where('url', listener.url)
      assert.deepEqual(endpoint.event_types, ['campaign.voting_opened', 'milestone.reached'])

      await page.getByRole('link', { name: 'Delivery log' }).click()
      await page.getByRole('button', { name: 'Send a test event' }).focus()
      await page.keyboard.press('Enter')
      await page.getByText('A test event is queued').waitFor()
      await deliverDueWebhooks()
      await page.reload()
      const log = page.getByTestId('webhook-deliveries')
      await log.getByText('delivered').waitFor()
      assert.isTrue(await noHorizontalScroll(page), 'the log scrolls inside its frame at 360 px')
      assert.lengthOf(listener.received, 1)
      // Reloading never shows the secret again.
      assert.notInclude(await page.content(), secret)
    } finally {
      await listener.close()
    }
  })

  test('a resident stops notices from the link in a message, with the keyboard, without signing in', async ({
    assert,
  }) => {
    const resident = await makeResident(nextPhone(), null)
    await db
      .from('residents')
      .where('id', resident.id)
      .update({ notices_opt_in: true, notices_email: 'someone@example.org' })
    const page = await phone360(browser())
    await page.goto(appUrl(`/notices/unsubscribe/${unsubscribeToken(resident.id)}`))
    await page.getByRole('heading', { name: 'Stop notices', level: 1 }).waitFor()
    assert.isTrue(await noHorizontalScroll(page))
    await page.getByRole('button', { name: 'Stop the notices' }).focus()
    await page.keyboard.press('Enter')
    await page.getByText('Done: you will get no more notices.').waitFor()
    const row = await db.from('residents').where('id', resident.id).first()
    assert.deepInclude(row, { notices_opt_in: false, notices_email: null })
  })
})
