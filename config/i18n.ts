import app from '@adonisjs/core/services/app'
import { defineConfig, formatters, loaders } from '@adonisjs/i18n'

/** English, Russian and Ukrainian; English is the fallback for any missing message. */
export const SUPPORTED_LOCALES = ['en', 'ru', 'uk'] as const
export type Locale = (typeof SUPPORTED_LOCALES)[number]

const i18nConfig = defineConfig({
  defaultLocale: 'en',
  supportedLocales: [...SUPPORTED_LOCALES],
  fallbackLocales: { ru: 'en', uk: 'en' },
  formatter: formatters.icu(),
  loaders: [loaders.fs({ location: app.languageFilesPath() })],
})

export default i18nConfig
