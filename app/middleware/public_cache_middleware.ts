import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/*
| Server middleware: an answer marked `Cache-Control: public` (a public idea's photo thumbnail) may
| be kept by a shared cache and handed to anyone, so it must carry no cookie — neither the session's
| nor shield's XSRF token, which the router middleware add after the controller has answered.
| Runs around the router middleware, so it sees the answer last.
*/
export default class PublicCacheMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await next()
    const cacheControl = String(ctx.response.getHeader('cache-control') ?? '')
    if (/(^|,)\s*public\b/.test(cacheControl)) ctx.response.removeHeader('set-cookie')
  }
}
