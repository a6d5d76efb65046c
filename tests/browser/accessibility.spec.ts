import { test } from '@japa/runner'
import { appUrl, phonePage, withBrowser } from '#tests/helpers/browser'
import { assertAccessible, checkedStateCount } from '#tests/helpers/a11y'

/** Until axe has checked more states than `count` (the DOM settles, then the run is queued). */
async function checkedBeyond(count: number) {
  while (checkedStateCount() <= count) await new Promise((resolve) => setTimeout(resolve, 50))
}

/*
| The automatic axe check itself (tests/helpers/a11y.ts): every browser test's page states go
| through it; here, proof that it finds a violation and passes a clean page in both viewports.
*/
test.group('Accessibility check of every page state', (group) => {
  const browser = withBrowser(group)

  test('a page state with serious violations fails the check, naming rule, page and element', async ({
    assert,
  }) => {
    const page = await phonePage(browser())
    const probe = appUrl('/a11y-probe')
    await page.route(probe, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><html lang="en"><head><title>Probe</title></head><body><main><h1>Probe</h1></main></body></html>',
      })
    )
    let before = checkedStateCount()
    await page.goto(probe)
    await checkedBeyond(before)
    // A later state of the same page: a button without a name (critical), added by script.
    before = checkedStateCount()
    await page.evaluate(() => {
      const button = document.createElement('button')
      button.id = 'nameless'
      document.querySelector('main')!.append(button)
    })
    await checkedBeyond(before)
    const error = await assertAccessible().then(
      () => null,
      (failure: Error) => failure
    )
    assert.instanceOf(error, Error)
    assert.include(error!.message, 'critical button-name')
    assert.include(error!.message, '/a11y-probe')
    assert.include(error!.message, '#nameless')
    await page.context().close()
  })

  test('the home page passes on a phone and on a desktop', async ({ assert }) => {
    const page = await phonePage(browser())
    // The first page of a run compiles its modules in Vite: slow on a busy machine.
    page.setDefaultTimeout(90_000)
    const before = checkedStateCount()
    await page.goto(appUrl('/'))
    await checkedBeyond(before)
    await page.context().close()
    // its state on the phone, then on a desktop when the context closed
    assert.isAtLeast(checkedStateCount(), before + 2)
    await assertAccessible()
  })
})
