import type { HttpContext } from '@adonisjs/core/http'
import type Resident from '#identity/models/resident'
import { oidcSettings } from '#identity/oidc/oidc_settings'
import {
  beginAuthorization,
  finishAuthorization,
  OidcUnavailableError,
  type PendingAuthorization,
} from '#identity/oidc/oidc_client'
import { mapOidcClaims } from '#identity/oidc/oidc_claims'
import { linkOidc, signInWithOidc, unlinkOidc } from '#identity/oidc/oidc_sign_in'
import { safeNextPath } from '#identity/safe_next'
import { CONSENT_KEY, signInPageProps, type ConsentState } from '#identity/sign_in_state'

/** The sign-in in flight: kept in the session only (never in a cookie of its own or the URL). */
const OIDC_KEY = 'identity.oidc'
const PENDING_TTL_MS = 10 * 60 * 1000
interface OidcState extends PendingAuthorization {
  mode: 'sign_in' | 'link'
  next: string
  startedAt: number
}

type Failure = 'unavailable' | 'denied' | 'expired' | 'bad_claims' | 'no_identifier'
const STATUS: Record<Failure, number> = {
  unavailable: 503,
  denied: 403,
  expired: 400,
  bad_claims: 502,
  no_identifier: 422,
}

/**
 * Residents sign in through the deployment's OpenID Connect provider, or link it on their
 * profile. Every failure is a page in the resident's language (the sign-in page with a notice, or
 * the profile with a message), never a 500; a failed callback changes nothing.
 */
export default class OidcController {
  /** GET /sign-in/oidc?next= (guests) — off to the provider. */
  async start(ctx: HttpContext) {
    const next = safeNextPath(ctx.request.qs().next)
    const url = await this.begin(ctx, 'sign_in', next)
    return url ? ctx.response.redirect(url) : this.failPage(ctx, 'unavailable', next)
  }

  /** POST /profile/oidc (signed in) — link the provider account. */
  async link(ctx: HttpContext) {
    const url = await this.begin(ctx, 'link', '/profile')
    if (url) return ctx.inertia.location(url)
    ctx.session.flash('error', ctx.i18n.t('identity.oidc.unavailable'))
    return ctx.response.redirect('/profile')
  }

  /** DELETE /profile/oidc (signed in). */
  async unlink(ctx: HttpContext) {
    if (!oidcSettings()) return ctx.response.notFound()
    const outcome = await unlinkOidc(ctx.auth.use('resident').user as Resident)
    const key = outcome.status === 'unlinked' ? 'unlinked' : 'last_identity'
    ctx.session.flash(
      outcome.status === 'unlinked' ? 'success' : 'error',
      ctx.i18n.t(`identity.oidc.${key}`)
    )
    return ctx.response.redirect('/profile')
  }

  /** GET /sign-in/oidc/callback — where the provider sends the person back. */
  async callback(ctx: HttpContext) {
    const { session, request, response, auth, i18n } = ctx
    const settings = oidcSettings()
    if (!settings) return response.notFound()
    // A state is good for one callback: a replayed or second answer finds none.
    const state = session.pull(OIDC_KEY) as OidcState | undefined
    const fresh = state && Date.now() - state.startedAt <= PENDING_TTL_MS
    const resident = (await auth.use('resident').check())
      ? (auth.use('resident').user as Resident)
      : null
    if (!state || !fresh || (state.mode === 'link') !== (resident !== null)) {
      return this.fail(ctx, state?.mode ?? 'sign_in', 'expired', state?.next ?? '/')
    }
    const result = await finishAuthorization(settings, state, request.parsedUrl.query ?? '')
    if (result.status !== 'ok') {
      const failure = result.status === 'invalid' ? 'expired' : result.status
      return this.fail(ctx, state.mode, failure, state.next)
    }
    const person = mapOidcClaims(settings.issuer.href, result.claims, settings.claims)
    if (!person) return this.fail(ctx, state.mode, 'bad_claims', state.next)

    if (resident) {
      const linked = await linkOidc(resident, person)
      if (linked.status === 'taken') return this.fail(ctx, 'link', 'taken', '/profile')
      session.flash('success', i18n.t('identity.oidc.linked'))
      return response.redirect('/profile')
    }
    const outcome = await signInWithOidc(person, { locale: i18n.locale, consentAccepted: false })
    switch (outcome.status) {
      case 'signed_in':
        await auth.use('resident').login(outcome.resident)
        return response.redirect(state.next)
      case 'consent_required': {
        const consent: ConsentState = { oidc: person, next: state.next, verifiedAt: Date.now() }
        session.put(CONSENT_KEY, consent)
        return response.redirect('/sign-in/consent')
      }
      case 'no_identifier':
        return this.fail(ctx, 'sign_in', 'no_identifier', state.next)
    }
  }

  /** Starts a sign-in or link; null when the provider is not configured or cannot be reached. */
  protected async begin(ctx: HttpContext, mode: OidcState['mode'], next: string) {
    const settings = oidcSettings()
    if (!settings) return null
    try {
      const { url, pending } = await beginAuthorization(settings)
      const state: OidcState = { ...pending, mode, next, startedAt: Date.now() }
      ctx.session.put(OIDC_KEY, state)
      return url.href
    } catch (error) {
      if (error instanceof OidcUnavailableError) return null
      throw error
    }
  }

  protected fail(
    ctx: HttpContext,
    mode: OidcState['mode'],
    failure: Failure | 'taken',
    next: string
  ) {
    if (mode === 'link') {
      ctx.session.flash('error', ctx.i18n.t(`identity.oidc.${failure}`))
      return ctx.response.redirect('/profile')
    }
    return this.failPage(ctx, failure as Failure, next)
  }

  /** The sign-in page again, with what went wrong and the right status. */
  protected failPage({ inertia, response, i18n }: HttpContext, failure: Failure, next: string) {
    response.status(STATUS[failure])
    if (failure === 'unavailable') response.header('Retry-After', '60')
    return inertia.render(
      'auth/sign_in',
      signInPageProps(next, '', i18n.t(`identity.oidc.${failure}`))
    )
  }
}
