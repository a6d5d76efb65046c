import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import { inject } from '@adonisjs/core'
import logger from '@adonisjs/core/services/logger'
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import type { I18n } from '@adonisjs/i18n'
import env from '#start/env'
import identityConfig from '#config/identity'
import SmsChallenge from '#identity/models/sms_challenge'
import { SmsGateway } from '#identity/sms/sms_gateway'
import { generateCode, hashCode } from '#identity/sms_code'
import { rateLimitKey } from '#shared/rate_limit_keys'

export type RequestSmsCodeOutcome =
  | { status: 'sent'; requestId: string; expiresInSeconds: number; resendAfterSeconds: number }
  | { status: 'resend_too_early'; retryAfterSeconds: number }
  | { status: 'rate_limited'; retryAfterSeconds: number }
  | { status: 'budget_spent'; retryAfterSeconds: number }
  | { status: 'sms_unavailable' }

/*
| Invariants:
| - The answer never depends on whether the number belongs to a resident
|   (residents are not even looked up here): no enumeration.
| - Only a code that reached the gateway has a usable challenge. A newer code does not void the
|   older ones (they expire, or are voided when one of them signs in): someone else asking for the
|   same number must not void the code its owner is typing.
| - Every code sent counts against the site's hourly budget, the per-IP limit and the per-number
|   limits, which count per requester (IP + number): requests from elsewhere can spend their own
|   allowance and the budget, never the owner's (docs/threat-model.md "Sign-in limits").
| - A refused request sends nothing and spends no budget.
*/
@inject()
export default class RequestSmsCode {
  constructor(protected gateway: SmsGateway) {}

  protected limiters() {
    const { limits, codes } = identityConfig
    return {
      resend: limiter.use('database', {
        requests: 1,
        duration: `${codes.resendAfterSeconds} seconds`,
      }),
      ip: limiter.use('database', { ...limits.perIpHour }),
      phoneHour: limiter.use('database', { ...limits.perPhoneHour }),
      phoneDay: limiter.use('database', { ...limits.perPhoneDay }),
      budget: limiter.use('database', { requests: limits.smsHourlyBudget, duration: '1 hour' }),
    }
  }

  /**
   * Limiter keys. The per-number ones are per requester: see the invariants above. Keyed hashes
   * (`#shared/rate_limit_keys`): the rows name no number and no IP.
   */
  protected keys(phone: string, ip: string) {
    return {
      resend: rateLimitKey('sms:resend', ip, phone),
      ip: rateLimitKey('sms:ip', ip),
      phoneHour: rateLimitKey('sms:phone-hour', ip, phone),
      phoneDay: rateLimitKey('sms:phone-day', ip, phone),
      budget: 'sms:budget',
    }
  }

  protected static readonly BUDGET_WAIT_FLOOR_SECONDS = 60

  protected budgetSpent(availableIn: number): RequestSmsCodeOutcome {
    return {
      status: 'budget_spent',
      retryAfterSeconds: Math.max(RequestSmsCode.BUDGET_WAIT_FLOOR_SECONDS, availableIn),
    }
  }

  /** The SMS text, in the resident's language, WebOTP-ready when the site's host is known. */
  protected text(i18n: I18n, code: string): string {
    const minutes = Math.round(identityConfig.codes.ttlSeconds / 60)
    const text = i18n.t('identity.sms.code_text', { code, minutes })
    const appUrl = env.get('APP_URL')
    if (!appUrl) return text
    try {
      return `${text}\n\n@${new URL(appUrl).host} #${code}`
    } catch {
      return text
    }
  }

  /** `replaces`: the requester's own earlier challenge (the page's "send a new code"), voided once the new code is out. */
  async handle(input: {
    phone: string
    ip: string
    i18n: I18n
    replaces?: string
  }): Promise<RequestSmsCodeOutcome> {
    const { codes } = identityConfig
    const now = DateTime.now()

    const limiters = this.limiters()
    const keys = this.keys(input.phone, input.ip)
    // The budget is looked at first so that a refusal costs the requester nothing.
    if ((await limiters.budget.remaining(keys.budget)) <= 0) {
      return this.budgetSpent(await limiters.budget.availableIn(keys.budget))
    }
    try {
      await limiters.resend.consume(keys.resend)
    } catch (error) {
      if (!(error instanceof limiterErrors.E_TOO_MANY_REQUESTS)) throw error
      return {
        status: 'resend_too_early',
        retryAfterSeconds: Math.max(1, error.response.availableIn),
      }
    }
    try {
      await limiters.ip.consume(keys.ip)
      await limiters.phoneHour.consume(keys.phoneHour)
      await limiters.phoneDay.consume(keys.phoneDay)
    } catch (error) {
      if (!(error instanceof limiterErrors.E_TOO_MANY_REQUESTS)) throw error
      return { status: 'rate_limited', retryAfterSeconds: Math.max(1, error.response.availableIn) }
    }
    try {
      await limiters.budget.consume(keys.budget)
    } catch (error) {
      if (!(error instanceof limiterErrors.E_TOO_MANY_REQUESTS)) throw error
      return this.budgetSpent(error.response.availableIn)
    }

    const id = randomUUID()
    const code = generateCode(codes.digits)
    try {
      await this.gateway.send(input.phone, this.text(input.i18n, code))
    } catch (error) {
      logger.warn({ err: error }, 'SMS gateway failed; no challenge created')
      // Nothing reached the resident: give the number its attempts and the site its budget back.
      await limiters.phoneHour.decrement(keys.phoneHour)
      await limiters.phoneDay.decrement(keys.phoneDay)
      await limiters.budget.decrement(keys.budget)
      await limiters.resend.delete(keys.resend)
      return { status: 'sms_unavailable' }
    }

    await SmsChallenge.create({
      id,
      phoneE164: input.phone,
      codeHash: hashCode(id, code),
      attempts: 0,
      expiresAt: now.plus({ seconds: codes.ttlSeconds }),
      resendAfter: now.plus({ seconds: codes.resendAfterSeconds }),
      consumedAt: null,
    })
    if (input.replaces) {
      await SmsChallenge.query()
        .where('id', input.replaces)
        .where('phoneE164', input.phone)
        .whereNull('consumedAt')
        .update({ consumedAt: now.toSQL() })
    }

    return {
      status: 'sent',
      requestId: id,
      expiresInSeconds: codes.ttlSeconds,
      resendAfterSeconds: codes.resendAfterSeconds,
    }
  }
}
