import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import identityConfig from '#config/identity'
import Resident from '#identity/models/resident'
import RequestSmsCode from '#identity/services/request_sms_code'
import VerifySmsCode from '#identity/services/verify_sms_code'
import { requestCodeValidator } from '#identity/validators/request_code_validator'
import { apiVerifyCodeValidator } from '#identity/validators/verify_code_validator'
import { ApiError } from '#shared/api_error'
import { maskPhone } from '#identity/phone'
import { waitText } from '#identity/wait_text'
import { ceilHour } from '#identity/sign_in_order'

/** Resident sign-in on the JSON API (protocol.md, `/api/v1/auth/*`) and the bearer's own profile. */
export default class ApiAuthController {
  /**
   * POST /api/v1/auth/sms {phone}
   * → 202 {requestId, expiresInSeconds, resendAfterSeconds}, identical for known and new numbers;
   * 422 validation_failed (details: field messages); 429 rate_limited | resend_too_early with
   * Retry-After and details.retryAfterSeconds; 503 sms_budget_spent (the site's hourly SMS budget
   * is used up; Retry-After and details.retryAfterSeconds); 503 sms_unavailable (nothing was sent,
   * no code is usable; Retry-After: 30). 403/415 before any of this (api_json_only_middleware).
   */
  @inject()
  async requestCode({ request, response, i18n }: HttpContext, requestSmsCode: RequestSmsCode) {
    const { phone } = await request.validateUsing(requestCodeValidator)
    const outcome = await requestSmsCode.handle({ phone, ip: request.ip(), i18n })
    switch (outcome.status) {
      case 'sent':
        return response.status(202).send({
          requestId: outcome.requestId,
          expiresInSeconds: outcome.expiresInSeconds,
          resendAfterSeconds: outcome.resendAfterSeconds,
        })
      case 'rate_limited':
      case 'resend_too_early': {
        const seconds = outcome.retryAfterSeconds
        const key =
          outcome.status === 'rate_limited'
            ? 'identity.sign_in.rate_limited'
            : 'identity.sign_in.resend_too_early'
        throw new ApiError(
          429,
          outcome.status,
          i18n.t(key, { wait: waitText(i18n, seconds) }),
          { retryAfterSeconds: seconds },
          { 'Retry-After': String(seconds) }
        )
      }
      case 'budget_spent': {
        const seconds = outcome.retryAfterSeconds
        throw new ApiError(
          503,
          'sms_budget_spent',
          i18n.t('identity.sign_in.sms_budget_spent', { wait: waitText(i18n, seconds) }),
          { retryAfterSeconds: seconds },
          { 'Retry-After': String(seconds) }
        )
      }
      case 'sms_unavailable':
        throw new ApiError(
          503,
          'sms_unavailable',
          i18n.t('identity.sign_in.sms_unavailable'),
          undefined,
          { 'Retry-After': '30' }
        )
    }
  }

  /**
   * POST /api/v1/auth/sms/verify {requestId, code, acceptConsent?, consentVersion?}
   * → 200 {token, expiresAt} (a bearer token of the `api` guard).
   *
   * Consent: a resident must have accepted the current personal-data notice
   * (CONSENT_VERSION, text at /privacy) before sign-in completes. API clients (apps,
   * kiosks, scripts written from protocol.md) present the notice themselves: protocol.md's
   * plain `{requestId, code}` counts as acceptance of the current notice. A client that
   * lets the resident decline sends `acceptConsent: false` → 422 {error: "consent_required",
   * details: {consentVersion, privacyUrl}} with the code still usable (no attempt counted);
   * a `consentVersion` other than the current one is refused the same way.
   * The consent is then recorded (consent_records, residents.consent_version/consent_at).
   *
   * Errors: 422 invalid_code {details: {attemptsLeft}}; 410 code_expired (expired, used, voided
   * because another code of the number signed in, or unknown requestId); 410 too_many_attempts (5 wrong codes);
   * 422 validation_failed (malformed fields).
   */
  @inject()
  async verify({ request, response, i18n }: HttpContext, verifySmsCode: VerifySmsCode) {
    const input = await request.validateUsing(apiVerifyCodeValidator)
    const { consentVersion } = identityConfig
    const consentAccepted =
      input.acceptConsent !== false &&
      (input.consentVersion === undefined || input.consentVersion === consentVersion)
    const outcome = await verifySmsCode.handle({
      challengeId: input.requestId,
      code: input.code,
      locale: i18n.locale,
      consentAccepted,
      onMissingConsent: 'keep',
    })
    switch (outcome.status) {
      case 'signed_in': {
        const token = await Resident.accessTokens.create(outcome.resident, ['*'], {
          name: 'sms',
          expiresIn: identityConfig.apiTokenTtl,
        })
        return response.status(200).send({
          token: token.value!.release(),
          // Stored rounded up to the full hour (migration 0170): the token lives until then.
          expiresAt: token.expiresAt ? ceilHour(token.expiresAt).toISOString() : null,
        })
      }
      case 'consent_required':
        throw new ApiError(422, 'consent_required', i18n.t('identity.api.consent_required'), {
          consentVersion: outcome.consentVersion,
          privacyUrl: '/privacy',
        })
      case 'wrong_code':
        throw new ApiError(
          422,
          'invalid_code',
          i18n.t('identity.sign_in.wrong_code', { attemptsLeft: outcome.attemptsLeft }),
          { attemptsLeft: outcome.attemptsLeft }
        )
      case 'expired':
        throw new ApiError(410, 'code_expired', i18n.t('identity.sign_in.code_expired'))
      case 'too_many_attempts':
        throw new ApiError(410, 'too_many_attempts', i18n.t('identity.sign_in.too_many_attempts'))
    }
  }

  /** GET /api/v1/me (bearer) → {id, phone (masked), consentVersion} */
  async me({ auth }: HttpContext) {
    const resident = auth.use('api').getUserOrFail()
    return {
      id: resident.id,
      phone: resident.phoneE164 ? maskPhone(resident.phoneE164) : null,
      consentVersion: resident.consentVersion,
    }
  }
}
