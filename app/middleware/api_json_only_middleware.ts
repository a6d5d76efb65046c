import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { isOwnOrigin } from '#shared/own_origin'

/*
| Server middleware for `/api/*` writes (POST, PUT, PATCH, DELETE). The API is exempt from CSRF
| tokens (config/shield.ts), so it must not be reachable from other sites' pages:
| - a body must be JSON: a cross-site `<form>` or a "simple" fetch can only send form, multipart or
|   text bodies, and a cross-site JSON fetch needs a CORS preflight that this app never grants;
| - a request a browser marks as coming from another site (`Origin` not ours, or
|   `Sec-Fetch-Site: cross-site`) is refused outright. Terminals and scripts send neither header.
| Runs before the body parser, so a refused body is never read. Safe methods are untouched.
*/
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i

export default class ApiJsonOnlyMiddleware {
  protected hasBody(ctx: HttpContext): boolean {
    const headers = ctx.request.request.headers
    return Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined
  }

  async handle(ctx: HttpContext, next: NextFn) {
    const raw = ctx.request.request
    if (!WRITE_METHODS.has(raw.method ?? '') || !(raw.url ?? '').startsWith('/api/')) {
      return next()
    }
    const t = (key: string, fallback: string) => ctx.i18n?.t(key, {}, fallback) ?? fallback

    const origin = raw.headers.origin
    const crossSite =
      raw.headers['sec-fetch-site'] === 'cross-site' ||
      (typeof origin === 'string' && !isOwnOrigin(ctx, origin))
    if (crossSite) {
      return ctx.response.status(403).send({
        error: 'cross_site_request',
        message: t('errors.cross_site_request', 'Requests from other sites are not accepted'),
      })
    }

    const type = raw.headers['content-type'] ?? ''
    // A declared non-JSON type is refused even when empty; a body without a type is refused too.
    if ((type !== '' || this.hasBody(ctx)) && !JSON_TYPE.test(type)) {
      return ctx.response.status(415).send({
        error: 'unsupported_media_type',
        message: t('errors.unsupported_media_type', 'Send the request body as JSON'),
        details: { accepted: 'application/json' },
      })
    }
    return next()
  }
}
