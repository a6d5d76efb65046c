import type { I18n } from '@adonisjs/i18n'
import identityConfig from '#config/identity'

export interface LegalSection {
  title: string
  paragraphs: string[]
}

/*
| Legal texts are server-side messages (resources/lang/<locale>/identity.json,
| `legal.*`), rendered into props only for the pages that show them, so they do
| not travel with every page's shared messages.
*/
const SECTIONS = {
  consent: ['who', 'what', 'why', 'ledger', 'retention', 'rights'],
  privacy: ['controller', 'data', 'purposes', 'ledger', 'sms', 'retention', 'sharing', 'rights'],
  cookies: ['summary', 'session', 'xsrf', 'locale', 'none'],
} as const

function sections(i18n: I18n, page: keyof typeof SECTIONS): LegalSection[] {
  const values = {
    version: identityConfig.consentVersion,
    ttlMinutes: Math.round(identityConfig.codes.ttlSeconds / 60),
  }
  return SECTIONS[page].map((name) => ({
    title: i18n.t(`identity.legal.${page}.${name}.title`, values),
    paragraphs: i18n
      .t(`identity.legal.${page}.${name}.body`, values)
      .split(/\n{2,}/)
      .map((paragraph) => paragraph.trim())
      .filter(Boolean),
  }))
}

export const consentNotice = (i18n: I18n) => sections(i18n, 'consent')
export const privacyPolicy = (i18n: I18n) => sections(i18n, 'privacy')
export const cookiePolicy = (i18n: I18n) => sections(i18n, 'cookies')
