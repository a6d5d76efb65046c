import { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import type { NextFn } from '@adonisjs/core/types/http'
import { type HttpContext, RequestValidator } from '@adonisjs/core/http'
import { SharedValidationMessages } from '#shared/validation_messages'
import { LOCALE_COOKIE } from '#shared/locale_cookie'

/**
 * Picks the request's language: an explicit `?lang=` (from the switcher), then
 * the locale cookie, then Accept-Language. Validation messages follow it.
 */
export default class DetectUserLocaleMiddleware {
  static {
    RequestValidator.messagesProvider = (ctx) => new SharedValidationMessages(ctx.i18n)
  }

  protected requestedLocale(ctx: HttpContext): string | null {
    const explicit =
      ctx.request.input('lang') ?? ctx.request.plainCookie(LOCALE_COOKIE, { encoded: false })
    if (typeof explicit === 'string' && i18nManager.supportedLocales().includes(explicit)) {
      return explicit
    }
    return i18nManager.getSupportedLocaleFor(ctx.request.languages())
  }

  async handle(ctx: HttpContext, next: NextFn) {
    const locale = this.requestedLocale(ctx) ?? i18nManager.defaultLocale
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
