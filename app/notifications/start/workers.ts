/*
| The web server's senders: webhook deliveries and notices to residents (never in tests or ace
| commands; tests call the passes directly). In production with MAIL_MAILER=log (the default), a
| warning at boot: e-mail notices are only written to the log.
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import env from '#start/env'
import { every } from '#shared/interval_job'
import notificationsConfig from '#config/notifications'
import { deliverDueWebhooks } from '#notifications/webhooks/deliver'
import { sendDueNotices } from '#notifications/notices/send_notices'

every(notificationsConfig.webhooks.intervalMs, 'webhook deliveries', () => deliverDueWebhooks(), {
  firstAfterMs: 1_000,
})
every(notificationsConfig.notices.intervalMs, 'resident notices', () => sendDueNotices(), {
  firstAfterMs: 2_000,
})

if (app.inProduction && (env.get('MAIL_MAILER') ?? 'log') === 'log') {
  logger.warn(
    'MAIL_MAILER=log in production: e-mail notices are only written to the log, never sent'
  )
}
