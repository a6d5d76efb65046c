import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type Resident from '#identity/models/resident'
import RequestSmsCode from '#identity/services/request_sms_code'
import { linkPhone } from '#identity/profile/link_phone'
import { requestCodeValidator } from '#identity/validators/request_code_validator'
import { verifyCodeValidator } from '#identity/validators/verify_code_validator'
import { responsesFor, type ModuleResponses } from '#shared/controllers/responses'
import { waitText } from '#identity/wait_text'
import { maskPhone } from '#identity/phone'

const answer: ModuleResponses = responsesFor('identity.profile')

/** The code sent to the number being linked: in the session only. */
export const LINK_PHONE_KEY = 'identity.linkPhone'
interface LinkPhoneState {
  challengeId: string
  phone: string
}

/** The pending link for the profile page: the masked number the code went to. */
export function pendingPhoneLink(session: HttpContext['session']): string | null {
  const state = session.get(LINK_PHONE_KEY) as LinkPhoneState | undefined
  return state ? maskPhone(state.phone) : null
}

/**
 * A resident without a phone (signed in through the identity provider) links one on the profile:
 * the number, then the SMS code — the same limits as sign-in (`RequestSmsCode`).
 */
export default class ProfilePhoneController {
  /** POST /profile/phone {phone} */
  @inject()
  async requestCode(ctx: HttpContext, requestSmsCode: RequestSmsCode) {
    const { request, response, session, i18n } = ctx
    const resident = ctx.auth.use('resident').user as Resident
    const { phone } = await request.validateUsing(requestCodeValidator)
    if (resident.phoneE164 !== null) answer.failWith(ctx, [{ field: 'phone', rule: 'has_phone' }])
    const outcome = await requestSmsCode.handle({ phone, ip: request.ip(), i18n })
    if (outcome.status === 'sms_unavailable') {
      answer.failWith(ctx, [{ field: 'phone', rule: 'sms_unavailable' }])
    }
    if (outcome.status !== 'sent') {
      const wait = waitText(i18n, outcome.retryAfterSeconds)
      answer.failWith(ctx, [{ field: 'phone', rule: 'sms_limited', meta: { wait } }])
    }
    session.put(LINK_PHONE_KEY, { challengeId: outcome.requestId, phone })
    session.flash('success', i18n.t('identity.profile.flash.code_sent'))
    return response.redirect('/profile')
  }

  /** POST /profile/phone/verify {code} */
  async verify(ctx: HttpContext) {
    const { request, response, session, i18n } = ctx
    const state = session.get(LINK_PHONE_KEY) as LinkPhoneState | undefined
    const { code } = await request.validateUsing(verifyCodeValidator)
    if (!state) answer.failWith(ctx, [{ field: 'code', rule: 'code_expired' }])
    const resident = ctx.auth.use('resident').user as Resident
    const outcome = await linkPhone(resident, state.challengeId, code)
    if (outcome.status === 'linked') {
      session.forget(LINK_PHONE_KEY)
      session.flash('success', i18n.t('identity.profile.flash.phone_linked'))
      return response.redirect('/profile')
    }
    if (outcome.status !== 'wrong_code') session.forget(LINK_PHONE_KEY)
    const rule = outcome.status === 'expired' ? 'code_expired' : outcome.status
    const meta: Record<string, number> =
      outcome.status === 'wrong_code' ? { attemptsLeft: outcome.attemptsLeft } : {}
    answer.failWith(ctx, [{ field: 'code', rule, meta }])
  }
}
