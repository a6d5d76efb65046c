import { test } from '@japa/runner'
import vine, { errors } from '@vinejs/vine'
import deploymentConfig from '#config/deployment'
import { translations } from '#campaigns/validators/shared'
import { primaryText, translate } from '#campaigns/translations'
import type { ContentLocale } from '#start/deployment_env'

const validator = vine.compile(vine.object({ title: translations(200) }))

/** The fields a title is refused for (their paths), or [] when it is accepted. */
async function refused(title: Record<string, string | null>): Promise<string[]> {
  try {
    await validator.validate({ title })
    return []
  } catch (error) {
    if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
    return (error.messages as { field: string }[]).map((message) => message.field).sort()
  }
}

/** Runs `body` with the city's content languages set to `languages`, then restores them. */
async function withContentLanguages(languages: ContentLocale[], body: () => Promise<void>) {
  const before = deploymentConfig.contentLanguages
  deploymentConfig.contentLanguages = languages
  try {
    await body()
  } finally {
    deploymentConfig.contentLanguages = before
  }
}

test.group('Content languages: which translations a title needs', () => {
  test('by default (en) English is required and the others optional', async ({ assert }) => {
    await withContentLanguages(['en'], async () => {
      assert.deepEqual(await refused({ en: 'Parks' }), [])
      assert.deepEqual(await refused({ ru: 'Парки', uk: 'Парки' }), ['title.en'])
      assert.deepEqual(await refused({ en: null, ru: 'Парки' }), ['title.en'])
    })
  })

  test('a Russian-speaking city needs only Russian', async ({ assert }) => {
    await withContentLanguages(['ru'], async () => {
      assert.deepEqual(await refused({ ru: 'Парки' }), [])
      assert.deepEqual(await refused({ en: 'Parks' }), ['title.ru'])
    })
  })

  test('every listed language is required; a given one has at least 2 characters', async ({
    assert,
  }) => {
    await withContentLanguages(['uk', 'ru'], async () => {
      assert.deepEqual(await refused({ uk: 'Парки', ru: 'Парки' }), [])
      assert.deepEqual(await refused({ uk: 'Парки' }), ['title.ru'])
      assert.deepEqual(await refused({ uk: 'Парки', ru: 'Парки', en: 'P' }), ['title.en'])
      assert.deepEqual(await refused({ uk: '   ', ru: 'Парки' }), ['title.uk'])
    })
  })

  test('a missing translation falls back to the primary content language', async ({ assert }) => {
    await withContentLanguages(['ru', 'en'], async () => {
      const text = { en: 'Parks', ru: 'Парки' }
      assert.equal(translate(text, 'uk'), 'Парки')
      assert.equal(translate(text, 'en'), 'Parks')
      assert.equal(translate({ en: 'Parks' }, 'uk'), 'Parks')
      assert.equal(translate({ uk: 'Парки' }, 'en'), 'Парки', 'any text rather than none')
      assert.equal(primaryText(text), 'Парки')
      assert.equal(translate(null, 'ru'), '')
    })
  })
})
