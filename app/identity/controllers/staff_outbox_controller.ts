import type { HttpContext } from '@adonisjs/core/http'
import app from '@adonisjs/core/services/app'
import { logMailGateway } from '#identity/mail/mail_gateway'

/** Development only: the mails the log driver "sent" (invitation links), newest first. */
export default class StaffOutboxController {
  async index({ bouncer, inertia, response }: HttpContext) {
    if (app.inProduction) return response.notFound()
    await bouncer.authorize('manageStaff')
    // Not `messages`: that is the shared prop holding the page's translations.
    return inertia.render('staff/outbox/index', {
      mails: [...logMailGateway.outbox].reverse().map((message) => ({
        to: message.to,
        subject: message.subject,
        text: message.text,
        sentAt: message.sentAt.toISOString(),
      })),
    })
  }
}
