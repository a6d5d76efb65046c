import { test } from '@japa/runner'
import type { Browser } from 'playwright-core'
import Resident from '#identity/models/resident'
import { smsOutbox } from '#identity/sms/sms_outbox'
import { launchBrowser, appUrl, phonePage } from '#tests/helpers/browser'
import { resetIdentity } from '#tests/helpers/identity'

test.group('Sign-in in a real browser', (group) => {
  let browser: Browser
  group.setup(async () => {
    browser = await launchBrowser()
    return () => browser.close()
  })
  group.each.setup(() => resetIdentity())

  test('ru: phone → code → consent with the keyboard only, then back to ?next', async ({
    assert,
  }) => {
    const page = await phonePage(browser, 'ru')
    const errors: string[] = []
    // Vite's HMR socket may be refused when another dev server holds its port: not our page.
    page.on('pageerror', (error) => {
      if (!String(error).includes('WebSocket')) errors.push(String(error))
    })

    await page.goto(appUrl('/sign-in?next=/privacy'))
    const phone = page.getByLabel('Номер мобильного телефона')
    assert.equal(await phone.getAttribute('inputmode'), 'tel')
    assert.equal(await phone.getAttribute('autocomplete'), 'tel')
    await phone.focus()
    await page.keyboard.type('8 999 123-45-67')
    await page.keyboard.press('Enter')
    await page.waitForURL(appUrl('/sign-in/code'))

    const code = page.getByLabel('Код')
    assert.equal(await code.getAttribute('autocomplete'), 'one-time-code')
    assert.equal(await code.getAttribute('inputmode'), 'numeric')
    await code.focus()
    await page.keyboard.type('000000')
    await page.keyboard.press('Enter')
    await page.getByText('Код неверный. Осталось 4 попытки.').waitFor()

    const [sent] = smsOutbox.for('+79991234567')
    await code.focus()
    await page.keyboard.type(sent.code!)
    await page.keyboard.press('Enter')
    await page.waitForURL(appUrl('/sign-in/consent'))

    await page.getByLabel(/Я прочитал/).focus()
    await page.keyboard.press('Space')
    await page.getByRole('button', { name: 'Принять и продолжить' }).focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(appUrl('/privacy'))
    await page.getByText('+7 ••• ••• 45 67').waitFor()

    const resident = await Resident.findByOrFail('phoneE164', '+79991234567')
    assert.equal(resident.consentVersion, '2026-11')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('{locale}: phone → code → consent by clicking, on a phone screen')
    .with([
      {
        locale: 'en',
        phone: 'Mobile phone number',
        send: 'Send the code',
        code: 'Code',
        signIn: 'Sign in',
        consent: /I have read the notice/,
        accept: 'Accept and continue',
      },
      {
        locale: 'uk',
        phone: 'Номер мобільного телефону',
        send: 'Отримати код',
        code: 'Код',
        signIn: 'Увійти',
        consent: /Я прочитав/,
        accept: 'Прийняти й продовжити',
      },
    ])
    .run(async ({ assert }, row) => {
      const page = await phonePage(browser, row.locale)
      await page.goto(appUrl('/sign-in'))
      await page.getByLabel(row.phone).fill('+7 912 555-01-02')
      await page.getByRole('button', { name: row.send }).click()
      await page.waitForURL(appUrl('/sign-in/code'))

      const [sent] = smsOutbox.for('+79125550102')
      await page.getByLabel(row.code, { exact: true }).fill(sent.code!)
      await page.getByRole('button', { name: row.signIn, exact: true }).click()
      await page.waitForURL(appUrl('/sign-in/consent'))
      await page.getByLabel(row.consent).check()
      await page.getByRole('button', { name: row.accept }).click()
      await page.waitForURL(appUrl('/'))
      await page.getByText('+7 ••• ••• 01 02').waitFor()

      const resident = await Resident.findByOrFail('phoneE164', '+79125550102')
      assert.isNotNull(resident.consentAt)
      await page.context().close()
    })
})
