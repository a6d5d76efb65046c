import { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import type { NextFn } from '@adonisjs/core/types/http'
import { type HttpContext, RequestValidator } from '@adonisjs/core/http'
import { SharedValidationMessages } from '#shared/validation_messages'
import { requestLocale } from '#shared/request_locale'

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
