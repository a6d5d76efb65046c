import type { HttpContext } from '@adonisjs/core/http'
import app from '@adonisjs/core/services/app'
import identityConfig from '#config/identity'
import { normalizePhone } from '#identity/phone'
import { devOutboxEnabled, smsOutbox } from '#identity/sms/sms_outbox'

/**
 * GET /dev/sms/outbox?phone=E164 → [{to, text, code, sentAt}], newest first: what the
 * `log` SMS driver "sent", so scripts and tests can finish a sign-in. Registered only
 * in development and test (see `devOutboxEnabled`); 404 otherwise.
 */
export default class DevSmsOutboxController {
  async index({ request, response }: HttpContext) {
    if (!devOutboxEnabled(app.nodeEnvironment)) {
      return response.status(404).send({ error: 'not_found', message: 'Not found' })
    }
    // A "+" left unencoded in a query string arrives as a space.
    const raw = String(request.qs().phone ?? '').trim()
    const phone = normalizePhone(
      /^\d/.test(raw) ? `+${raw}` : raw,
      identityConfig.defaultPhoneRegion
    )
    if (!phone) {
      return response
        .status(422)
        .send({ error: 'validation_failed', message: 'Give ?phone= as an E.164 number' })
    }
    return smsOutbox.for(phone)
  }
}
