import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import { inject } from '@adonisjs/core'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import type { I18n } from '@adonisjs/i18n'
import env from '#start/env'
import identityConfig from '#config/identity'
import SmsChallenge from '#identity/models/sms_challenge'
import { SmsGateway } from '#identity/sms/sms_gateway'
import { generateCode, hashCode } from '#identity/sms_code'

export type RequestSmsCodeOutcome =
  | { status: 'sent'; requestId: string; expiresInSeconds: number; resendAfterSeconds: number }
  | { status: 'resend_too_early'; retryAfterSeconds: number }
  | { status: 'rate_limited'; retryAfterSeconds: number }
  | { status: 'sms_unavailable' }

/*
| Invariants:
| - The answer never depends on whether the number belongs to a resident
|   (residents are not even looked up here): no enumeration.
| - Only a code that reached the gateway has a usable challenge; a newer code
|   supersedes the older ones of the number.
| - Every code sent counts against the per-IP and per-number limits.
*/
@inject()
export default class RequestSmsCode {
  /** Challenges are deleted a day after they were created (privacy notice: "within a day"). */
  static pruneAfterHours = 24
  static pruneEveryMs = 10 * 60 * 1000
  static lastPrunedAt = 0

  constructor(protected gateway: SmsGateway) {}

  /** Opportunistic clean-up, at most every ten minutes per process. */
  protected async pruneOldChallenges(now: DateTime) {
    const self = RequestSmsCode
    if (Date.now() - self.lastPrunedAt < self.pruneEveryMs) return
    self.lastPrunedAt = Date.now()
    await SmsChallenge.query()
      .where('createdAt', '<', now.minus({ hours: self.pruneAfterHours }).toSQL()!)
      .delete()
  }

  protected limiters() {
    const { limits } = identityConfig
    return {
      ip: limiter.use('database', { ...limits.perIpHour }),
      phoneHour: limiter.use('database', { ...limits.perPhoneHour }),
      phoneDay: limiter.use('database', { ...limits.perPhoneDay }),
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

  async handle(input: { phone: string; ip: string; i18n: I18n }): Promise<RequestSmsCodeOutcome> {
    const { codes } = identityConfig
    const now = DateTime.now()

    const live = await SmsChallenge.query()
      .where('phoneE164', input.phone)
      .whereNull('consumedAt')
      .where('expiresAt', '>', now.toSQL())
      .orderBy('createdAt', 'desc')
      .first()
    if (live && live.resendAfter > now) {
      return {
        status: 'resend_too_early',
        retryAfterSeconds: Math.max(1, Math.ceil(live.resendAfter.diff(now).as('seconds'))),
      }
    }

    const limiters = this.limiters()
    try {
      await limiters.ip.consume(`sms:ip:${input.ip}`)
      await limiters.phoneHour.consume(`sms:phone-hour:${input.phone}`)
      await limiters.phoneDay.consume(`sms:phone-day:${input.phone}`)
    } catch (error) {
      if (error instanceof limiterErrors.E_TOO_MANY_REQUESTS) {
        return {
          status: 'rate_limited',
          retryAfterSeconds: Math.max(1, error.response.availableIn),
        }
      }
      throw error
    }

    const id = randomUUID()
    const code = generateCode(codes.digits)
    try {
      await this.gateway.send(input.phone, this.text(input.i18n, code))
    } catch (error) {
      logger.warn({ err: error }, 'SMS gateway failed; no challenge created')
      // Nothing reached the resident: give the number its attempts back.
      await limiters.phoneHour.decrement(`sms:phone-hour:${input.phone}`)
      await limiters.phoneDay.decrement(`sms:phone-day:${input.phone}`)
      return { status: 'sms_unavailable' }
    }

    await db.transaction(async (trx) => {
      await SmsChallenge.query({ client: trx })
        .where('phoneE164', input.phone)
        .whereNull('consumedAt')
        .update({ consumedAt: now.toSQL() })
      await SmsChallenge.create(
        {
          id,
          phoneE164: input.phone,
          codeHash: hashCode(id, code),
          attempts: 0,
          expiresAt: now.plus({ seconds: codes.ttlSeconds }),
          resendAfter: now.plus({ seconds: codes.resendAfterSeconds }),
          consumedAt: null,
        },
        { client: trx }
      )
    })

    await this.pruneOldChallenges(now)
    return {
      status: 'sent',
      requestId: id,
      expiresInSeconds: codes.ttlSeconds,
      resendAfterSeconds: codes.resendAfterSeconds,
    }
  }
}
