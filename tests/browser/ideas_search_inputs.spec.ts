/*
| Issue #17 item 10 in chromium: a shared link to the ideas list with a 10,000-character `q`,
| `page=-5`, `sort=bogus` and `categoryId=abc` is not silently ignored — a Ukrainian phone shows
| the filters opened with a message at each refused field, the list without them, and the
| resident can correct the search from there. (The JSON API's answers to the same input:
| tests/functional/shared/api_inputs.spec.ts.)
*/
import { test } from '@japa/runner'
import { appUrl, noHorizontalScroll, phonePage, withBrowser } from '#tests/helpers/browser'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'

test.group('Ideas search with bad input in a real browser', (group) => {
  const browser = withBrowser(group)

  test('uk: a long q and bad page, sort and category are shown refused; corrected in place', async ({
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    for (const title of ['Велопарковка', 'Нічне освітлення', 'Майданчик для собак']) {
      await makeIdea(campaign, author, { title, locale: 'uk' })
    }
    const page = await phonePage(browser(), 'uk')
    page.setDefaultTimeout(30_000)
    const query = new URLSearchParams({
      q: 'z'.repeat(10_000),
      page: '-5',
      sort: 'bogus',
      categoryId: 'abc',
    })
    const answer = await page.goto(appUrl(`/campaigns/${campaign.slug}/ideas?${query}`))
    assert.equal(answer?.status(), 422)

    // Refused filters open the folded filters, each with its message.
    const toggle = page.getByRole('button', { name: 'Сховати фільтри' })
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true')
    const search = page.getByLabel('Пошук ідей')
    for (const field of [search, page.getByLabel('Сортування'), page.getByLabel('Категорія')]) {
      assert.equal(await field.getAttribute('aria-invalid'), 'true')
      const id = await field.getAttribute('id')
      assert.isNotEmpty(await page.locator(`[id="${id}-error"]`).textContent())
    }
    assert.include(
      await page.locator(`[id="${await search.getAttribute('id')}-error"]`).textContent(),
      '200'
    )
    assert.lengthOf(await page.getByRole('alert').all(), 4, 'q, sort, category and page')
    // The list is shown without the refused filters, and the page still fits the phone.
    assert.lengthOf(await page.locator('.idea-card').all(), 3)
    assert.isTrue(await noHorizontalScroll(page))

    // Corrected from the form: the messages go, the search applies.
    await search.fill('освітлення')
    await page.getByLabel('Сортування').selectOption({ index: 1 })
    await page.getByRole('button', { name: 'Показати', exact: true }).click()
    await page.waitForURL(/q=/)
    await page.getByText('Знайдено ідей: 1').waitFor()
    assert.lengthOf(await page.getByRole('alert').all(), 0)
    assert.equal(await page.locator('.idea-card h2').textContent(), 'Нічне освітлення')
    await page.context().close()
  }).timeout(300_000)
})
