import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import { errors as vineErrors } from '@vinejs/vine'
import { errors as limiterErrors } from '@adonisjs/limiter'
import type Resident from '#identity/models/resident'
import { rowId } from '#shared/row_id'
import votingConfig from '#config/voting'
import issueCredential, {
  type CredentialPerson,
  type IssueCredentialResult,
} from '#voting/actions/issue_credential'
import {
  residentCredentialValidator,
  terminalCredentialValidator,
} from '#voting/validators/credential_validators'
import { findActiveTerminal, terminalTokenFrom } from '#voting/terminal_tokens'
import { residentCredentialLimits } from '#voting/credential_limits'
import { rateLimitKey } from '#shared/rate_limit_keys'
import { normalizedPerson, type IdentifierKind } from '#voting/person_ref'
import { ageOn, residentOidcIdentity } from '#identity/oidc/oidc_links'

type LimitCheck = ['perTerminal', string]
type Details = Record<string, unknown> | unknown[]
type ErrorBody = { error: string; message: string; details?: Details }

/**
 * Credential issuance (protocol.md): residents by bearer token (API) or session (voting page,
 * CSRF-protected), terminals by `Authorization: Terminal <token>`. Answers are always JSON
 * `{blindSignature}` or `{error, message, details?}`, on the page route too.
 */
export default class CredentialsController {
  /** POST /api/v1/campaigns/:id/credential (apiAuth). */
  async apiStore(ctx: HttpContext) {
    return this.residentStore(ctx, ctx.auth.use('api').getUserOrFail() as Resident)
  }

  /** POST /campaigns/:id/credential (residentAuth + CSRF): the voting page. */
  async pageStore(ctx: HttpContext) {
    return this.residentStore(ctx, ctx.auth.use('resident').getUserOrFail() as Resident)
  }

  /** POST /api/v1/terminal/campaigns/:id/credential. */
  async terminalStore(ctx: HttpContext) {
    // A bank's server sends all its customers from one IP: authenticated terminals are limited
    // per terminal; an IP is limited only in the wrong tokens it tries.
    const failures = limiter.use('database', {
      ...votingConfig.credential.limits.terminalAuthFailuresPerIp,
    })
    const failuresKey = rateLimitKey('credential:terminal-auth-failures', ctx.request.ip())
    const failuresSoFar = await failures.get(failuresKey)
    if (failuresSoFar && failuresSoFar.remaining <= 0) {
      this.tooManyRequests(ctx, failuresSoFar.availableIn)
      return
    }
    const token = terminalTokenFrom(ctx.request.header('authorization'))
    const terminal = token ? await findActiveTerminal(token) : null
    if (!terminal) {
      await failures.increment(failuresKey)
      return this.error(ctx, 401, 'unauthorized', 'A valid terminal token is required', undefined, {
        'WWW-Authenticate': 'Terminal',
      })
    }
    if (await this.limited(ctx, [['perTerminal', `credential:terminal:${terminal.id}`]])) return
    const campaignId = rowId(ctx.params.id)
    if (campaignId === null) return this.notFound(ctx)
    const input = await this.validate(ctx, () =>
      ctx.request.validateUsing(terminalCredentialValidator)
    )
    if (!input) return
    const identified = normalizedPerson({ phone: input.phone, idHash: input.idHash })
    if (!identified.ok || (!identified.person.phoneE164 && !identified.person.idHash)) {
      return this.personInvalid(ctx, identified.ok ? null : identified.invalid)
    }
    const result = await issueCredential({
      campaignId,
      person: { channel: 'terminal', terminal, identifiers: identified.person },
      blinded: input.blinded,
    })
    return this.answer(ctx, result)
  }

  private async residentStore(ctx: HttpContext, resident: Resident) {
    const limits = await residentCredentialLimits(resident.id, ctx.request.ip())
    if (!limits.allowed) return this.tooManyRequests(ctx, limits.retryAfterSeconds)
    const campaignId = rowId(ctx.params.id)
    if (campaignId === null) return this.notFound(ctx)
    const input = await this.validate(ctx, () =>
      ctx.request.validateUsing(residentCredentialValidator)
    )
    if (!input) return
    // A birth date the resident's identity provider vouches for beats a declared age.
    const vouched = await residentOidcIdentity(resident.id)
    const age = vouched?.birthDate ? ageOn(vouched.birthDate) : (input.age ?? null)
    const person: CredentialPerson = { channel: 'online', resident, age, oidc: vouched }
    const result = await issueCredential({ campaignId, person, blinded: input.blinded })
    return this.answer(ctx, result)
  }

  private answer(ctx: HttpContext, result: IssueCredentialResult) {
    const t = (key: string, fallback: string) => ctx.i18n?.t(key, {}, fallback) ?? fallback
    switch (result.outcome) {
      case 'issued':
      case 'same_answer':
        return ctx.response.status(200).send({ blindSignature: result.blindSignature })
      case 'already_issued':
        return this.error(
          ctx,
          409,
          'credential_already_issued',
          t(
            'voting.errors.credential_already_issued',
            'A credential was already issued to you for this campaign'
          )
        )
      case 'not_voting':
        return this.error(
          ctx,
          409,
          'voting_closed',
          t('voting.errors.voting_closed', 'Voting is not open in this campaign'),
          { stage: result.stage }
        )
      case 'not_eligible':
        return this.error(
          ctx,
          403,
          'not_eligible',
          t('voting.errors.not_eligible', 'You may not vote in this campaign'),
          { reason: result.reason }
        )
      case 'invalid_point':
        return this.error(
          ctx,
          422,
          'invalid_blinded',
          t('voting.errors.invalid_blinded', 'The blinded point is not a valid G2 point'),
          { code: result.code }
        )
      case 'not_found':
        return this.notFound(ctx)
    }
  }

  private notFound(ctx: HttpContext) {
    return this.error(
      ctx,
      404,
      'not_found',
      ctx.i18n?.t('errors.not_found', {}, 'Not found') ?? 'Not found'
    )
  }

  private error(
    ctx: HttpContext,
    status: number,
    error: string,
    message: string,
    details?: Details,
    headers: Record<string, string> = {}
  ) {
    for (const [name, value] of Object.entries(headers)) ctx.response.header(name, value)
    const body: ErrorBody = details === undefined ? { error, message } : { error, message, details }
    return ctx.response.status(status).send(body)
  }

  /**
   * Consumes one point of each limiter; when one is exhausted, answers 429 with Retry-After and
   * returns true (the caller then stops).
   */
  private async limited(ctx: HttpContext, checks: LimitCheck[]): Promise<boolean> {
    for (const [name, key] of checks) {
      const config = votingConfig.credential.limits[name]
      try {
        await limiter.use('database', { ...config }).consume(key)
      } catch (error) {
        if (error instanceof limiterErrors.E_TOO_MANY_REQUESTS) {
          this.tooManyRequests(ctx, error.response.availableIn)
          return true
        }
        throw error
      }
    }
    return false
  }

  private tooManyRequests(ctx: HttpContext, availableInSeconds: number) {
    const retryAfterSeconds = Math.max(1, availableInSeconds)
    this.error(
      ctx,
      429,
      'rate_limited',
      ctx.i18n?.t('errors.too_many_requests', {}, 'Too many requests, try again later') ??
        'Too many requests, try again later',
      { retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) }
    )
  }

  /** 422 `validation_failed` for a terminal's person: no identifier, or one that is not valid. */
  private personInvalid(ctx: HttpContext, invalid: IdentifierKind | null) {
    const t = (key: string, fallback: string) => ctx.i18n?.t(key, {}, fallback) ?? fallback
    const field = invalid === 'phone' ? 'phone' : 'idHash'
    const rule = invalid === null ? 'person_required' : invalid === 'phone' ? 'phone' : 'id_hash'
    const message = t(`voting.errors.person.${rule}`, 'The person is not identified')
    return this.error(
      ctx,
      422,
      'validation_failed',
      t('errors.validation_failed', 'The request has invalid fields'),
      [{ field, rule, message }]
    )
  }

  /** Validation errors as protocol.md JSON on the page route too (not a redirect back). */
  private async validate<T>(ctx: HttpContext, run: () => Promise<T>): Promise<T | null> {
    try {
      return await run()
    } catch (error) {
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
      this.error(
        ctx,
        422,
        'validation_failed',
        ctx.i18n?.t('errors.validation_failed', {}, 'The request has invalid fields') ??
          'The request has invalid fields',
        error.messages as unknown[]
      )
      return null
    }
  }
}
