import type { HttpContext } from '@adonisjs/core/http'

/**
 * `/trustee`: the trustee page. It needs no session: the invite token is in the address's fragment
 * (never sent to the server) and the page talks to the trustee API with it.
 */
export default class TrusteePageController {
  async show(ctx: HttpContext) {
    ctx.response.header('Referrer-Policy', 'no-referrer')
    return ctx.inertia.render('trustee/ceremony', {})
  }
}
