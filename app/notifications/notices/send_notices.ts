/*
| Sending queued notices: claimed with a lease, throttled, in the resident's language.
|
| Invariants:
| - throttled over every app node: at most `perMinute` notices a minute (the `database` limiter
|   store, key `notices:send`); a claimed row the minute's allowance does not cover is released
|   untouched;
| - a crashed sender's rows stay `queued` with a lease; once it is over they are claimed again
|   (attempts count crashes too; after `attemptsMax` a row is `failed`);
| - at most once: a row is `sending` (committed) before the gateway is asked, `sent` once it
|   accepted, back to `queued` (or `failed`) when it refused; `sending` and `sent` rows are never
|   claimed again — with the primary key (resident, campaign, kind), a notice is never sent twice.
|   A sender that dies while the gateway has the text leaves its row `sending`: that one notice may
|   be lost, never doubled (migration 0203, the README says so);
| - the e-mail (when the resident gave an address) is best effort after the SMS: a mail failure
|   is logged, never retried (it would resend the SMS);
| - a resident who opted out or deleted the account since the row was queued gets nothing
|   (`skipped`); nothing about ballots is read or written here.
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import i18nManager from '@adonisjs/i18n/services/main'
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import env from '#start/env'
import notificationsConfig from '#config/notifications'
import { SmsGateway } from '#identity/sms/sms_gateway'
import { translate } from '#campaigns/translations'
import type { NoticeKind } from '#notifications/notices/queue_notices'
import { unsubscribeUrl } from '#notifications/notices/unsubscribe_token'

export const THROTTLE_KEY = 'notices:send'

interface Claimed {
  resident_id: number
  campaign_id: number
  kind: NoticeKind
  attempts: number
}

export interface SendReport {
  sent: number
  skipped: number
  failed: number
  deferred: number
}

/** The limiter of all notices (shared by every app node through the `rate_limits` table). */
export function noticeThrottle() {
  return limiter.use('database', {
    requests: notificationsConfig.notices.perMinute,
    duration: '1 minute',
  })
}

async function claim(now: Date, limit: number, leaseUntil: Date): Promise<Claimed[]> {
  const result = await db.rawQuery(
    `UPDATE resident_notices SET lease_until = ?, attempts = attempts + 1
      WHERE (resident_id, campaign_id, kind) IN (
        SELECT resident_id, campaign_id, kind FROM resident_notices
         WHERE status = 'queued' AND (lease_until IS NULL OR lease_until <= ?)
         ORDER BY campaign_id, resident_id, kind
         LIMIT ? FOR UPDATE SKIP LOCKED)
  RETURNING resident_id, campaign_id, kind, attempts`,
    [leaseUntil, now, limit]
  )
  return result.rows
}

function ofRow(row: Claimed, leaseUntil: Date) {
  return db
    .from('resident_notices')
    .where('resident_id', row.resident_id)
    .where('campaign_id', row.campaign_id)
    .where('kind', row.kind)
    .where('lease_until', leaseUntil)
}

function campaignUrl(slug: string, kind: NoticeKind): string {
  const base = (env.get('APP_URL') ?? '').replace(/\/+$/, '')
  return `${base}/campaigns/${slug}${kind === 'results_published' ? '/results' : ''}`
}

interface Recipient {
  phone_e164: string
  locale: string | null
  notices_email: string | null
}

async function deliver(row: Claimed, resident: Recipient): Promise<void> {
  const campaign = await db
    .from('campaigns')
    .where('id', row.campaign_id)
    .select('slug', 'title')
    .first()
  const i18n = i18nManager.locale(resident.locale ?? i18nManager.defaultLocale)
  const values = {
    campaign: translate(campaign.title, i18n.locale),
    url: campaignUrl(campaign.slug, row.kind),
    unsubscribe: unsubscribeUrl(row.resident_id),
  }
  const gateway = await app.container.make(SmsGateway)
  await gateway.send(resident.phone_e164, i18n.t(`notifications.sms.${row.kind}`, values))
  if (!resident.notices_email) return
  try {
    await mail.send((message) => {
      message
        .to(resident.notices_email!)
        .subject(i18n.t(`notifications.mail.${row.kind}_subject`, values))
        .text(i18n.t(`notifications.mail.${row.kind}_text`, values))
        .header('List-Unsubscribe', `<${values.unsubscribe}>`)
    })
  } catch (error) {
    logger.warn({ err: error, kind: row.kind }, 'notices: e-mail not sent')
  }
}

/** One sender pass: claims what this minute's allowance covers and sends it. */
export async function sendDueNotices(now: Date = new Date()): Promise<SendReport> {
  const { leaseMs, retryAfterMs, attemptsMax } = notificationsConfig.notices
  const report: SendReport = { sent: 0, skipped: 0, failed: 0, deferred: 0 }
  const allowance = await noticeThrottle().remaining(THROTTLE_KEY)
  if (allowance <= 0) return report
  const leaseUntil = new Date(now.getTime() + leaseMs)
  for (const row of await claim(now, allowance, leaseUntil)) {
    try {
      await noticeThrottle().consume(THROTTLE_KEY)
    } catch (error) {
      if (!(error instanceof limiterErrors.E_TOO_MANY_REQUESTS)) throw error
      // Another node spent the allowance first: hand the row back as it was.
      await ofRow(row, leaseUntil).update({ lease_until: null, attempts: row.attempts - 1 })
      report.deferred++
      continue
    }
    const resident: (Recipient & { notices_opt_in: boolean }) | null = await db
      .from('residents')
      .where('id', row.resident_id)
      .whereNull('deleted_at')
      .select('phone_e164', 'locale', 'notices_email', 'notices_opt_in')
      .first()
    if (!resident?.notices_opt_in) {
      await ofRow(row, leaseUntil).update({ status: 'skipped', lease_until: null })
      report.skipped++
      continue
    }
    // Our lease may have run out meanwhile (another sender has the row then): nothing to send.
    const marked = await ofRow(row, leaseUntil)
      .where('status', 'queued')
      .update({ status: 'sending' })
      .returning('kind')
    if (marked.length === 0) continue
    try {
      await deliver(row, resident)
      await ofRow(row, leaseUntil).update({ status: 'sent', lease_until: null })
      report.sent++
    } catch (error) {
      logger.warn({ err: error, kind: row.kind }, 'notices: SMS not sent')
      const giveUp = row.attempts >= attemptsMax
      await ofRow(row, leaseUntil).update(
        giveUp
          ? { status: 'failed', lease_until: null }
          : { status: 'queued', lease_until: new Date(now.getTime() + retryAfterMs) }
      )
      report.failed++
    }
  }
  return report
}
