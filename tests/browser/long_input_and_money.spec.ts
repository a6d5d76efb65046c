/*
| Issue #17 items 1 and 2 in chromium: a resident's idea with a 3,000-character Russian
| description keeps its input and shows its errors; the cost is typed in roubles, refused with
| a message when it is not an amount (never rewritten), and stored in kopecks.
*/
import { test } from '@japa/runner'
import Idea from '#proposals/models/idea'
import IdeaAttachment from '#proposals/models/idea_attachment'
import { appUrl, withBrowser, phonePage } from '#tests/helpers/browser'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'
import { signIn, votePagePhone } from '#tests/helpers/vote_page'

const DESCRIPTION = 'Поставить скамейки и фонари вдоль пешеходной улицы у школы. '
  .repeat(60)
  .slice(0, 3000)

test.group('Idea form in a real browser: long input and money', (group) => {
  const browser = withBrowser(group)

  test('bad costs are refused in place; server errors keep 3,000 characters of input', async ({
    assert,
  }) => {
    const { campaign } = await ideasCampaign()
    const page = await phonePage(browser(), 'en')
    page.setDefaultTimeout(30_000)
    const form = `/campaigns/${campaign.slug}/ideas/new`
    await signIn(page, votePagePhone(), form)
    const existing = await Idea.query().where('campaignId', campaign.id)
    const ideasBefore = existing.length

    const cost = page.getByLabel('Estimated cost')
    await page.getByText('In RUB, up to 2 decimal places, e.g. 1500000.50').waitFor()
    await page.getByLabel('Title').fill('Hi')
    await page.getByLabel('Description').fill(DESCRIPTION)
    const submit = page.getByRole('button', { name: 'Submit the idea' })

    for (const [typed, message] of [
      ['-5', 'The amount cannot be negative'],
      ['1e30', 'Enter the amount in digits, e.g. 1500000.50'],
      ['1500,505', 'RUB has at most 2 decimal places'],
      ['0', 'Enter an amount above zero'],
    ]) {
      await cost.fill(typed)
      await submit.click()
      await page.getByText(message).waitFor()
      assert.equal(await cost.inputValue(), typed, 'the typed amount is never rewritten')
    }
    assert.lengthOf(await Idea.query().where('campaignId', campaign.id), ideasBefore)

    // A valid cost: now the server answers, refusing the two-letter title.
    await cost.fill('1 500,50')
    await submit.click()
    await page.getByText('Must be at least 5 characters').waitFor()
    assert.equal(await page.getByLabel('Description').inputValue(), DESCRIPTION)
    assert.equal(await cost.inputValue(), '1 500,50')
    assert.equal(await page.getByLabel('Title').inputValue(), 'Hi')

    await page.getByLabel('Title').fill('Скамейки у школы')
    await submit.click()
    await page.waitForURL(/\/ideas\/\d+$/)
    const idea = await Idea.query()
      .where('campaignId', campaign.id)
      .where('title', 'Скамейки у школы')
      .firstOrFail()
    assert.equal(idea.estimatedCost, 150_050)
    assert.equal(idea.description, DESCRIPTION.trim())
    await page.context().close()
  })

  test('ru: files are checked before upload; a 413 from a proxy is shown translated', async ({
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'draft' })
    const page = await phonePage(browser(), 'en')
    page.setDefaultTimeout(30_000)
    await signIn(page, author.phoneE164, `/ideas/${idea.id}/edit`)
    await page.goto(appUrl('/locale/ru'))
    await page.goto(appUrl(`/ideas/${idea.id}/edit`))
    let uploads = 0
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/attachments')) uploads++
    })

    const file = page.getByLabel('Фото или документ')
    const attach = page.getByRole('button', { name: 'Прикрепить' })
    const big = Buffer.alloc(11 * 1024 * 1024, 0xff)
    await file.setInputFiles({ name: 'plan.jpg', mimeType: 'image/jpeg', buffer: big })
    await page.getByText('Файл plan.jpg весит 11 MB: принимаются файлы до 10 MB').waitFor()
    await attach.click()
    await file.setInputFiles({
      name: 'setup.exe',
      mimeType: 'application/octet-stream',
      buffer: big.subarray(0, 10),
    })
    await page.getByText('setup.exe: принимаются только файлы JPG, JPEG, PNG, WEBP, PDF').waitFor()
    await attach.click()
    assert.equal(uploads, 0, 'nothing was sent')

    // A proxy in front of the app refuses the body with its own English page.
    await page.route('**/attachments', (route) =>
      route.fulfill({
        status: 413,
        contentType: 'text/html',
        body: '<h1>413 Request Entity Too Large</h1>',
      })
    )
    const alerted = new Promise<string>((resolve) =>
      page.once('dialog', async (dialog) => {
        resolve(dialog.message())
        await dialog.dismiss()
      })
    )
    await file.setInputFiles({
      name: 'plan.png',
      mimeType: 'image/png',
      buffer: big.subarray(0, 100),
    })
    await attach.click()
    assert.equal(await alerted, 'Файл слишком большой для отправки. Выберите файл поменьше.')
    assert.equal(uploads, 1)
    assert.lengthOf(await IdeaAttachment.query().where('ideaId', idea.id), 0)
    await page.context().close()
  })
})
