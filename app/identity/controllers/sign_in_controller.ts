import { DateTime } from 'luxon'
import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import identityConfig from '#config/identity'
import SmsChallenge from '#identity/models/sms_challenge'
import RequestSmsCode, { type RequestSmsCodeOutcome } from '#identity/services/request_sms_code'
import VerifySmsCode from '#identity/services/verify_sms_code'
import AcceptConsent from '#identity/services/accept_consent'
import { requestCodeValidator } from '#identity/validators/request_code_validator'
import { verifyCodeValidator } from '#identity/validators/verify_code_validator'
import { consentValidator } from '#identity/validators/consent_validator'
import { safeNextPath } from '#identity/safe_next'
import { waitText } from '#identity/wait_text'
import { maskPhone } from '#identity/phone'
import { signInWithOidc } from '#identity/oidc/oidc_sign_in'
import { CONSENT_KEY, signInPageProps, type ConsentState } from '#identity/sign_in_state'
import { consentNotice } from '#identity/legal_texts'
import { setNoticePreferences } from '#identity/profile/notice_preferences'

/** Session state between the steps of a page sign-in. */
const SIGN_IN_KEY = 'identity.signIn'
interface SignInState {
  challengeId: string
  phone: string
  next: string
}

/**
 * Resident sign-in pages: phone → SMS code → (first time or new notice) consent.
 * The same answers for known and unknown numbers at every step before the code.
 */
export default class SignInController {
  /** GET /sign-in — starting again forgets any half-finished sign-in. */
  async show({ inertia, request, session }: HttpContext) {
    session.forget(SIGN_IN_KEY)
    session.forget(CONSENT_KEY)
    return inertia.render('auth/sign_in', signInPageProps(safeNextPath(request.qs().next)))
  }

  /** Maps a failed send to a page with the right status (429 + Retry-After, 503 (+ Retry-After)). */
  protected renderFailure(
    { inertia, response, i18n }: HttpContext,
    outcome: Exclude<RequestSmsCodeOutcome, { status: 'sent' }>,
    page: string,
    props: Record<string, unknown>
  ) {
    if (outcome.status === 'sms_unavailable') {
      response.status(503)
      response.header('Retry-After', '30')
      return inertia.render(page, { ...props, notice: i18n.t('identity.sign_in.sms_unavailable') })
    }
    const wait = waitText(i18n, outcome.retryAfterSeconds)
    if (outcome.status === 'budget_spent') {
      response.status(503)
      response.header('Retry-After', String(outcome.retryAfterSeconds))
      return inertia.render(page, {
        ...props,
        notice: i18n.t('identity.sign_in.sms_budget_spent', { wait }),
      })
    }
    response.status(429)
    response.header('Retry-After', String(outcome.retryAfterSeconds))
    const key =
      outcome.status === 'resend_too_early'
        ? 'identity.sign_in.resend_too_early'
        : 'identity.sign_in.rate_limited'
    return inertia.render(page, { ...props, notice: i18n.t(key, { wait }) })
  }

  /** POST /sign-in {phone, next} */
  @inject()
  async requestCode(ctx: HttpContext, requestSmsCode: RequestSmsCode) {
    const { request, response, session, i18n } = ctx
    const { phone, next } = await request.validateUsing(requestCodeValidator)
    const safeNext = safeNextPath(next)
    const outcome = await requestSmsCode.handle({ phone, ip: request.ip(), i18n })
    if (outcome.status !== 'sent') {
      return this.renderFailure(ctx, outcome, 'auth/sign_in', signInPageProps(safeNext, phone))
    }
    session.put(SIGN_IN_KEY, { challengeId: outcome.requestId, phone, next: safeNext })
    return response.redirect('/sign-in/code')
  }

  /** The code page's props: masked number and the live challenge's clocks. */
  protected async codePageProps(state: SignInState) {
    const challenge = await SmsChallenge.find(state.challengeId)
    const now = DateTime.now()
    const secondsUntil = (at: DateTime | undefined) =>
      at ? Math.max(0, Math.ceil(at.diff(now).as('seconds'))) : 0
    return {
      phone: maskPhone(state.phone),
      resendAfterSeconds: secondsUntil(challenge?.resendAfter),
      expiresInSeconds: challenge?.consumedAt ? 0 : secondsUntil(challenge?.expiresAt),
      notice: null as string | null,
    }
  }

  /** GET /sign-in/code */
  async showCode({ inertia, response, session }: HttpContext) {
    const state = session.get(SIGN_IN_KEY) as SignInState | undefined
    if (!state) return response.redirect('/sign-in')
    return inertia.render('auth/code', await this.codePageProps(state))
  }

  /** POST /sign-in/code {code} */
  @inject()
  async verifyCode(ctx: HttpContext, verifySmsCode: VerifySmsCode) {
    const { request, response, session, auth, i18n } = ctx
    const state = session.get(SIGN_IN_KEY) as SignInState | undefined
    if (!state) return response.redirect('/sign-in')
    const { code } = await request.validateUsing(verifyCodeValidator)
    const outcome = await verifySmsCode.handle({
      challengeId: state.challengeId,
      code,
      locale: i18n.locale,
      consentAccepted: false,
      onMissingConsent: 'consume',
    })
    switch (outcome.status) {
      case 'signed_in':
        session.forget(SIGN_IN_KEY)
        await auth.use('resident').login(outcome.resident)
        return response.redirect(state.next)
      case 'consent_required':
        session.forget(SIGN_IN_KEY)
        session.put(CONSENT_KEY, { phone: outcome.phone, next: state.next, verifiedAt: Date.now() })
        return response.redirect('/sign-in/consent')
      case 'wrong_code':
        session.flashErrors({
          code: i18n.t('identity.sign_in.wrong_code', { attemptsLeft: outcome.attemptsLeft }),
        })
        return response.redirect('/sign-in/code')
      case 'expired':
        session.flashErrors({ code: i18n.t('identity.sign_in.code_expired') })
        return response.redirect('/sign-in/code')
      case 'too_many_attempts':
        session.flashErrors({ code: i18n.t('identity.sign_in.too_many_attempts') })
        return response.redirect('/sign-in/code')
    }
  }

  /** POST /sign-in/code/resend — a new code to the same number. */
  @inject()
  async resend(ctx: HttpContext, requestSmsCode: RequestSmsCode) {
    const { request, response, session, i18n } = ctx
    const state = session.get(SIGN_IN_KEY) as SignInState | undefined
    if (!state) return response.redirect('/sign-in')
    const outcome = await requestSmsCode.handle({
      phone: state.phone,
      ip: request.ip(),
      i18n,
      replaces: state.challengeId,
    })
    if (outcome.status !== 'sent') {
      return this.renderFailure(ctx, outcome, 'auth/code', await this.codePageProps(state))
    }
    session.put(SIGN_IN_KEY, { ...state, challengeId: outcome.requestId })
    session.flash('success', i18n.t('identity.sign_in.code_resent'))
    return response.redirect('/sign-in/code')
  }

  protected consentState(session: HttpContext['session']): ConsentState | null {
    const state = session.get(CONSENT_KEY) as ConsentState | undefined
    if (!state) return null
    if (Date.now() - state.verifiedAt > identityConfig.consentStepTtlSeconds * 1000) {
      session.forget(CONSENT_KEY)
      return null
    }
    return state
  }

  /** GET /sign-in/consent — the personal-data notice, before the sign-in completes. */
  async showConsent({ inertia, response, session, i18n }: HttpContext) {
    const state = this.consentState(session)
    if (!state) return response.redirect('/sign-in')
    return inertia.render('auth/consent', {
      version: identityConfig.consentVersion,
      sections: consentNotice(i18n),
    })
  }

  /** POST /sign-in/consent {accept} */
  @inject()
  async acceptConsent(ctx: HttpContext, acceptConsent: AcceptConsent) {
    const { request, response, session, auth, i18n } = ctx
    const state = this.consentState(session)
    if (!state) {
      session.flash('error', i18n.t('identity.sign_in.consent_step_expired'))
      return response.redirect('/sign-in')
    }
    const choices = await request.validateUsing(consentValidator)
    const outcome = state.oidc
      ? await signInWithOidc(state.oidc, { locale: i18n.locale, consentAccepted: true })
      : await acceptConsent.handle({ phone: state.phone!, locale: i18n.locale })
    session.forget(CONSENT_KEY)
    // Only a provider's person can fail here (its account needs a phone or an ID hash): the
    // callback checked that before asking, so this is a race with another sign-in.
    if (outcome.status !== 'signed_in') return response.redirect('/sign-in')
    // The step's optional opt-in; an unticked box leaves an earlier choice alone.
    if (choices.notices) await setNoticePreferences(outcome.resident, choices)
    await auth.use('resident').login(outcome.resident)
    return response.redirect(state.next)
  }

  /**
   * POST /sign-out. `Clear-Site-Data: "storage"` makes the browser drop this site's IndexedDB and
   * local storage (a vote in progress or a receipt on a shared device; Chromium, Firefox and
   * Safari honour it on HTTPS and localhost); the sign-out button also clears the vote store itself.
   */
  async signOut({ auth, response, session, i18n }: HttpContext) {
    await auth.use('resident').logout()
    response.header('Clear-Site-Data', '"storage"')
    session.flash('success', i18n.t('identity.sign_in.signed_out'))
    return response.redirect('/')
  }
}
