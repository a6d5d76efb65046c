import { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import type { NextFn } from '@adonisjs/core/types/http'
import { type HttpContext, RequestValidator } from '@adonisjs/core/http'
import { SharedValidationMessages } from '#shared/validation_messages'
import { LOCALE_COOKIE } from '#shared/locale_cookie'

/**
 * The request's language: an explicit `?lang=` (from the switcher), then the locale cookie, then
 * Accept-Language, else the default. (Also how `#reporting/results_replay` keys its pages.)
 */
export function requestLocale(ctx: HttpContext): string {
  const explicit =
    ctx.request.input('lang') ?? ctx.request.plainCookie(LOCALE_COOKIE, { encoded: false })
  if (typeof explicit === 'string' && i18nManager.supportedLocales().includes(explicit)) {
    return explicit
  }
  return i18nManager.getSupportedLocaleFor(ctx.request.languages()) ?? i18nManager.defaultLocale
}

/** Sets the request's language (`requestLocale`); validation messages follow it. */
export default class DetectUserLocaleMiddleware {
  static {
    RequestValidator.messagesProvider = (ctx) => new SharedValidationMessages(ctx.i18n)
  }

  async handle(ctx: HttpContext, next: NextFn) {
    const locale = requestLocale(ctx)
    ctx.i18n = i18nManager.locale(locale)
    ctx.containerResolver.bindValue(I18n, ctx.i18n)
    if ('view' in ctx) {
      ctx.view.share({ i18n: ctx.i18n })
    }
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    i18n: I18n
  }
}
