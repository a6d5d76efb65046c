import i18nManager from '@adonisjs/i18n/services/main'
import type { HttpContext } from '@adonisjs/core/http'
import { LOCALE_COOKIE } from '#shared/locale_cookie'

/**
 * The request's language: an explicit `?lang=` (from the switcher), then the locale cookie, then
 * Accept-Language, else the default. Set on every request by the locale middleware; also how
 * `#reporting/results_replay` keys the pages it keeps (it runs before that middleware).
 */
export function requestLocale(ctx: HttpContext): string {
  const explicit =
    ctx.request.input('lang') ?? ctx.request.plainCookie(LOCALE_COOKIE, { encoded: false })
  if (typeof explicit === 'string' && i18nManager.supportedLocales().includes(explicit)) {
    return explicit
  }
  return i18nManager.getSupportedLocaleFor(ctx.request.languages()) ?? i18nManager.defaultLocale
}
