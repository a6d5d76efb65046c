import app from '@adonisjs/core/services/app'
import { errors as coreErrors } from '@adonisjs/core'
import { errors as vineErrors } from '@vinejs/vine'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { errors as bouncerErrors } from '@adonisjs/bouncer'
import { errors as authErrors } from '@adonisjs/auth'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { ApiError } from '#shared/api_error'
import { wantsJson } from '#shared/controllers/responses'

/** Refused bodies (too large, or a type the route does not take) and their translation keys. */
const BODY_REFUSALS: Record<number, { error: string; key: string }> = {
  413: { error: 'payload_too_large', key: 'errors.payload_too_large' },
  415: { error: 'unsupported_media_type', key: 'errors.body_not_accepted' },
}

/**
 * One place that turns errors into answers: JSON bodies `{error, message, details?}`
 * for /api (protocol.md), localized Inertia error pages for browsers. User
 * input never produces a 500: validation → 422, rate limits → 429 + Retry-After.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction
  protected renderStatusPages = app.inProduction || app.inTest

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '403': (_, { inertia, i18n }) =>
      inertia.render('errors/error', { status: 403, message: i18n.t('errors.forbidden') }),
    '404': (_, { inertia, i18n }) =>
      inertia.render('errors/error', { status: 404, message: i18n.t('errors.not_found') }),
    '429': (_, { inertia, i18n }) =>
      inertia.render('errors/error', { status: 429, message: i18n.t('errors.too_many_requests') }),
    '500..599': (_, { inertia, i18n }) =>
      inertia.render('errors/error', { status: 500, message: i18n.t('errors.server_error') }),
  }

  protected isApi(ctx: HttpContext) {
    return ctx.request.url().startsWith('/api/')
  }

  /**
   * 413/415 from the body parser or the upload gate: JSON `{error, message}`, or for a page a
   * redirect back with the message as a flash error (a localized error page before the session
   * exists), never the framework's plain English text.
   */
  protected async renderBodyRefusal(ctx: HttpContext, status: number) {
    const refusal = BODY_REFUSALS[status]
    const message = ctx.i18n?.t(refusal.key) ?? refusal.key
    // The rest of a refused body is not read: end the connection instead of draining it.
    ctx.response.header('Connection', 'close')
    if (wantsJson(ctx.request)) {
      return ctx.response.status(status).send({ error: refusal.error, message })
    }
    if (ctx.session) {
      ctx.session.flash('error', message)
      return ctx.response.redirect().back()
    }
    const page = await ctx.inertia.render('errors/error', { status, message })
    return ctx.response.status(status).send(page)
  }

  async handle(error: unknown, ctx: HttpContext) {
    const refusedStatus = (error as { status?: unknown } | null)?.status
    if (typeof refusedStatus === 'number' && BODY_REFUSALS[refusedStatus]) {
      return this.renderBodyRefusal(ctx, refusedStatus)
    }
    if (this.isApi(ctx)) {
      return this.renderApiError(error, ctx)
    }
    if (error instanceof limiterErrors.E_TOO_MANY_REQUESTS) {
      const headers = error.getDefaultHeaders()
      for (const [name, value] of Object.entries(headers)) ctx.response.header(name, value)
    }
    // Bouncer and the limiter answer with plain text by themselves: render our localized pages instead.
    if (
      error instanceof bouncerErrors.E_AUTHORIZATION_FAILURE ||
      error instanceof limiterErrors.E_TOO_MANY_REQUESTS
    ) {
      const status = error instanceof limiterErrors.E_TOO_MANY_REQUESTS ? 429 : 403
      const page = await this.statusPages[String(status) as StatusPageRange](error as never, ctx)
      return ctx.response.status(status).send(page)
    }
    return super.handle(error, ctx)
  }

  protected renderApiError(error: unknown, ctx: HttpContext) {
    const t = (key: string, fallback: string) => ctx.i18n?.t(key, {}, fallback) ?? fallback
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) ctx.response.header(name, value)
      return ctx.response.status(error.status).send(error.toJSON())
    }
    if (error instanceof vineErrors.E_VALIDATION_ERROR) {
      return ctx.response.status(422).send({
        error: 'validation_failed',
        message: t('errors.validation_failed', 'The request has invalid fields'),
        details: error.messages,
      })
    }
    if (isUnreadableJson(error)) {
      return ctx.response.status(400).send({
        error: 'invalid_body',
        message: t('errors.invalid_body', 'The request body must be a JSON object'),
      })
    }
    if (error instanceof limiterErrors.E_TOO_MANY_REQUESTS) {
      const headers = error.getDefaultHeaders()
      for (const [name, value] of Object.entries(headers)) ctx.response.header(name, value)
      return ctx.response.status(429).send({
        error: 'rate_limited',
        message: t('errors.too_many_requests', 'Too many requests, try again later'),
        details: { retryAfterSeconds: Number(headers['Retry-After'] ?? 0) },
      })
    }
    if (error instanceof authErrors.E_UNAUTHORIZED_ACCESS) {
      return ctx.response
        .status(401)
        .send({ error: 'unauthorized', message: t('errors.unauthorized', 'Sign in first') })
    }
    if (error instanceof bouncerErrors.E_AUTHORIZATION_FAILURE) {
      return ctx.response
        .status(403)
        .send({ error: 'forbidden', message: t('errors.forbidden', 'Not allowed') })
    }
    // `notFound()` of the controllers (#shared/controllers/responses) as well as unknown routes.
    if (
      error instanceof coreErrors.E_ROUTE_NOT_FOUND ||
      (error as { code?: string }).code === 'E_NOT_FOUND'
    ) {
      return ctx.response
        .status(404)
        .send({ error: 'not_found', message: t('errors.not_found', 'Not found') })
    }
    const status = (error as { status?: number }).status
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return ctx.response.status(status).send({
        error: (error as { code?: string }).code?.toLowerCase() ?? 'bad_request',
        message: (error as Error).message,
      })
    }
    ctx.logger.error({ err: error }, 'unhandled API error')
    return ctx.response
      .status(500)
      .send({ error: 'server_error', message: t('errors.server_error', 'Something went wrong') })
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}

/**
 * The body parser's refusals of a JSON body: not JSON at all (a SyntaxError it marks 400) or a
 * bare `null`, string or number (its strict mode, 422 with no code). One answer for all of them.
 */
function isUnreadableJson(error: unknown): boolean {
  const status = (error as { status?: number }).status
  if (error instanceof SyntaxError) return status === 400
  return (
    status === 422 &&
    error instanceof Error &&
    error.message === 'Invalid JSON, only supports object and array'
  )
}
