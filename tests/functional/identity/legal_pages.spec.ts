import { test } from '@japa/runner'
import { readFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'

function flatKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([key, child]) =>
    flatKeys(child, prefix ? `${prefix}.${key}` : key)
  )
}

test.group('Privacy and cookie pages', () => {
  test('privacy notice in en, ru and uk, rendered on the server', async ({ client, assert }) => {
    const expectations = {
      en: ['Privacy notice', 'never written to it', 'voting credential', 'phone number'],
      ru: ['Уведомление о конфиденциальности', 'никогда не записываются', 'удостоверение'],
      uk: ['Повідомлення про конфіденційність', 'ніколи не записуються', 'посвідчення'],
    }
    for (const [locale, phrases] of Object.entries(expectations)) {
      const response = await client.get('/privacy').header('Accept-Language', locale)
      response.assertStatus(200)
      for (const phrase of phrases) assert.include(response.text(), phrase, `${locale}: ${phrase}`)
      assert.include(response.text(), '2026-11')
    }
  })

  test('cookie page names every cookie the site sets', async ({ client, assert }) => {
    for (const locale of ['en', 'ru', 'uk']) {
      const response = await client.get('/cookies').withInertia().header('Accept-Language', locale)
      response.assertStatus(200)
      response.assertInertiaComponent('legal/cookies')
      const titles = (response.inertiaProps.sections as { title: string }[]).map((s) => s.title)
      for (const cookie of ['civic-budget-session', 'XSRF-TOKEN', 'locale']) {
        assert.isTrue(
          titles.some((title) => title.startsWith(cookie)),
          `${locale}: ${cookie}`
        )
      }
    }
  })

  test('identity messages exist in every language', ({ assert }) => {
    for (const file of ['identity.json', 'ui/identity.json']) {
      const keys = (locale: string) =>
        flatKeys(JSON.parse(readFileSync(app.languageFilesPath(locale, file), 'utf8'))).sort()
      assert.deepEqual(keys('ru'), keys('en'), `ru/${file}`)
      assert.deepEqual(keys('uk'), keys('en'), `uk/${file}`)
    }
  })
})
