import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { notFound } from '#shared/controllers/responses'
import { residentOfToken } from '#notifications/notices/unsubscribe_token'

/**
 * The unsubscribe link of every notice: no login. GET shows a button (a link preview or a mail
 * scanner fetching the URL must not unsubscribe anyone); POST switches the notices off and drops
 * the notices e-mail address. A forged or malformed token is a 404 and changes nothing.
 */
export default class UnsubscribeController {
  /** GET /notices/unsubscribe/:token */
  async show(ctx: HttpContext) {
    if (residentOfToken(ctx.params.token) === null) notFound()
    ctx.response.header('Cache-Control', 'no-store')
    ctx.response.header('Referrer-Policy', 'no-referrer')
    return ctx.inertia.render('notices/unsubscribe', { token: ctx.params.token, done: false })
  }

  /** POST /notices/unsubscribe/:token */
  async confirm(ctx: HttpContext) {
    const residentId = residentOfToken(ctx.params.token)
    if (residentId === null) notFound()
    await db
      .from('residents')
      .where('id', residentId)
      .update({ notices_opt_in: false, notices_email: null })
    ctx.response.header('Referrer-Policy', 'no-referrer')
    return ctx.inertia.render('notices/unsubscribe', { token: ctx.params.token, done: true })
  }
}
