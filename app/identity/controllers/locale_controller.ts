import type { HttpContext } from '@adonisjs/core/http'
import i18nManager from '@adonisjs/i18n/services/main'
import { LOCALE_COOKIE } from '#shared/locale_cookie'
import { isOwnOrigin } from '#shared/own_origin'

/**
 * The page to go back to: the Referer's path and query when the Referer is this very origin
 * (compared exactly after parsing, not by prefix), else the home page.
 */
function sameOriginBack(ctx: HttpContext): string {
  const referer = ctx.request.header('referer')
  if (!referer) return '/'
  let url: URL
  try {
    url = new URL(referer)
  } catch {
    return '/'
  }
  if (!isOwnOrigin(ctx, url.origin)) return '/'
  const path = `${url.pathname}${url.search}`
  // "http://our.host//evil.example" parses to the path "//evil.example": another host to a browser.
  return path.startsWith('//') ? '/' : path
}

/** The language switcher: remembers the chosen locale in a cookie and goes back. */
export default class LocaleController {
  async update(ctx: HttpContext) {
    const { params, response } = ctx
    if (i18nManager.supportedLocales().includes(params.code)) {
      response.plainCookie(LOCALE_COOKIE, params.code, { maxAge: '1y', encode: false })
    }
    return response.redirect(sameOriginBack(ctx))
  }
}
