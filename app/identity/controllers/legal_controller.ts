import type { HttpContext } from '@adonisjs/core/http'
import identityConfig from '#config/identity'
import { cookiePolicy, privacyPolicy } from '#identity/legal_texts'

/** The privacy notice and the cookie page, in the visitor's language. */
export default class LegalController {
  /** GET /privacy */
  async privacy({ inertia, i18n }: HttpContext) {
    return inertia.render('legal/privacy', {
      version: identityConfig.consentVersion,
      sections: privacyPolicy(i18n),
    })
  }

  /** GET /cookies */
  async cookies({ inertia, i18n }: HttpContext) {
    return inertia.render('legal/cookies', { sections: cookiePolicy(i18n) })
  }
}
