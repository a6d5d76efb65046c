import { test } from '@japa/runner'
import type { Page, Request } from 'playwright-core'
import db from '@adonisjs/lucid/services/db'
import {
  withBrowser,
  appUrl,
  phonePage,
  phone360,
  noHorizontalScroll,
} from '#tests/helpers/browser'
import { ballotCampaign, FOUR_POTS, signIn, votePagePhone } from '#tests/helpers/vote_page'
import { registrarPublicKeyOf } from '#voting/registrar'
import {
  base64ToBytes,
  ballotHash,
  blind,
  decodeBallot,
  generateVoterKey,
  verifyBallotSignature,
  verifyCredential,
} from '@civic-budget/protocol'
import issueCredential from '#voting/actions/issue_credential'
import Resident from '#identity/models/resident'

/*
| The voting page in Debian's chromium on a 360 px phone: the ballot of each rule kind, rules
| enforced as the resident chooses, keyboard use, and the casting flow against the real credential
| endpoint (the ballot endpoint is stood in for by request interception here; the full end-to-end
| run is tests/browser/vote_and_check.spec.ts).
*/
function pageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => {
    if (!String(error).includes('WebSocket')) errors.push(String(error))
  })
  return errors
}

test.group('Voting page in a real browser', (group) => {
  const browser = withBrowser(group)

  test('signed out: the ballot is behind the phone sign-in, which returns to it', async ({
    assert,
  }) => {
    const { campaign } = await ballotCampaign()
    const page = await phone360(browser())
    await page.goto(appUrl(`/campaigns/${campaign.slug}/vote`))
    const signInLink = page.getByRole('link', { name: 'Sign in to vote' })
    assert.equal(
      await signInLink.getAttribute('href'),
      `/sign-in?next=/campaigns/${campaign.slug}/vote`
    )
    assert.equal(await page.getByRole('checkbox').count(), 0)
    await signIn(page, votePagePhone(), `/campaigns/${campaign.slug}/vote`)
    await page.getByRole('heading', { name: 'Parks' }).waitFor()
    await page.context().close()
  })

  test("{locale}: the voting and check pages speak the resident's language")
    .with([
      { locale: 'ru', signIn: 'Войти, чтобы проголосовать', check: 'Проверить мой бюллетень' },
      { locale: 'uk', signIn: 'Увійти, щоб проголосувати', check: 'Перевірити мій бюлетень' },
    ])
    .run(async ({ assert }, row) => {
      const { campaign } = await ballotCampaign([FOUR_POTS[0]])
      const page = await phonePage(browser(), row.locale)
      await page.goto(appUrl(`/campaigns/${campaign.slug}/vote`))
      await page.getByRole('link', { name: row.signIn }).waitFor()
      await page.goto(appUrl('/check'))
      await page.getByRole('heading', { name: row.check }).waitFor()
      assert.equal(await page.locator('html').getAttribute('lang'), row.locale)
      await page.context().close()
    })

  test('every rule kind: its inputs, running counters and messages; rules block the review', async ({
    assert,
  }) => {
    const { campaign } = await ballotCampaign()
    const page = await phone360(browser())
    const errors = pageErrors(page)
    await signIn(page, votePagePhone(), `/campaigns/${campaign.slug}/vote`)

    for (const pot of FOUR_POTS) await page.getByRole('heading', { name: pot.name }).waitFor()
    assert.isTrue(await noHorizontalScroll(page), 'fits a 360 px screen')
    assert.equal(await page.getByRole('checkbox').count(), 6, 'approval + knapsack projects')
    assert.equal(await page.getByRole('spinbutton').count(), 2, 'cumulative projects')
    assert.equal(await page.getByRole('combobox').count(), 3, 'ranked projects')

    // Nothing chosen: the review is refused and says why.
    await page.getByRole('button', { name: 'Review my ballot' }).click()
    await page.getByText('Choose at least 1 (now 0).').first().waitFor()
    await page
      .getByText(/Choose projects worth at least 50% of the budget/)
      .first()
      .waitFor()
    assert.equal(await page.getByRole('heading', { name: 'Review your ballot' }).count(), 0)

    // Approval, by keyboard: Space ticks, Tab goes to the project's details button, then to the
    // next project.
    await page.getByLabel('Benches').focus()
    await page.keyboard.press('Space')
    await page.keyboard.press('Tab')
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent),
      '▸ Details — Benches'
    )
    await page.keyboard.press('Tab')
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      await page.getByLabel('Trees').getAttribute('id')
    )
    await page.keyboard.press('Space')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Space')
    await page.getByText('Choose at most 2 (now 3).').waitFor()
    await page.getByText('Chosen: 3 (at least 1, at most 2)').waitFor()
    await page.keyboard.press('Space')

    // Knapsack: the budget counter and over-budget message.
    await page.getByLabel('Crossing').check()
    await page.getByLabel('Lights').check()
    await page.getByText(/costs RUB\s?100\.00 more than the budget/).waitFor()
    await page.getByText(/Spent RUB\s?2,100\.00 of RUB\s?2,000\.00/).waitFor()
    await page.getByLabel('Lights').uncheck()
    await page.getByLabel('Bike lane').check()
    await page.getByText(/Spent RUB\s?1,800\.00 of RUB\s?2,000\.00/).waitFor()

    // Cumulative: at most 3 per project, 5 in all.
    await page.getByLabel('Points for Library').fill('4')
    await page.getByText('At most 3 points for Library.').waitFor()
    await page.getByLabel('Points for Library').fill('3')
    await page.getByLabel('Points for Concerts').fill('3')
    await page.getByText('You gave 6 points, but you have only 5.').waitFor()
    await page.getByLabel('Points for Concerts').fill('2')
    await page.getByText('Points used: 5 of 5 (0 left, at most 3 per project)').waitFor()

    // Ranked: distinct ranks from 1, at most 2.
    await page.getByLabel('Rank of Gym').selectOption('1')
    await page.getByLabel('Rank of Garden').selectOption('1')
    await page.getByText('Rank 1 is given twice.').waitFor()
    await page.getByLabel('Rank of Garden').selectOption('2')

    assert.equal(await page.locator('.pot-messages .field-error').count(), 0)
    assert.isTrue(await noHorizontalScroll(page))
    await page.getByRole('button', { name: 'Review my ballot' }).focus()
    await page.keyboard.press('Enter')
    const review = page.getByRole('heading', { name: 'Review your ballot' })
    await review.waitFor()
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent),
      'Review your ballot',
      'focus moves to the step heading'
    )
    await page.getByText('1. Gym').waitFor()
    await page.getByText(/Library .*— 3 points/).waitFor()
    await page.getByText(/random \d+–\d+ seconds/).waitFor()
    await page.getByRole('button', { name: 'Change my choices' }).click()
    assert.isTrue(await page.getByLabel('Benches').isChecked(), 'choices are kept')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('signing out deletes the votes stored in this browser (shared devices)', async ({
    assert,
  }) => {
    const { campaign } = await ballotCampaign([FOUR_POTS[0]])
    const page = await phone360(browser())
    await signIn(page, votePagePhone(), `/campaigns/${campaign.slug}/vote`)
    // A vote left half-way on this device (as the page stores it).
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const open = indexedDB.open('civic-budget-voting', 1)
          open.onupgradeneeded = () => open.result.createObjectStore('votes', { keyPath: 'id' })
          open.onsuccess = () => {
            const write = open.result.transaction('votes', 'readwrite')
            write.objectStore('votes').put({ id: '1:1', stage: 'credentialed' })
            write.oncomplete = () => {
              open.result.close()
              resolve()
            }
          }
        })
    )
    const databases = () =>
      page.evaluate(async () => {
        const all = await indexedDB.databases()
        return all.map((database) => database.name)
      })
    assert.include(await databases(), 'civic-budget-voting')
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('link', { name: 'Sign in' }).first().waitFor()
    assert.notInclude(await databases(), 'civic-budget-voting')
    await page.context().close()
  })

  test('casting: one credential, a valid ballot sent without cookies, resumed after a reload', async ({
    assert,
  }) => {
    const single = [FOUR_POTS[0]]
    const { campaign } = await ballotCampaign(single)
    const page = await phone360(browser())
    const errors = pageErrors(page)
    await signIn(page, votePagePhone(), `/campaigns/${campaign.slug}/vote`)

    const credentialCalls: Request[] = []
    page.on('request', (request) => {
      if (request.url().endsWith(`/campaigns/${campaign.id}/credential`))
        credentialCalls.push(request)
    })
    // Stand-in ballot endpoint: the first POST is cut off; later ones get 202, then a receipt.
    const posts: { body: string; cookie: string | undefined }[] = []
    let hash = ''
    await page.route(`**/api/v1/campaigns/${campaign.id}/ballots`, async (route) => {
      posts.push({ body: route.request().postData()!, cookie: route.request().headers().cookie })
      if (posts.length === 1) return route.abort('connectionreset')
      const { ballot } = JSON.parse(route.request().postData()!)
      hash = ballotHash(base64ToBytes(ballot))
      return route.fulfill({ status: 202, json: { ballotHash: hash, status: 'pending' } })
    })
    await page.route('**/api/v1/ballots/*', (route) =>
      route.fulfill({
        json: {
          status: 'committed',
          receipt: { version: 1, ballotHash: hash, campaignId: campaign.id },
        },
      })
    )

    await page.getByLabel('Trees').check()
    await page.getByRole('button', { name: 'Review my ballot' }).click()
    await page.getByRole('button', { name: 'Cast my vote' }).click()
    await page.getByRole('heading', { name: 'Casting your vote' }).waitFor()
    await page
      .getByText(/waits a random time/)
      .first()
      .waitFor()
    for (let i = 0; i < 200 && posts.length === 0; i++) await page.waitForTimeout(100)
    assert.lengthOf(posts, 1, 'the first ballot POST was sent')
    await page.reload()

    await page.getByRole('heading', { name: 'Your vote is recorded' }).waitFor({ timeout: 30_000 })
    assert.lengthOf(posts, 2)
    assert.equal(posts[1].body, posts[0].body, 'the same bytes are resent')
    assert.isUndefined(posts[0].cookie, 'the ballot carries no cookie')
    assert.isUndefined(posts[1].cookie)
    assert.lengthOf(credentialCalls, 1, 'one credential request')
    assert.isDefined(credentialCalls[0].headers()['x-xsrf-token'])

    // What the browser built is a valid ballot for this campaign, with the chosen project.
    const { ballot, signature } = JSON.parse(posts[0].body)
    const bytes = base64ToBytes(ballot)
    const decoded = decodeBallot(bytes)
    const trees = await db
      .from('projects')
      .where('title', 'Trees')
      .where('campaign_id', campaign.id)
      .first()
    assert.deepEqual(decoded.choices, [{ projectId: trees.id, weight: 1 }])
    assert.isTrue(verifyBallotSignature(decoded.voterKey, bytes, base64ToBytes(signature)))
    const registrarKey = (await registrarPublicKeyOf(campaign.id))!.publicKey
    assert.isTrue(verifyCredential(registrarKey, campaign.id, decoded.voterKey, decoded.credential))

    // The receipt: download and check link (fragment only); then this device forgets the vote.
    const download = page.getByRole('link', { name: 'Download the receipt' })
    assert.match((await download.getAttribute('download'))!, /^receipt-[0-9a-f]{12}\.json$/)
    assert.match(
      (await page.getByRole('link', { name: 'Check it now' }).getAttribute('href'))!,
      /^\/check#r=/
    )
    await page.waitForFunction(
      () =>
        new Promise<boolean>((resolve) => {
          const open = indexedDB.open('civic-budget-voting')
          open.onsuccess = () => {
            const all = open.result.transaction('votes').objectStore('votes').count()
            all.onsuccess = () => {
              open.result.close()
              resolve(all.result === 0)
            }
          }
        })
    )
    // Printing the receipt: hash and full check link on paper, no header or buttons; the choices
    // only once the voter asks for them.
    await page.emulateMedia({ media: 'print' })
    assert.isTrue(await page.locator('.receipt .print-only').isVisible())
    assert.match((await page.locator('.receipt .print-only').innerText())!, /\/check#r=/)
    assert.isFalse(await page.locator('header.topbar').isVisible())
    assert.isFalse(await page.getByRole('button', { name: 'Print the receipt' }).isVisible())
    await page.emulateMedia({ media: 'screen' })
    assert.equal(await page.locator('.receipt-choices').count(), 0)
    await page.getByLabel('Show my choices and print them with the receipt').check()
    assert.isAbove(await page.locator('.receipt-choices li').count(), 0)

    // The receipt was shown, the device forgot the vote: the page now says the ballot was taken,
    // before anything else, and offers no ballot.
    await page.reload()
    await page.getByRole('heading', { name: 'You have already taken your ballot' }).waitFor()
    assert.equal(await page.getByRole('button', { name: 'Review my ballot' }).count(), 0)
    assert.lengthOf(credentialCalls, 1)
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('refusals are explained: a credential already given elsewhere', async ({ assert }) => {
    const { campaign } = await ballotCampaign([FOUR_POTS[0]])
    const page = await phone360(browser())
    const number = votePagePhone()
    await signIn(page, number, `/campaigns/${campaign.slug}/vote`)
    // The same person took a credential on another device (another point).
    const resident = await Resident.findByOrFail('phoneE164', number)
    const other = blind(campaign.id, generateVoterKey().publicKey)
    const issued = await issueCredential({
      campaignId: campaign.id,
      person: { channel: 'online', resident, age: null },
      blinded: other.blinded,
    })
    assert.equal(issued.outcome, 'issued')

    // The ballot prints without the page's header and buttons.
    await page.emulateMedia({ media: 'print' })
    assert.isTrue(await page.getByLabel('Benches').isVisible())
    assert.isFalse(await page.getByRole('button', { name: 'Print the ballot' }).isVisible())
    assert.isFalse(await page.locator('header.topbar').isVisible())
    await page.emulateMedia({ media: 'screen' })

    await page.getByLabel('Benches').check()
    await page.getByRole('button', { name: 'Review my ballot' }).click()
    await page.getByRole('button', { name: 'Cast my vote' }).click()
    await page
      .getByRole('alert')
      .getByText(/already given to you for this campaign/)
      .waitFor()

    // A second device (this one keeps its refused vote to show again), signed in as the same
    // resident — the session cookie, none of this browser's storage: said first, no ballot, no
    // spinner; the check page for the receipt.
    const cookies = await page.context().cookies()
    await page.context().close()
    const device = await browser().newContext({ viewport: { width: 360, height: 740 } })
    await device.addCookies(cookies)
    const second = await device.newPage()
    await second.goto(appUrl(`/campaigns/${campaign.slug}/vote`))
    await second.getByRole('heading', { name: 'You have already taken your ballot' }).waitFor()
    assert.equal(await second.getByLabel('Benches').count(), 0)
    assert.equal(await second.getByRole('progressbar').count(), 0)
    assert.equal(
      await second
        .getByRole('link', { name: 'Check my ballot with my receipt' })
        .getAttribute('href'),
      '/check'
    )
    await second.context().close()
  })

  test('a minimum age: the self-declared age is asked and sent with the credential request', async ({
    assert,
  }) => {
    const { campaign } = await ballotCampaign([FOUR_POTS[0]], 16)
    const page = await phone360(browser())
    await signIn(page, votePagePhone(), `/campaigns/${campaign.slug}/vote`)
    await page.getByLabel('Benches').check()
    await page.getByRole('button', { name: 'Review my ballot' }).click()
    await page.getByText('Enter your age.').waitFor()
    await page.getByLabel('Your age').fill('15')
    const credential = page.waitForResponse((r) => r.url().endsWith('/credential'))
    await page.getByRole('button', { name: 'Review my ballot' }).click()
    await page.getByRole('button', { name: 'Cast my vote' }).click()
    const answer = await credential
    assert.equal(answer.status(), 403)
    assert.deepEqual(JSON.parse(answer.request().postData()!).age, 15)
    await page
      .getByRole('alert')
      .getByText(/under the minimum age/)
      .waitFor()
    await page.context().close()
  })
})
