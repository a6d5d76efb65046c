import { readFileSync } from 'node:fs'
import { test } from '@japa/runner'
import i18nManager from '@adonisjs/i18n/services/main'
import { OUTPUT, renderPageKeys } from '../../../bin/page_keys.js'
import { keyMatches, keysOfPage, messagesFor } from '#shared/page_messages'
import { pageMessages } from '#shared/shared_page_props'

const LANGUAGES = ['en', 'ru', 'uk'] as const

test.group('Messages per page', (group) => {
  group.setup(() => i18nManager.loadTranslations())

  test('resources/page_keys.json is what bin/page_keys.js derives from the pages now', ({
    assert,
  }) => {
    assert.equal(
      readFileSync(OUTPUT, 'utf8'),
      renderPageKeys(),
      'stale: run `node bin/page_keys.js` and commit resources/page_keys.json'
    )
  })

  test('every key a page names exists in en, ru and uk', ({ assert }) => {
    const map = JSON.parse(renderPageKeys()) as Record<string, string[]>
    assert.isAbove(Object.keys(map).length, 50)
    const missing: string[] = []
    for (const language of LANGUAGES) {
      const keys = Object.keys(i18nManager.getTranslationsFor(language))
      for (const [page, patterns] of Object.entries(map)) {
        for (const pattern of patterns) {
          if (!keys.some((key) => keyMatches(pattern, key))) {
            missing.push(`${language} ${page}: ${pattern}`)
          }
        }
      }
    }
    assert.deepEqual(missing, [])
  })

  test('a page gets its own keys and nothing else', ({ assert }) => {
    const all = pageMessages('ru', 'no/such/page')
    const home = pageMessages('ru', 'home')
    const vote = pageMessages('ru', 'voting/vote')
    assert.isAbove(Object.keys(all).length, 600)
    assert.isBelow(Object.keys(home).length, 60)
    assert.equal(home['ui.layout.skip_to_content'], all['ui.layout.skip_to_content'])
    assert.notProperty(home, 'ui.voting.errors.generic')
    assert.notProperty(home, 'ui.staff.audit.title')
    // Template keys (`ui.voting.errors.${code}`) bring every key under their fixed start.
    assert.properties(vote, ['ui.voting.errors.generic', 'ui.voting.errors.rate_limited'])
    assert.notProperty(vote, 'ui.voting.paper.title')
    assert.isBelow(JSON.stringify(home).length * 5, JSON.stringify(all).length)
  })

  test('key patterns: a whole key covers the keys under it only; a start covers any key so begun', ({
    assert,
  }) => {
    const messages = { 'ui.a.b': '1', 'ui.a.b.c': '2', 'ui.a.bc': '3', 'ui.a.rule_x': '4' }
    assert.deepEqual(messagesFor(messages, ['ui.a.b']), { 'ui.a.b': '1', 'ui.a.b.c': '2' })
    assert.deepEqual(messagesFor(messages, ['ui.a.rule_*']), { 'ui.a.rule_x': '4' })
    assert.deepEqual(messagesFor(messages, []), {})
    assert.isUndefined(keysOfPage('constructor'))
  })
})
