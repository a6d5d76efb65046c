import type { HttpContext } from '@adonisjs/core/http'
import i18nManager from '@adonisjs/i18n/services/main'
import { LOCALE_COOKIE } from '#shared/locale_cookie'

/** The language switcher: remembers the chosen locale in a cookie and goes back. */
export default class LocaleController {
  async update({ params, response, request }: HttpContext) {
    if (i18nManager.supportedLocales().includes(params.code)) {
      response.plainCookie(LOCALE_COOKIE, params.code, { maxAge: '1y', encode: false })
    }
    const back = request.header('referer')
    return response.redirect(
      back && back.startsWith(request.completeUrl().split('/locale/')[0]) ? back : '/'
    )
  }
}
